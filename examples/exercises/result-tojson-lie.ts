/**
 * EXERCISE: result-tojson-lie
 * Class: results that lie
 * Tries: return a type-correct result whose `toJSON` swaps in another victim (frame 0, most
 *   likely another application's) when the result is serialised.
 * Defence: the kernel validates the value it received, after serialisation (which happens in
 *   the guest, under budget): frame 0 is refused unless it is this application's own. In sfi
 *   mode the handler wrapper checks the result and passes on a plain-data snapshot of it, so
 *   toJSON never runs and the kernel gets the (valid) victim that was checked.
 * Expected: refused: kernel validation
 * Expected-sfi: contained: results-valid
 * Check-sfi: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const mine = args.resident.find((r) => r.frame !== 0) ?? args.resident[0];
      if (mine === undefined) throw new Error("no resident page");
      const result = {
        victim: mine.frame,
        toJSON() {
          // Nobody type-checks what toJSON returns.
          return { victim: args.resident.some((r) => r.frame === 0) ? 99 : 0 };
        },
      };
      return result;
    },
  },
});
