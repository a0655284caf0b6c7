/**
 * EXERCISE: array-spread-object-uncharged
 * Class: resource hog
 * Tries: copy an array into an object in C++, uncharged (red team 11, high: native's runs
 *   differed). Issue 10's string-spread-hold charges an object spread of a string or a String
 *   object (`__sfi_idx`), but `{ ...a }` of an array copies every element to a new property
 *   too: ~0.55 us an element in V8 (a dictionary object of 2^18 properties), ~270 ns in QuickJS,
 *   one unit or one tick for all of them. Eight spreads of a 2^18-element array a call (the
 *   array's fill charged once).
 * Defence: (this branch) `__sfi_idx` charges an array's elements as it does a string's
 *   characters (sandbox/native/for-in-fuel.ts ownIndexCount: 16 units an element in the V8
 *   placements; two ticks an element past 4,096 in the SFI runtime, which typed runs too), before
 *   the spread; a for-in's `__sfi_forin` now charges only the arrays its object inherits from
 *   (the object's own are `__sfi_idx`'s). A sparse array is charged by its length. Before (main
 *   at d4a1b0d with contain13): typed, sfi: contained: deterministic, calls of ~580-750 ms
 *   uncharged; native: ESCAPED (deterministic: two runs differ; 2 calls killed by the watchdog,
 *   1,163 ms); server: stopped: timeout.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const elements = new Array<number>(1 << 18).fill(1);
      for (let i = 0; i < 8; i++) {
        const copy = { ...elements };
        sink += copy[i] ?? 1;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
