#!/bin/sh
# red team 13: `spin init` into a dangling symbolic link exits 70 with our stack.
# makeFolder (cli/actions/init.ts) takes stat's ENOENT for "missing", mkdir answers EEXIST (the
# link exists), and the `fs.statSync(folder)` in the EEXIST branch throws ENOENT uncaught.
# Expected: exit 2, "cannot create d: it is a symbolic link to /nonexistent, which does not exist"
# (read-input.ts has danglingLinkReason for the same case). Also `spin init d/sub`.
# Also: `spin init ""` writes the starter files into the working directory and prints
# "created : ..." / "next: cd  && npm install" (an empty folder name should be refused, exit 2);
# and `spin init <non-empty folder>` writes into it although the help says "folder to create (or
# an empty one)" (it only refuses to overwrite the starter's own file names).
set -u
SPIN="$(cd "$(dirname "$0")/.." && pwd)/bin/spin.js"
tmp=$(mktemp -d)
cd "$tmp" || exit 1
ln -s /nonexistent d
node "$SPIN" init d; echo "exit $?"          # NOW: exit 70, "internal error ... ENOENT ... stat"
node "$SPIN" init d/sub; echo "exit $?"      # NOW: exit 70
rm -rf "$tmp"
