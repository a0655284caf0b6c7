/**
 * EXERCISE: sfi-computed-destructuring
 * Class: SFI evasion
 * Tries: reach Array.prototype with a computed key in a destructuring pattern
 *   (`const { [k]: AP } = [1]`, k = "__proto__"), which the key guard never saw, then plant an
 *   accessor at Array.prototype[0] with `__defineGetter__` so that SFI's snapshot of the resident
 *   frames answers 99, and give frame 99 back (issue 8, finding 9).
 * Defence: typed mode: the type check (an array has no string-keyed members to destructure), and
 *   behind it the verifier (a computed key must be a literal, in patterns too). SFI mode: every
 *   computed key, in patterns too, goes through the key guard, which refuses "__proto__"; the
 *   snapshot and the checked copy live in null-prototype objects the extension cannot reach anyway.
 * Expected: rejected: type check (TS2537)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

let planted = false;

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": () => {
      if (!planted) {
        planted = true;
        const k = ["__pro", "to__"].join("");
        const { [k]: AP } = [1];
        const g = ["__define", "Getter__"].join("");
        const s = ["__define", "Setter__"].join("");
        const { [g]: defineGetter, [s]: defineSetter } = AP;
        defineGetter.call(AP, "0", () => 99);
        defineSetter.call(AP, "0", () => undefined);
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
