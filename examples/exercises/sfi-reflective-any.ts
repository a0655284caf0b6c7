/**
 * EXERCISE: sfi-reflective-any
 * Class: SFI evasion
 * Tries: reach Array.prototype without any dangerous key: SFI mode trusts no type, so
 *   `const O: any = Object; O.getPrototypeOf([])` slipped past the verifier's type-based
 *   no-reflective-object-api rule; then `O.defineProperty` plants a getter at
 *   Array.prototype[0] to corrupt SFI's snapshot of the resident frames and pass frame 99.
 * Defence: typed mode: the verifier (no `any`). SFI mode: the runtime takes the reflective
 *   Object/Reflect functions away before the extension runs (they trap), and its own state is in
 *   null-prototype objects.
 * Expected: rejected: verifier (no-explicit-any)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

let planted = false;

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": () => {
      if (!planted) {
        planted = true;
        const O: any = Object;
        const AP = O.getPrototypeOf([]);
        O.defineProperty(AP, "0", { get: () => 99, set: () => undefined });
      }
      return {};
    },
    "PhysAddr.Reclaim": (args) => {
      // Frame 99 does not exist; the corrupted snapshot would have said it was resident.
      const forged = 99 as Frame;
      return { victim: args.vpn >= 0 ? forged : forged };
    },
  },
});
