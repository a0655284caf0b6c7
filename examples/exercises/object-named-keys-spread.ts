/**
 * EXERCISE: object-named-keys-spread
 * Class: unpolled C builtins
 * Tries: copy an object of 100,000 own named keys (`Object.fromEntries` of `["k" + i, i]` pairs) into a new object, in C++
 *   or C, a hundred times a call: each `{ ...o }` defines every key again in one builtin step
 *   (~220 ms for 2^18 keys in V8, measured by red team 12), charged one unit or one tick.
 * Defence: an object spread's `__sfi_idx` charges the object's own keys (sandbox/native/
 *   for-in-fuel.ts namedKeyCount: 16 units a key in the V8 placements, as an index key; two
 *   ticks a key past 4,096 in the SFI runtime, which typed runs too) before the copy. Before
 *   (main at e245a68): native, server: stopped: timeout (the deadline, not the budget).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // Named keys, made from a list: a string-typed computed key is refused by the verifier.
      const pairs: [string, number][] = [];
      for (let i = 0; i < 100_000; i++) pairs.push(["k" + i, i]);
      const o: Record<string, number> = Object.fromEntries(pairs);
      for (let r = 0; r < 100; r++) {
        const copy = { ...o };
        sink += copy.k1 ?? 1;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
