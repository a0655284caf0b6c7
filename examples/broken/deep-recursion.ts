/**
 * BROKEN ON PURPOSE: unbounded recursion. `depth` has no base case that is ever reached (it
 * counts up, not down), so the guest's stack (256 KiB) overflows after about 1,300 frames.
 *
 * Run it:
 *   npx spin load examples/broken/deep-recursion.ts --scenario examples/scenarios/textbook.json
 *
 * Expected report: loaded; every invocation is a `stack` violation ("guest stack overflow",
 * no source position). The VM survives a stack overflow, so it
 * is asked again next time, until the watchdog unloads the extension after 10 violations. The
 * kernel uses the built-in pager each time (15 faults). The run completes; check OK.
 */
import { defineExtension } from "spin-kernel/extension";

/** Meant to count the resident pages recursively; the recursion goes the wrong way. */
function depth(n: number, limit: number): number {
  if (n === limit) return 0;
  return 1 + depth(n + 1, limit);
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const count = depth(1, 0); // starts above its limit: never reaches it
      const page = args.resident[count % Math.max(1, args.resident.length)];
      if (page === undefined) throw new Error("no resident page");
      return { victim: page.frame };
    },
  },
});
