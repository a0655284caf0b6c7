/**
 * EXERCISE: load-time-namespace
 * Class: load-time code
 * Tries: run the extension's own code while its module is evaluated, inside a namespace body
 *   (`namespace Boot { export const n = spin(); }`). no-top-level-side-effects skips every
 *   namespace because no-declare refuses them, but SFI mode treats no-declare as type-trust (a
 *   warning), so in sfi the rule that SFI keeps to promise "loading runs none of your code" never
 *   looks inside the namespace.
 * Defence: typed, native and server: the verifier (no-declare, no-top-level-side-effects). sfi:
 *   only the module evaluation's fuel.
 * Expected: rejected: verifier (no-declare)
 * Expected-sfi: stopped: budget
 *
 * Found by red team 13: in sfi the spin ran at load and only the module evaluation's budget
 * stopped it (`stopped: budget (module evaluation)`); the verifier's promise that loading runs
 * none of the extension's code does not hold there. Fix: no-top-level-side-effects should walk a
 * namespace body's statements as top-level ones (or refuse namespaces itself).
 */
import { defineExtension } from "spin-kernel/extension";

function spin(): number {
  let n = 0;
  for (;;) n++;
}

namespace Boot {
  export const n = spin();
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[Boot.n % 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
