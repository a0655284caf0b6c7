/**
 * EXERCISE: object-key-walks-unlisted
 * Class: unpolled C builtins
 * Tries: walk an object's 2^16 own named keys in C++/C, uncharged, with the key walks contain15
 *   did not list: Object.getOwnPropertySymbols (lists every key to keep the symbols: ~6 ms a call
 *   in V8 for 2^16 keys) and Object.isFrozen of a frozen dictionary object (~1.8 ms). The V8
 *   placements charge keys, values, entries, getOwnPropertyNames, assign, create and
 *   defineProperties (bounded-builtins.ts boundStringIndexWalks); freeze, seal, isFrozen,
 *   isSealed and getOwnPropertySymbols are not wrapped there. QuickJS's prelude charges freeze,
 *   seal and their tests a tick a key, but not getOwnPropertySymbols. A loop of 400 of each pair
 *   is ~800 fuel units for ~3 s of C++.
 * Defence: the V8 placements charge Object.freeze, seal, isFrozen, isSealed and getOwnPropertySymbols by
 *   every own key before they run (bounded-builtins.ts, 16 units a key); QuickJS's prelude already
 *   charged them. Before (red team 14): native and server stopped by the deadline (calls up to
 *   1,150 ms, 2 killed); with only the isFrozen loop, ESCAPED (two runs differed).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const o: Record<number, number> = {};
      for (let i = 0; i < 1 << 16; i++) o[-1 - i] = i;
      Object.freeze(o);
      for (let j = 0; j < 400; j++) {
        sink += Object.getOwnPropertySymbols(o).length;
        if (Object.isFrozen(o)) sink++;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
