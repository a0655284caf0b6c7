/**
 * EXERCISE: thrown-displaced-forge
 * Class: report forgery
 * Tries: place its fault where it says, though a throw statement threw it (thrown-unthrown-forge's
 *   sibling). Issue 10's throw sites keep the last value a throw statement threw; a `finally`
 *   that throws and catches another value while the first is on its way out makes that one
 *   the last. The handler throws an Error whose `stack` it replaced with one QuickJS wrote at a
 *   decoy line (decoy(), line 22); the `finally` throws and catches a number, so the error the
 *   handler ends with is not the value the runtime kept, and its `stack` was read instead.
 * Defence: typed and sfi keep every error's stack as QuickJS wrote it when the error was made
 *   (the prelude's Error constructors) and place a fault by it when no throw site is kept for
 *   the value: at the `new Error` (line 32). Native and server place it by the frames V8 gave
 *   when the realm wrote a stack; replaced before anything read it, there are none, and the
 *   value is not the one kept: at the handler. Before (main at 684e8c0): typed and sfi placed
 *   it at the decoy's line, 22:19.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

/** A stack the engine wrote, at a decoy line (the line of this `new Error`). */
function decoy(): string {
  return new Error("decoy").stack ?? "";
}

let settled = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined || args.resident.length > 0) {
        const e = new Error("an error whose stack was replaced");
        e.stack = decoy();
        try {
          throw e;
        } finally {
          // Another throw, caught: the last value a throw statement threw is now this one.
          try {
            throw settled;
          } catch {
            settled++;
          }
        }
      }
      return { victim: first.frame };
    },
  },
});
