/**
 * EXERCISE: forge-array-covariance
 * Class: forged capabilities
 * Tries: see a `Frame[]` as a `number[]` (arrays are covariant although writable), push a page
 *   number through the wider view and read it back from the original as a Frame.
 * Defence: the verifier's no-capability-widening rule (an array element that holds a capability
 *   may only be seen as that capability: `readonly Frame[]` is fine, `number[]` is not; copies such
 *   as `frames.map(...)` are fine); behind it, the kernel's validator.
 * Expected: rejected: verifier (no-capability-widening)
 *
 * Found by a red team (issue 8, finding 8).
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const frames: Frame[] = [];
      const numbers: number[] = frames;
      numbers.push(args.vpn + 1_000);
      const forged = frames[0];
      if (forged === undefined) throw new Error("empty");
      return { victim: forged };
    },
  },
});
