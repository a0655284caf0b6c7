/**
 * EXERCISE: log-forge-template-callee
 * Class: report forgery
 * Tries: have a log line placed at a call that did not log: `${mk()}` where mk returns an object
 *   whose toString is kernel.log. mk's call only builds the object; the template's ToString
 *   calls kernel.log afterwards, and the engines place that frame at the substitution's start,
 *   which is mk's name: a call mark (V8's mark of a call), so logs-placed accepts it.
 * Defence: the engines place the line at the last call they recorded in the substitution, mk's
 *   (QuickJS its parenthesis, V8 its name): a place in the extension's own expression that made
 *   the call, not one of its choosing; the check accepts it as a call's mark (call-marks.ts says
 *   so). In sfi the checked kernel.log refuses the undefined argument toString passes it.
 *   After red team 18 (issue 10): kernel.log refuses the object as its receiver (the engine's
 *   call as a method): the template throws a TypeError that says how to call kernel.log (typed,
 *   native, server: contained: exception; sfi: the checked kernel.log's receiver trap). No line
 *   is written; the handler logs one honest line a call, so logs-placed has lines to judge.
 * Expected: contained: exception
 * Expected-sfi: stopped: sfi check
 * Check-sfi: every-overrun-recorded
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let sink = 0;

function mk(): { toString: typeof kernel.log } {
  return { toString: kernel.log };
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call (red team 18): the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      const s = `${mk()}`;
      sink += s.length;
      return { victim: first.frame };
    },
  },
});
