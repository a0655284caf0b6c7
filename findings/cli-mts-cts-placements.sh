#!/bin/sh
# red team 13: an extension file named .mts or .cts is accepted (extensions/loader/source.ts takes
# /\.(m|c)?ts$/), but the transpilers honour the extension's module format over the options:
#  - clk.mts (examples/pagers/clock.ts, renamed): typed and sfi load it (exit 0); native and
#    server refuse it, exit 3, "load/exception: while evaluating the module: guest threw
#    SyntaxError: Cannot use import statement outside a module" (fuel-only.ts asks CommonJS, the
#    .mts file stays ESM), no position, nothing that says "rename it to .ts".
#  - clk.cts: typed, native, server refuse it with TS1286 (clear); sfi refuses it with
#    "load/exception: ... guest threw ReferenceError: 'exports' is not defined".
# Expected: one verdict in every placement; either refuse .mts/.cts by name ("an extension is a
# .ts file") or transpile them as .ts (pass the module format explicitly, or give transpileModule
# a .ts file name).
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
tmp=$(mktemp -d)
cp "$ROOT/examples/pagers/clock.ts" "$tmp/clk.mts"
cp "$ROOT/examples/pagers/clock.ts" "$tmp/clk.cts"
for f in clk.mts clk.cts; do
  for m in typed sfi native server; do
    out=$(node "$ROOT/bin/spin.js" check --mode $m "$tmp/$f" 2>&1); rc=$?
    echo "$f $m exit $rc: $(echo "$out" | grep -m1 -i 'load/\|TS1286\|^ok' | cut -c1-160)"
  done
done
rm -rf "$tmp"
