/**
 * EXERCISE: charge-builtin-work
 * Class: resource hog
 * Tries: be charged almost no simulated time for a whole interrupt budget of work. Each call
 *   runs 40 iterations of `"ab".repeat(200000).indexOf("c")`: 2 fuel units a call (loop
 *   back-edges and entries), but QuickJS's interrupt counts the builtins' ticks and the budget
 *   stops it (101 polls). The charge follows fuel only, also for a call the interrupt stopped
 *   (accounting's flushFuel reads the 2 units): `spin load --mode typed|sfi --timing` shows
 *   instructions 1010, fuel 20, charged_ns 41000 for 10 calls, where a plain loop stopped by the
 *   same budget (2 calls, 202 polls) is charged 33.5 ms: 4,000x less per poll. Native: 16 calls
 *   of ~10 ms host time charged 35 us in all.
 * Defence: charge what the engine counted when it is more than the fuel (QuickJS polls: a
 *   budget fault spent the whole budget), or meter the builtins' length-proportional work as
 *   fuel (the prelude's burn for stringify does this for one builtin).
 * Expected: stopped: budget
 * Expected-native: contained: bounded-work
 * Expected-server: contained: bounded-work
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
