/**
 * EXERCISE: thrown-unthrown-forge
 * Class: report forgery
 * Tries: place its fault where it says, by throwing without a throw statement (red team 11, high
 *   in typed and sfi). Issue 10's throw sites (extensions/sfi/passes/throws.ts) record every
 *   `throw` statement's value and site, but a generator not yet started throws what its `throw()`
 *   is given (a rejected promise does too: thrown-rejected-forge). The error's `stack` is replaced
 *   by one QuickJS wrote at a decoy line (decoy(), line 22): no throw site is kept for it.
 * Defence: typed and sfi keep every error's stack as QuickJS wrote it, out of the extension's
 *   reach, when the error is made (the prelude's Error constructors) or, made by the engine, when
 *   it first reaches the extension (a catch clause, a rejection callback), and place a fault by
 *   that, never by the `stack` property (sandbox/guest/prelude.js): at the `new Error` (32:26).
 *   Native and server read only the frames V8 gave when the realm wrote a stack: none here, so
 *   the handler (31:5), unplaced, not forged. Before (main at 684e8c0): typed and sfi placed it
 *   at the decoy's line, 22:19, where nothing was thrown or made.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

/** A stack the engine wrote, at a decoy line (the line of this `new Error`). */
function decoy(): string {
  return new Error("decoy").stack ?? "";
}

function* idle(): Generator<number, void, unknown> {
  yield 1;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const e = new Error("an error whose stack was replaced");
      e.stack = decoy();
      // No throw statement: a generator not yet started throws what its throw() is given.
      idle().throw(e);
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
