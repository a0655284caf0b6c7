/**
 * EXERCISE: charge-builtin-work
 * Class: resource hog
 * Tries: be charged almost no simulated time for a whole budget of work. Each call runs 40
 *   iterations of `"ab".repeat(200000).indexOf("c")`: 2 fuel units a call (the loop's back-edges
 *   and the entry), but the prelude meters the builtins in ticks and QuickJS's interrupt budget
 *   stops the call (101 polls). The charge followed fuel only: red team 6 measured (typed, sfi)
 *   fuel 20 and 41,000 ns charged for 10 calls, where a plain loop stopped by the same budget is
 *   charged 16.8 ms a call: 4,000 times less per poll.
 * Defence: an invocation is charged its fuel at fuelUnitNs or its interrupt polls at pollNs
 *   (165 us, what a plain loop's fuel costs per poll), whichever is more: a call stopped by its
 *   budget is charged ~16.5 ms. In the V8 placements the builtins' work is fuel
 *   (sandbox/native/builtin-fuel.ts) and the fuel budget stops the call: 990,000 units, 49.5 ms.
 * Expected: stopped: budget
 * Check: work-charged
 * Min-charge: 10000000
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let i = 0; i < 40; i++) sink += "ab".repeat(200000).indexOf("c");
      const first = args.resident[sink % 2 === 0 ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
