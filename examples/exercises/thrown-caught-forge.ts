/**
 * EXERCISE: thrown-caught-forge
 * Class: report forgery
 * Tries: place its fault where it says, with an error the engine made (thrown-unthrown-forge's
 *   sibling). An error QuickJS makes itself (JSON.parse's SyntaxError, line 35) is made by no
 *   Error constructor the extension calls; the handler catches it, replaces its `stack` with one
 *   QuickJS wrote at a decoy line (decoy(), line 22) and throws it again without a throw
 *   statement (a generator not yet started throws what its `throw()` is given).
 * Defence: typed and sfi keep the stack of an error the engine made when it first reaches the
 *   extension: every catch clause starts with the SFI runtime's `__sfi_rt(e)` (typed's rewrite
 *   has it too), which hands the caught value to the prelude before the clause's code runs; the
 *   fault is placed by that stack, at the JSON.parse (35:28). The V8 placements place a fault
 *   only by the frames V8 gave when the realm wrote the stack: replaced before anything read
 *   it, it has none, and the fault is placed at the handler. Before (main at 684e8c0): typed and
 *   sfi placed it at the decoy's line, 22:19.
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
      let parsed: unknown = null;
      try {
        // The engine makes the error: a SyntaxError of a text that is not JSON.
        parsed = JSON.parse(args.resident.length > 0 ? "{" : "null");
      } catch (err) {
        if (err instanceof Error) {
          err.stack = decoy();
          idle().throw(err);
        }
      }
      const first = args.resident[0];
      if (first === undefined || parsed !== null) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
