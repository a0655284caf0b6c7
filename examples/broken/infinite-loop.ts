/**
 * BROKEN ON PURPOSE: a Reclaim handler that never returns. The loop condition never changes, so
 * it spins until the sandbox's instruction budget (100 interrupt polls, about 500,000 loop
 * iterations) stops it. The interrupt cannot be caught by the guest.
 *
 * Run it:
 *   npx spin load examples/broken/infinite-loop.ts --scenario examples/scenarios/textbook.json
 *
 * Expected report: loaded; at run time every invocation is a `budget` violation ("guest exceeded its
 * budget of 100 polls (1000000 ticks)"; no source position: an interrupt has no stack); each time the kernel falls back to the
 * application's built-in pager (FIFO on textbook.json: 15 faults, as without the extension).
 * After 10 violations the watchdog unloads the extension (unloaded.reason says why) and the last
 * 2 reclaims never reach it. The run completes; check OK (invariants hold, nothing lost).
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let sweeps = 0;
      // "Look for an unreferenced page": but nothing in the loop ever changes `pages`.
      while (args.resident.length > 0) {
        sweeps++;
      }
      const first = args.resident[sweeps % 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
