#!/bin/sh
# red team 13 (after main's fix of sfi-hidden-from-verifier, ef84b43): the fix finds the sfi
# import in the syntax tree, but prepareSfi still maps each diagnostic's line and column back to
# an offset with line starts counted at "\n" only (extensions/sfi/prepare.ts, `lineStarts`),
# while TypeScript counts "\r", "\r\n", U+2028 and U+2029 as line breaks too. In a file whose
# lines end in a lone "\r", lineStarts is [0]: a diagnostic at line L, column C maps to offset
# C - 1 from the start of the file, and one whose C - 1 falls inside the `import { heap } from
# "spin-kernel/sfi";` declaration is dropped as "ours". Here `Function` is padded to that column
# (the header puts the import at offset ~430): typed, native, server refuse the file
# (TS2307 / no-foreign-import of spin-kernel/sfi, and no-function-constructor); sfi prints ok and every call runs code made from a string (log
# "made code returned 499500", fuel 1 a call). U+2028 line separators should shift lines the same way (not tried).
# Expected: rejected: verifier (no-function-constructor) in sfi too. Fix: take the offset from
# the diagnostic's own start, or count line starts as TypeScript does (ts.getLineStarts).
set -u
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
tmp=$(mktemp -d)
f="$tmp/sfi-hidden-cr-lines.ts"
python3 - "$f" <<'PY'
import sys
head = [
'/**',
' * EXERCISE: sfi-hidden-cr-lines',
' * Class: SFI evasion',
' * Tries: CR-only line ends shift the sfi diagnostic filter (findings/sfi-hidden-cr-lines.sh).',
' * Defence: the verifier (no-function-constructor), in every placement.',
' * Expected: rejected: verifier (no-function-constructor)',
' */',
]
imp = 'import { heap } from "spin-kernel/sfi";'
start = len("\r".join(head)) + 1          # offset of the import
body_prefix = '      const fs = ['           # `Function` starts after this prefix and the padding
pad = max(0, start + 5 - len(body_prefix) - len('"" && 0 || '))
line = body_prefix + '"' + 'x' * pad + '" && 0 || Function];'
col = line.index('Function') + 1
assert start <= col - 1 < start + len(imp), (start, col)
rest = [
'import { defineExtension, kernel } from "spin-kernel/extension";',
'export default defineExtension({',
'  handlers: {',
'    "PhysAddr.Reclaim": (args) => {',
line,
'      const made = [fs[0]("let n = 0; for (let i = 0; i < 1000; i++) n += i; return n;")];',
'      heap[0] = 1;',
'      kernel.log(`made code returned ${made[0]()}`);',
'      const first = args.resident[0];',
'      if (first === undefined) throw new Error("no resident page");',
'      return { victim: first.frame };',
'    },',
'  },',
'});',
]
open(sys.argv[1], 'w', newline='').write("\r".join(head + [imp] + rest) + "\r")
PY
echo "== spin check --mode sfi (NOW: ok)"
node "$ROOT/bin/spin.js" check --mode sfi "$f" 2>&1 | tail -1 | cut -c1-140
echo "== spin load --mode sfi (NOW: made code runs)"
node "$ROOT/bin/spin.js" load --mode sfi "$f" --scenario "$ROOT/examples/exercises/scenarios/duo.json" 2>&1 | grep -m1 "made code" | cut -c1-140
echo "== matrix (NOW: typed/native/server rejected: verifier, sfi ESCAPED)"
node "$ROOT/bin/spin.js" exercise run "$f" --mode all 2>&1 | grep '^│ sfi-hidden' | cut -c1-330
rm -rf "$tmp"
