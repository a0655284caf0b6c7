/**
 * EXERCISE: object-symbol-keys-walks
 * Class: unpolled C builtins
 * Tries: Object.keys, JSON.stringify and Object.assign of an object of 2^16 own symbol keys
 *   (built once, in the first call), a hundred times each a call. Each walks every own key in
 *   C (assign copies the symbols), but every charge counts keys by getOwnPropertyNames, which
 *   lists no symbol (QuickJS prelude.js namesOf; V8 for-in-fuel.ts namedKeyCount,
 *   bounded-json.ts): red team 15's hidden-keys walks with symbols for hidden keys.
 * Defence: Object's key walks and JSON walks charged by every own key, counted by Reflect.ownKeys
 *   (symbols too): QuickJS's prelude ownKeysOf, V8's namedKeyCount (for-in-fuel.ts, which
 *   bounded-builtins.ts and bounded-json.ts call; getOwnPropertyNames is counted first now, its
 *   list leaving the symbols out). Before (red team 17): the deadline in all four, native's call
 *   killed by the watchdog.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let wide: Record<symbol, number> | undefined;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (wide === undefined) {
        const made: Record<symbol, number> = {};
        for (let i = 0; i < 1 << 16; i++) made[Symbol()] = i;
        wide = made;
      } else {
        for (let j = 0; j < 100; j++) {
          sink += Object.keys(wide).length;
          sink += JSON.stringify(wide).length;
          sink += Object.keys(Object.assign({}, wide)).length;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
