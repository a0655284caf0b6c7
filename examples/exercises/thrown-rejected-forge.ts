/**
 * EXERCISE: thrown-rejected-forge
 * Class: report forgery
 * Tries: place its fault where it says, by rejecting a promise with an error whose `stack` it
 *   replaced (thrown-unthrown-forge's sibling, the route red team 11 named beside it). An async
 *   Strand.Block handler (its result is void, so the type check lets it be async) makes an
 *   Error, replaces its `stack` with one QuickJS wrote at a decoy line (decoy(), line 22), and
 *   awaits a promise rejected with it: no throw statement throws it, so no throw site is kept.
 * Defence: typed and sfi keep every error's stack as QuickJS wrote it when the error was made
 *   (the prelude's Error constructors, sandbox/guest/prelude.js "where an error was made") and
 *   place the fault by that, never by the `stack` property: at the `new Error` (line 29). The V8
 *   placements run no job within a run: the promise is an unresolved-promise fault, at the
 *   handler. Before (main at 684e8c0): typed and sfi placed it at the decoy's line, 22:19.
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
      // Where the error is made: the position its fault should have.
      const e = new Error("an error whose stack was replaced");
      e.stack = decoy();
      // No throw statement: the awaited promise rejects with it, and so does the handler's.
      await Promise.reject(e);
    },
  },
});
