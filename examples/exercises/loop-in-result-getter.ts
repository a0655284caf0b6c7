/**
 * EXERCISE: loop-in-result-getter
 * Class: runaway loop
 * Tries: return a result whose `victim` is a getter that never returns, hoping the kernel (the
 *   host) reads it outside the sandbox's budget.
 * Defence: the sandbox's instruction budget: results are JSON-encoded inside the guest, under the
 *   invocation's budget, so the getter runs there; the host only ever sees a string.
 * Expected: stopped: budget
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      const frame = first.frame;
      return {
        get victim(): Frame {
          let n = 0;
          while (n >= 0) n++;
          return frame;
        },
      };
    },
  },
});
