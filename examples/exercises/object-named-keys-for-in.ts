/**
 * EXERCISE: object-named-keys-for-in
 * Class: unpolled C builtins
 * Tries: hold the kernel's thread with for-ins over an object of 2^16 own named keys
 *   (`o[-1 - i] = i`): V8 keeps such an object in dictionary mode and lists every key of it in
 *   C++ each time a for-in starts (ForInPrepare, no enum cache), QuickJS in C; each loop's body
 *   breaks at once, so the whole walk was one fuel unit (or one tick). Thirty-two such loops in
 *   a row, with no back-edge between them where worker.terminate() could act.
 * Defence: the for-in's object goes through the frame's `__sfi_idx`, which charges its own keys
 *   beyond its indices (sandbox/native/for-in-fuel.ts namedKeyCount: 16 units a key in the V8
 *   placements, as an index key; in the SFI runtime, which typed runs too, the prelude's
 *   Object.keys counts them for four ticks a key and two more are burnt past 4,096), then
 *   `__sfi_forin` the keys of what it inherits from (forInKeyUnits): the first loop is ~1.05 M
 *   units, stopped before V8 lists a key. Before (main at e245a68, under load ~5): typed, sfi:
 *   contained: deterministic (uncharged, 0.1-0.2 s calls); native, server: ESCAPED (two runs
 *   differed: the host was held past the deadline, 1,113 ms, a call killed).
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
