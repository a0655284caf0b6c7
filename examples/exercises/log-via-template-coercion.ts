/**
 * EXERCISE: log-via-template-coercion
 * Class: report forgery
 * Tries: reach kernel.log with no call expression: an object whose toString is kernel.log
 *   coerced by a template literal. The innermost extension frame is then at the substitution,
 *   which was no call mark (extensions/exercise/call-marks.ts): a truthfully placed line the
 *   logs-placed check refused (ESCAPED in typed, native, server).
 * Defence: the logs-placed check accepts the places the engines call kernel.log from: a call's
 *   marks and a coercion's (call-marks.ts logMarks: here the substitution's expression, where both
 *   engines place the line). In sfi the checked kernel.log refuses the undefined argument
 *   toString passes it (an sfi fault at every call).
 *   After red team 18 (issue 10): kernel.log refuses a receiver other than the kernel object (or
 *   console), undefined or null: the template's ToString calls it with the object `o`, and it
 *   throws a TypeError that says how to call it (typed, native, server: contained: exception
 *   at the substitution; sfi: its checked kernel.log traps on the receiver first). No line is
 *   written; the handler logs one honest line a call, at a call, so logs-placed has lines to
 *   judge. (A bound kernel.log keeps its own receiver: its line is placed at the substitution,
 *   a coercion mark, as before: test/sandbox/log-frames.test.ts.)
 * Expected: contained: exception
 * Expected-sfi: stopped: sfi check
 * Check-sfi: every-overrun-recorded
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call (red team 18): the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      const o = { toString: kernel.log };
      const s = `${o}`;
      sink += String(s).length;
      return { victim: first.frame };
    },
  },
});
