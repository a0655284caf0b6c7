/**
 * EXERCISE: forge-any-json
 * Class: forged capabilities
 * Tries: launder a number into a Frame through `any`: `JSON.parse` returns `any`, which the
 *   checker lets flow into a Frame without complaint.
 * Defence: the verifier's no-unsafe-any rule refuses values of type `any` flowing anywhere.
 * Expected: rejected: verifier (no-unsafe-any)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const victim: Frame = JSON.parse(String(args.vpn + 1000));
      return { victim };
    },
  },
});
