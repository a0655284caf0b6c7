/**
 * EXERCISE: forge-assertion-signature
 * Class: forged capabilities
 * Tries: the same forgery through an assertion signature (`asserts n is Frame`): after the call
 *   the checker believes `n` is a Frame.
 * Defence: the verifier's no-type-predicate rule (assertion signatures are refused with type
 *   predicates); behind it, the kernel's validator.
 * Expected: rejected: verifier (no-type-predicate)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

function assertFrame(n: number): asserts n is Frame {
  if (n < 0) throw new Error("negative");
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const victim = args.vpn; // a page number, not a frame
      assertFrame(victim);
      return { victim };
    },
  },
});
