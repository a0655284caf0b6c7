/**
 * EXERCISE: nondeterminism
 * Class: nondeterminism sources
 * Tries: make the kernel's run depend on the host: pick victims with Math.random and
 *   Date.now, and remember values across invocations, so that two runs of the same scenario
 *   differ (and a replayed bug cannot be reproduced).
 * Defence: the sandbox's deterministic globals: Math.random is a seeded PRNG (seed from the
 *   scenario's seed and the file name), Date.now is the kernel's simulated clock, `new Date`
 *   does not exist. Two runs give byte-identical reports.
 * Expected: contained: deterministic
 * Check: deterministic
 */
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const n = args.resident.length;
      const pick = Math.floor(Math.random() * n + Date.now()) % Math.max(1, n);
      const page = args.resident[pick];
      if (page === undefined) throw new Error("no resident page");
      kernel.log(`t=${Date.now()} r=${Math.random()} space ${args.space}`);
      return { victim: page.frame };
    },
  },
});
