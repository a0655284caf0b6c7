/**
 * EXERCISE: sfi-hidden-from-verifier
 * Class: SFI evasion
 * Tries: hide code from the verifier rules SFI mode keeps. For the type check, prepareSfi
 *   (extensions/sfi/prepare.ts, typeCheckText) replaces every match of the regex
 *   /import\s*\{([^}]*)\}\s*from\s*["']spin-kernel\/sfi["']\s*;?/ in the whole source text,
 *   string literals included, by a declaration of the same length, and then drops every
 *   diagnostic inside a replaced range as "ours". One line that opens a string with `import {`
 *   and closes another with `} from "spin-kernel/sfi"` (with no `}` and few commas between)
 *   makes everything between them invisible to the verifier, while the rewriter compiles the
 *   original text. Here that is `[Function]`:
 *   no-function-constructor (kept in sfi) is silenced, and the handler makes and runs code from a
 *   string that the rewriter never saw (no fuel, no key guard, no call table: the made function's
 *   1,000-iteration loop is charged nothing, and it reads Object.prototype).
 * Defence: prepareSfi finds the sfi import in the syntax tree (ImportDeclaration nodes only)
 *   and drops a diagnostic as its own only by place, inside such a declaration, never by matching
 *   text or a message. Before (red team 13): typed, native, server rejected: verifier
 *   (no-function-constructor); sfi ESCAPED: `spin check --mode sfi` printed ok, and every call
 *   ran code made from a string the rewriter never saw (no fuel, no key guard, no call table).
 * Expected: rejected: verifier (no-function-constructor)
 */
// biome-ignore-all format: the hidden range must stay on one line
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const h = "import {"; const fs = [Function]; const t = '} from "spin-kernel/sfi"';
      const made = [
        fs[0](
          "let n = 0; for (let i = 0; i < 1000; i++) n += i; return Object.getOwnPropertyNames(Object.prototype).length + n;",
        ),
      ];
      const v: number = made[0]();
      kernel.log(`${h}${t} made code returned ${v}`);
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
