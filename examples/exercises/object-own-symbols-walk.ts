/**
 * EXERCISE: object-own-symbols-walk
 * Class: unpolled C builtins
 * Tries: Object.getOwnPropertySymbols of an object of 2^16 own named keys (made once, in the
 *   first call): the builtin goes through every own key in C to find the symbols (none), and
 *   QuickJS's prelude does not wrap it (the V8 placements charge it, bounded-builtins.ts).
 *   A thousand a call.
 * Defence: QuickJS's prelude wraps Object.getOwnPropertySymbols, charged a tick a key of every
 *   own key as isFrozen is (KEY_TICKS). Before (red team 17): typed and sfi stopped by the
 *   deadline.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let wide: Record<number, number> | undefined;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (wide === undefined) {
        const made: Record<number, number> = {};
        for (let i = 0; i < 1 << 16; i++) made[-1 - i] = i;
        wide = made;
      } else {
        for (let j = 0; j < 1000; j++) sink += Object.getOwnPropertySymbols(wide).length + 1;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
