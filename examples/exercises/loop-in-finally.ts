/**
 * EXERCISE: loop-in-finally
 * Class: runaway loop
 * Tries: return a valid victim, then spin in the `finally` block that runs after the return, and
 *   swallow the interrupt with a catch around the loop.
 * Defence: the sandbox's instruction budget; QuickJS's interrupt is an uncatchable error, so
 *   neither `catch` nor `finally` can resume the guest.
 * Expected: stopped: budget
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      try {
        return { victim: first.frame };
      } finally {
        for (;;) {
          try {
            for (;;) {
              /* spin */
            }
          } catch {
            // "catch the interrupt and keep going": never reached
          }
        }
      }
    },
  },
});
