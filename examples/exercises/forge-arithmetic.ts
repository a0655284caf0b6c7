/**
 * EXERCISE: forge-arithmetic
 * Class: forged capabilities
 * Tries: compute a neighbouring frame from one the kernel gave (`frame + 1`), most likely
 *   another application's.
 * Defence: the type check: arithmetic on a Frame gives a plain number, which is not assignable
 *   to the branded Frame type. Behind it, the kernel's validator (frame ownership).
 * Expected: rejected: type check (TS2322)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame + 1 };
    },
  },
});
