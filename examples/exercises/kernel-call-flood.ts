/**
 * EXERCISE: kernel-call-flood
 * Class: kernel call flood
 * Tries: call into the kernel (kernel.log) a million times from one handler: each call is a
 *   host crossing the host pays for, not the guest's budget.
 * Defence: the sandbox's host-call limit (1,000 host calls per invocation): the next call
 *   aborts the invocation as a budget violation.
 * Expected: stopped: budget
 */
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let i = 0; i < 1_000_000; i++) kernel.log(`reclaim ${args.vpn} #${i}`);
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
