/**
 * EXERCISE: stack-header-uncharged
 * Class: resource hog
 * Tries: have the kernel copy strings for it, uncharged. Since 2b5ad21 the header of a stack
 *   whose error's toString is the realm's own is "the kernel's work", written uncharged
 *   (sandbox/native/bounded-stacks.ts errorStackHeader): `${name}: ${message}` with the
 *   guest's message, up to the realm's string bound, then the frames after it. V8 makes those
 *   a rope; `charCodeAt` (an O(1) method no wrapper charges) flattens it: a copy of the whole
 *   message. Each iteration here is one loop unit of fuel and one `new Error` of a message of
 *   2^19 - 64 characters (within a server's bound too) whose stack is read and flattened:
 *   ~0.5 M characters copied per unit, a fraction of a millisecond of host time for 50 ns of
 *   simulated time. 2,000 iterations an invocation are ~2,000 units, charged ~0.1 ms, for
 *   ~1 G characters of copying: the deadline, a wall clock, ends the call, not its fuel.
 * Defence: the realm's prepareStackTrace charges the header it writes by its length when the
 *   guest reads a stack inside a guest call; the kernel's read of a thrown error's stack, to
 *   build its fault, stays uncharged (sandbox/native/bounded-stacks.ts readingStacksAsKernel,
 *   used by NativeVM.faultOf). Before (redteam9): typed, sfi: stopped: budget; native: stopped:
 *   timeout (1,059 ms, 2 kills); server: ESCAPED (deterministic: two runs differ).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const message = "m".repeat((1 << 19) - 64);
      for (let i = 0; i < 2000; i++) sink += (new Error(message).stack ?? "").charCodeAt(i % 64);
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
