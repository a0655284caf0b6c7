/**
 * EXERCISE: log-via-bound-instanceof
 * Class: report forgery
 * Tries: (the bound form of log-via-instanceof) reach a bound kernel.log with no call expression and no coercion: the right operand of
 *   `instanceof` is an object whose Symbol.hasInstance is kernel.log, so the operator calls
 *   kernel.log with its left operand, a string (a type parameter's value). The innermost extension frame is then at the `instanceof`
 *   expression, which is neither a call's mark nor a coercion's (extensions/exercise/
 *   call-marks.ts logMarks lists the coercing operators; `instanceof` is not one).
 * Defence: a line kernel.log writes is placed at a call or a coercion of the extension's own
 *   source: `instanceof` (which calls Symbol.hasInstance) is one of the marks, as `in` is.
 * Found (redteam18q, 2026-12-02, `spin exercise run findings/log-via-instanceof.ts --mode all
 *   --json`): sfi ESCAPED (logs-placed): "0 of 16 kept lines placed at a call or a coercion of
 *   findings/log-via-instanceof.ts" (SFI mode has no type check, and its checked kernel.log
 *   takes the string); typed, native and server rejected: type check (TS2358: TypeScript wants
 *   an object or a type parameter of one on the left, TS2861: a hasInstance returning boolean).
 *   Bound (logmarks18, 2026-12-02): `kernel.log.bind(null, "bound")` keeps its receiver, so the
 *   receiver rule does not refuse it; before call-marks.ts listed the site, sfi ESCAPED
 *   (logs-placed); after, the line is at `instanceof`, placed at the operator from its
 *   leading space, a mark: contained: logs-placed.
 *   Since bindlog18 (2026-12-02) Function.prototype.bind refuses kernel.log as its target, its
 *   receiver or in its bound arguments (prelude.js, bounded-strings.ts refuseBoundLog: "kernel.log
 *   cannot be bound"): the bind throws before any coercion runs, sfi contained: exception (typed, native and server still refuse the types).
 * Expected: rejected: type check (TS2358)
 * Expected-sfi: contained: exception
 * Expected-native: rejected: type check (TS2358)
 * Expected-server: rejected: type check (TS2358)
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let sink = 0;

// SFI mode runs no type check: the operator's operands are whatever the code says.
function test<T extends string>(line: T, o: { [Symbol.hasInstance]: (message: string) => void }): boolean {
  return line instanceof o;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      const o = { [Symbol.hasInstance]: kernel.log.bind(null, "bound") };
      const seen = test("a line no call wrote", o);
      sink += seen ? 1 : 0;
      return { victim: first.frame };
    },
  },
});
