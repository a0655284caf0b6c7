/**
 * EXERCISE: object-named-keys-for-in
 * Class: unpolled C builtins
 * Tries: hold the kernel's thread with for-ins over an object of 100,000 own named keys
 *   (`Object.fromEntries` of `["k" + i, i]` pairs): V8 keeps such an object in dictionary mode and lists every key of it in
 *   C++ each time a for-in starts (ForInPrepare, no enum cache), QuickJS in C; each loop's body
 *   breaks at once, so the whole walk was one fuel unit (or one tick). Thirty-two such loops in
 *   a row, with no back-edge between them where worker.terminate() could act.
 * Defence: the for-in's `__sfi_forin` charges the object's own keys (sandbox/native/for-in-fuel.ts
 *   forInKeyUnits: 16 units a key in the V8 placements, as an index key; two ticks a key past
 *   4,096 in the SFI runtime, which typed runs too) before the walk. Before (main at e245a68):
 *   native, server: ESCAPED (the host was held past the deadline; two runs differed).
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
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      for (const k in o) { sink += k.length; break; }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
