#!/bin/sh
# Records examples/traces/matrix-sums.lackey.br, the real trace of docs/PERFORMANCE.md: compiles
# examples/traces/matrix-sums.c, runs it under valgrind's lackey tool, keeps the data references
# (the ` L`, ` S` and ` M` lines: instruction fetches and valgrind's own `==pid==` lines are dropped),
# and compresses the text with Brotli (Node's zlib reads it back; no extra tool needed).
#
# Needs gcc and valgrind (Debian: apt-get install -y gcc valgrind). The shipped file was recorded on
# Debian 12 (x86-64) with gcc 12.2.0 and valgrind 3.19.0: 236,579 data references, the program's
# own (2 x 49,152 reads of the matrix) and those of its start-up (the dynamic loader and the C
# library); another system records a trace of the same shape, not of the same bytes.
#
#   sh scripts/record-trace.sh [out.lackey.br]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-"$root/examples/traces/matrix-sums.lackey.br"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O1 -o "$tmp/matrix-sums" "$root/examples/traces/matrix-sums.c"
valgrind --tool=lackey --trace-mem=yes --log-fd=3 "$tmp/matrix-sums" 3>&1 1>/dev/null 2>/dev/null |
  grep -E '^ [LSM] ' >"$tmp/matrix-sums.lackey"
node -e '
const fs = require("node:fs"), zlib = require("node:zlib");
const text = fs.readFileSync(process.argv[1]);
fs.writeFileSync(process.argv[2], zlib.brotliCompressSync(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
console.log(`${process.argv[2]}: ${text.toString().split("\n").length - 1} references, ${text.length} bytes (${fs.statSync(process.argv[2]).size} compressed)`);
' "$tmp/matrix-sums.lackey" "$out"
