/**
 * EXERCISE: forge-type-predicate
 * Class: forged capabilities
 * Tries: brand a made-up number as a Frame with a user-defined type guard (`n is Frame`): no
 *   assertion, and the checker never looks at the guard's body.
 * Defence: the verifier's no-type-predicate rule refuses every user-written type predicate and
 *   assertion signature. Behind it, the kernel's validator refuses a frame that does not exist or
 *   is not this application's (what the sfi mode, which does not trust the types, relies on).
 * Expected: rejected: verifier (no-type-predicate)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension } from "spin-kernel/extension";
import type { Frame } from "spin-kernel/extension";

function isFrame(n: number): n is Frame {
  return n >= 0;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const made = 1_000 + args.resident.length;
      if (isFrame(made)) return { victim: made };
      throw new Error("unreachable");
    },
  },
});
