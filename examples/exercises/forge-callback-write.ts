/**
 * EXERCISE: forge-callback-write
 * Class: forged capabilities
 * Tries: a function that writes a number into the object it is given, used where a function of
 *   `{ frame: Frame }` is expected: the checker compares parameters one way only, though caller
 *   and callee share the object.
 * Defence: the verifier's no-capability-widening rule (a parameter that holds a capability must
 *   be the same on both sides); behind it, the kernel's validator.
 * Expected: rejected: verifier (no-capability-widening)
 *
 * A neighbour of issue 8, finding 8.
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

type Choice = { frame: Frame };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      const choice: Choice = { frame: first.frame };
      const adjust: (c: Choice) => void = (c: { frame: number }) => {
        c.frame = args.vpn + 1_000;
      };
      adjust(choice);
      return { victim: choice.frame };
    },
  },
});
