/**
 * EXERCISE: thrown-settled-forge
 * Class: report forgery
 * Tries: place its fault where it says, with an error the engine made that reaches the
 *   extension through no catch clause and no callback of its own (thrown-caught-forge's
 *   sibling). A promise callback's JSON.parse makes a SyntaxError (line 32), which rejects the
 *   promise; Promise.allSettled hands the error to the async Strand.Block handler as a `reason`
 *   of its result. The handler replaces the error's `stack` with one QuickJS wrote at a decoy
 *   line (decoy(), line 24) and awaits a promise rejected with it: no throw statement threw it.
 * Defence: typed and sfi keep the stack of an error the engine made when it first reaches the
 *   extension: at a catch clause, and at a rejection callback, which the prelude's
 *   Promise.prototype.then wraps (Promise.allSettled, all, any and race, catch and finally call
 *   it for every promise they wait on); the fault is placed by that stack, at the JSON.parse.
 *   The V8 placements run no job within a run: an unresolved-promise fault, at the handler.
 *   Before (main at 684e8c0): typed and sfi placed it at the decoy's line, 24:19.
 * Expected: contained: exception
 * Expected-native: contained: unresolved promise
 * Expected-server: contained: unresolved promise
 */
import { defineExtension } from "spin-kernel/extension";

/** A stack the engine wrote, at a decoy line (the line of this `new Error`). */
function decoy(): string {
  return new Error("decoy").stack ?? "";
}

export default defineExtension({
  handlers: {
    "Strand.Block": async () => {
      // The engine makes the error in a callback of a promise, and rejects the next one with it.
      const parsed = Promise.resolve("{").then((text) => {
        const value: unknown = JSON.parse(text);
        return value;
      });
      const settled = await Promise.allSettled([parsed]);
      const outcome = settled[0];
      if (outcome !== undefined && outcome.status === "rejected") {
        const reason: unknown = outcome.reason;
        if (reason instanceof Error) {
          reason.stack = decoy();
          // No throw statement: the awaited promise rejects with it, and so does the handler's.
          await Promise.reject(reason);
        }
      }
    },
  },
});
