/**
 * EXERCISE: load-time-namespace
 * Class: load-time code
 * Tries: run the extension's own code while its module is evaluated, inside a namespace body
 *   (`namespace Boot { export const n = spin(); }`). no-top-level-side-effects skipped every
 *   namespace because no-declare refuses them, but SFI mode treats no-declare as type-trust (a
 *   warning), so in sfi the rule that SFI keeps to promise "loading runs none of your code" never
 *   looked inside the namespace.
 * Defence: the verifier. typed, native and server: no-declare (namespaces are refused) first,
 *   then no-top-level-side-effects; sfi (no-declare is a warning there):
 *   no-top-level-side-effects, which walks a namespace body's statements as it walks the
 *   module's (nested namespaces too; `declare namespace` has no code) and refuses `spin()` in the
 *   initializer of `n`.
 * Expected: rejected: verifier (no-declare)
 * Expected-sfi: rejected: verifier (no-top-level-side-effects)
 *
 * Found by red team 13: no-top-level-side-effects skipped every namespace, leaving it to
 * no-declare, so in sfi the spin ran at load and only the module evaluation's budget stopped it
 * (`stopped: budget (module evaluation)`); the verifier's promise that loading runs none of the
 * extension's code did not hold there. Fixed (helper verif13): the rule walks namespace bodies,
 * and holds the names a namespace exports (properties of the namespace object) to its rule on
 * implicit hooks (no `toString`, `valueOf`, `then`...).
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
