/**
 * EXERCISE: forge-rebound-this
 * Class: forged capabilities
 * Tries: run `number[]`'s push on a `Frame[]` with `call`: the checker types the `this` of a
 *   method without a declared `this` parameter as `unknown`, so `nums.push.call(frames, n)` is
 *   accepted and leaves a page number in the Frame array.
 * Defence: the verifier's no-rebound-this rule (no call/apply/bind of a method whose body trusts
 *   its receiver); behind it, the kernel's validator.
 * Expected: rejected: verifier (no-rebound-this)
 *
 * A neighbour of issue 8, finding 8 (the same `call` ran a builtin on a forged array-like in
 * finding 1).
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
