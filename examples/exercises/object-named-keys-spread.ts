/**
 * EXERCISE: object-named-keys-spread
 * Class: unpolled C builtins
 * Tries: copy an object of 2^16 own named keys (`o[-1 - i] = i`) into a new object, in C++
 *   or C, a hundred times a call: each `{ ...o }` defines every key again in one builtin step
 *   (~100 ms for 100,000 keys in V8, unhardened, on Node 20 under load), charged one unit or one tick.
 * Defence: an object spread's value goes through the frame's `__sfi_idx`, which charges its own
 *   keys beyond its indices (sandbox/native/for-in-fuel.ts namedKeyCount: 16 units a key in the
 *   V8 placements, as an index key; in the SFI runtime, which typed runs too, the prelude's
 *   Object.keys counts them for four ticks a key and two more are burnt past 4,096) before the
 *   copy: the first spread is ~1.05 M units. Before (main at e245a68, under load ~5): typed, native,
 *   server: stopped: timeout (the deadline, not the budget; calls killed, longest 1,291 ms);
 *   sfi: ESCAPED (two runs differed).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // Named keys: "-1" … "-65536" are not array indices (a string-typed computed key, as
      // `o["k" + i]`, is refused by the verifier; a number is not).
      const o: Record<number, number> = {};
      for (let i = 0; i < 1 << 16; i++) o[-1 - i] = i;
      for (let r = 0; r < 100; r++) {
        const copy = { ...o };
        sink += copy[-1] ?? 1;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
