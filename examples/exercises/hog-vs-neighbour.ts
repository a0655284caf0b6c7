/**
 * EXERCISE: hog-vs-neighbour
 * Class: resource hog
 * Tries: starve the other application: this extension (on alpha) burns its whole budget on
 *   every event it can handle, while a well-behaved FIFO pager runs on beta.
 * Defence: per-extension accounting and budgets: each extension has its own VM, budget and
 *   watchdog; the hog is stopped and unloaded, and beta's application and extension accounts
 *   are exactly those of a run without the hog (compared with extension work free in simulated
 *   time: charged, the hog's work delays beta as any CPU hog would, by what the hog is charged;
 *   docs/MACHINE.md, "Extensions in simulated time").
 * Expected: stopped: budget
 * App: alpha
 * With: examples/pagers/fifo.ts@beta
 * Check: neighbour-unaffected unloaded
 */
import { defineExtension } from "spin-kernel/extension";

function burn(seed: number): number {
  let x = seed;
  for (;;) x = (x * 1103515245 + 12345) % 2147483648;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[burn(args.vpn)];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
    "Translation.PageNotPresent": (args) => ({ prefetch: [burn(args.vpn)] }),
    "Strand.Resume": (args) => {
      const t = args.ready[burn(args.current)];
      if (t === undefined) throw new Error("no ready thread");
      return { thread: t.thread };
    },
  },
});
