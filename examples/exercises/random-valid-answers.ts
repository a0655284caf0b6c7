/**
 * EXERCISE: random-valid-answers
 * Class: valid results that starve progress
 * Tries: keep the run from finishing with answers that are each valid, drawn at random on every
 *   event: a victim among its own resident pages with the referenced bits of its frames cleared
 *   many times over, up to 64 prefetches within ±32 pages of every fault and completion, skip
 *   every bad address and protection fault, and run any ready thread (two threads per
 *   application, 4 frames, quanta as short as a fault).
 * Defence: the kernel's progress rules (docs/MACHINE.md, "Progress"): a mapped page's faulting
 *   access is done before anything else can take the frame, a thread is preempted only after it
 *   made progress, prefetching is paid for by references and waits for threads short of a frame.
 *   Whatever the kernel is told, the run finishes within its bound of events per op, every result
 *   accepted.
 * Expected: contained: bounded-work
 * Scenario: crowd
 * App: alpha
 * Check: bounded-work results-valid
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

function below(n: number): number {
  return Math.floor(Math.random() * n);
}

function around(vpn: number): { prefetch?: number[] } {
  if (Math.random() < 0.2) return {};
  const pages: number[] = [];
  const n = below(65);
  for (let i = 0; i < n; i++) pages.push(Math.max(0, vpn - 32 + below(65)));
  return { prefetch: pages };
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const victim = args.resident[below(args.resident.length)];
      if (victim === undefined) throw new Error("no resident page");
      const clear: Frame[] = [];
      for (let i = 0; i < 2 * args.resident.length; i++) {
        const page = args.resident[below(args.resident.length)];
        if (page !== undefined) clear.push(page.frame);
      }
      return { victim: victim.frame, clearReferenced: clear };
    },
    "Translation.PageNotPresent": (args) => around(args.vpn),
    "Disk.IOComplete": (args) => around(Math.max(0, args.vpn)),
    "Translation.BadAddress": () => ({ action: "skip" }),
    "Translation.ProtectionFault": () => ({ action: "skip" }),
    "Strand.Resume": (args) => {
      const pick = args.ready[below(args.ready.length)];
      if (pick === undefined) throw new Error("no ready thread");
      return { thread: pick.thread };
    },
  },
});
