/**
 * EXERCISE: thrown-unthrown-forge
 * Class: report forgery
 * Tries: place its fault where it says, by throwing without a throw statement (red team 11,
 *   high in typed and sfi). Issue 10's thrown-stack-unplaced records the value and site of every
 *   `throw` statement (extensions/sfi/passes/throws.ts), but a value can be thrown without one: a
 *   generator not yet started throws what its `throw()` is given (also a rejected promise
 *   awaited, in sfi, where a handler may be async). The error's `stack` is replaced by a stack
 *   QuickJS wrote at a decoy line (decoy(), line 22) before it is thrown that way: the value is
 *   not the last one a throw statement recorded, so QuickJS's prelude reads the replaced text.
 * Defence: none yet in QuickJS (open): typed and sfi place the fault at the decoy's line, 22:19,
 *   where nothing was thrown or made: a position the extension chose. Native and server read
 *   positions only from the frames V8 gave when the realm wrote a stack; the stack was replaced
 *   before anything read it, so they have no frames and no recorded throw, and place the fault
 *   at the handler (31:5): unplaced, not forged. Before and after (this branch): as above.
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
