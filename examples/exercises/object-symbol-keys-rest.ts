/**
 * EXERCISE: object-symbol-keys-rest
 * Class: unpolled C builtins
 * Tries: copy an object of 2^16 own symbol keys (built once, in the first call) with an object
 *   rest, `const { ...copy } = wide`, four hundred times a call. The rest (and a spread) copies
 *   every own enumerable symbol key in one C++ (or C) step, but the charge counts keys by
 *   getOwnPropertyNames, which lists no symbol (sfi-runtime.js __sfi_idx, for-in-fuel.ts
 *   namedKeyCount).
 * Defence: every walk's charge counts own keys by Reflect.ownKeys, names and symbols (the realm's
 *   or the prelude's own copy): V8's namedKeyCount (sandbox/native/for-in-fuel.ts); QuickJS's
 *   prelude getOwnPropertyNames, by which the SFI runtime's __sfi_idx counts, is charged by every
 *   own key (four ticks a symbol key). Before (red team 17): the deadline in all four, native's
 *   call killed by the watchdog.
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
        for (let j = 0; j < 400; j++) {
          const { ...copy } = wide;
          sink += copy === wide ? 1 : 0;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
