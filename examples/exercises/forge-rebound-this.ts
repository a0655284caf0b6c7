/**
 * EXERCISE: forge-rebound-this
 * Class: forged capabilities
 * Tries: run `number[]`'s push on a `Frame[]` with `call`: the checker types the `this` of a
 *   method without a declared `this` parameter as `unknown`, so `nums.push.call(frames, n)` is
 *   accepted and leaves a page number in the Frame array.
 * Defence: the verifier's no-capability-widening rule, for which the receiver given by call,
 *   apply or bind is an argument of the method (a Frame[] given where a number[] is read);
 *   behind it, the kernel's validator.
 * Expected: rejected: verifier (no-capability-widening)
 *
 * A neighbour of issue 8, finding 8. (The same `call` on an array-like without capabilities,
 * finding 1, is left to the sandbox's meters: exercises builtin-arraylike-length and others.)
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const frames: Frame[] = [];
      const numbers: number[] = [];
      numbers.push.call(frames, args.vpn + 1_000);
      const forged = frames[0];
      if (forged === undefined) throw new Error("empty");
      return { victim: forged };
    },
  },
});
