/**
 * EXERCISE: log-position-method-name
 * Class: report forgery
 * Tries: choose the position the report gives a log line. The sandbox reads a line's position
 *   from the call stack's text (sandbox/host-functions.ts framesIn: the first
 *   `(<file>.js:<line>:<col>)` anywhere in the stack, up to 4,000 characters), but a stack line
 *   is `at <function name> (<file>:<line>:<col>)` and the function's name is the guest's: a
 *   method named `(log-position-method-name.js:60:1)` puts that text first, on the frame of the
 *   very call, so the report places the line where the name says, not at the kernel.log call.
 * Defence: logs-placed checks the report's position against the file (a kernel.log call of the
 *   exercise's own file); the forgery held in every placement. Before (06:30 UTC): sfi refused
 *   the extension (the class was outside sfi's function table: sfi-string-method-name), so it
 *   kept no log line ("ESCAPED (logs-placed)", exit 1).
 * Expected: contained: logs-placed
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

class Say {
  "(log-position-method-name.js:60:1)"(frame: number): void {
    kernel.log(`the kernel chose frame ${frame}`);
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      new Say()["(log-position-method-name.js:60:1)"](first.frame);
      return { victim: first.frame };
    },
  },
});
