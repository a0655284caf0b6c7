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
 * Expected: contained: logs-placed
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
      const o = { toString: kernel.log };
      const s = `${o}`;
      sink += String(s).length;
      return { victim: first.frame };
    },
  },
});
