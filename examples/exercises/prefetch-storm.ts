/**
 * EXERCISE: prefetch-storm
 * Class: valid results that starve progress
 * Tries: keep the run from ever finishing with results that are each valid: give back the page
 *   that arrived last on every Reclaim, and ask for the 64 pages around every completed disk
 *   request, so that each completion starts reads that evict what the threads are about to use,
 *   and each of those completions asks for more (4 frames shared by two applications of two threads).
 * Defence: the kernel's progress rules (docs/MACHINE.md, "Progress"): a faulting thread's access
 *   is done the moment its page is mapped, so nothing can take the frame first; prefetching waits
 *   while a thread waits for a frame, stops when the application's threads are done, and is paid
 *   for by references (64 credits, one earned back per reference). The run finishes within the
 *   kernel's bound of events per reference, every result accepted.
 * Expected: contained: bounded-work
 * Scenario: crowd
 * App: alpha
 * Check: bounded-work results-valid
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let newest = args.resident[0];
      if (newest === undefined) throw new Error("no resident page");
      for (const page of args.resident) if (page.loadedAt > newest.loadedAt) newest = page;
      return { victim: newest.frame };
    },
    "Disk.IOComplete": (args) => {
      const pages: number[] = [];
      for (let d = -32; d < 32; d++) if (args.vpn + d >= 0) pages.push(args.vpn + d);
      return { prefetch: pages };
    },
  },
});
