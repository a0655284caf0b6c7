/**
 * EXERCISE: forge-property-covariance
 * Class: forged capabilities
 * Tries: see the kernel's own description of a resident page (`{ readonly frame: Frame; ... }`)
 *   as `{ frame: number }` (properties are covariant, and `readonly` does not count in
 *   assignability), overwrite its frame with a page number, and return it from the original.
 * Defence: the verifier's no-capability-widening rule (a property that holds a capability keeps
 *   its type through every view); behind it, the kernel's validator.
 * Expected: rejected: verifier (no-capability-widening)
 *
 * A neighbour of issue 8, finding 8.
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const page = args.resident[0];
      if (page === undefined) throw new Error("no resident page");
      const writable: { frame: number } = page;
      writable.frame = args.vpn + 1_000;
      return { victim: page.frame };
    },
  },
});
