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
 * Defence: NOW none in sfi. typed, native, server: the verifier (no-function-constructor at 34:41).
 * Expected: rejected: verifier (no-function-constructor)
 *
 * NOW (red team 13, 2026-12-02): typed, native, server rejected: verifier (no-function-constructor);
 * sfi ESCAPED: `spin check --mode sfi` prints ok, and `spin load --mode sfi` logs "made code
 * returned 499507" on every call with fuel 1 a call. The same range hides any kept rule's
 * diagnostic (a BigInt literal, `globalThis`, `Reflect`, a load-time call...). A second way to the
 * same drop: `d.message.includes("spin-kernel/sfi")` also counts as "ours" a kept rule's message
 * that quotes the author's text (no-top-level-side-effects quotes up to 40 characters of the
 * offending expression). In findings/ so the branch's matrix stays green. Fix: find the sfi
 * import in the AST (ImportDeclaration nodes only), replace only those, and drop only diagnostics
 * whose code and place are the replacement's, never by message text.
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
