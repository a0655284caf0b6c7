/**
 * EXERCISE: forge-method-bivariance
 * Class: forged capabilities
 * Tries: a sink whose `put(f: Frame)` keeps what it is given, assigned to a type whose
 *   `put(n: number)` accepts any number, then called with a page number: method parameters are
 *   bivariant even under strictFunctionTypes, so the checker accepts the assignment.
 * Defence: the verifier's no-capability-widening rule (a parameter that holds a capability must
 *   accept exactly that capability through every view); behind it, the kernel's validator.
 * Expected: rejected: verifier (no-capability-widening)
 *
 * Found by a red team (issue 8, finding 8).
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

interface FrameSink {
  put(f: Frame): void;
}
interface NumberSink {
  put(n: number): void;
}

let kept: Frame | undefined;
const frames: FrameSink = {
  put(f: Frame): void {
    kept = f;
  },
};

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const numbers: NumberSink = frames;
      numbers.put(args.vpn + 1_000);
      if (kept === undefined) throw new Error("nothing kept");
      return { victim: kept };
    },
  },
});
