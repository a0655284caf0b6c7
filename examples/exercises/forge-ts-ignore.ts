/**
 * EXERCISE: forge-ts-ignore
 * Class: forged capabilities
 * Tries: silence the type error of a forged Frame with `// @ts-ignore`.
 * Defence: the verifier's no-ts-directive rule refuses every @ts-ignore, @ts-expect-error and
 *   @ts-nocheck.
 * Expected: rejected: verifier (no-ts-directive)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // @ts-ignore
      const victim: Frame = args.vpn;
      return { victim };
    },
  },
});
