/**
 * EXERCISE: result-proxy
 * Class: results that lie
 * Tries: return a Proxy whose `get` trap answers a different victim each time it is read
 *   (time-of-check to time-of-use: one value when validated, another when used).
 * Defence: the verifier's no-proxy rule refuses Proxy outright; even without it, results are
 *   serialised once inside the guest and the kernel validates and uses that one copy.
 * Expected: rejected: verifier (no-proxy)
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      const reads = { n: 0 };
      return new Proxy(
        { victim: first.frame },
        {
          get(target, key) {
            reads.n++;
            return reads.n === 1 ? target.victim : 0;
          },
        },
      );
    },
  },
});
