/**
 * EXERCISE: string-index-walks-uncharged
 * Class: resource hog
 * Tries: walk a string's index properties in C++ through a builtin no charge wraps (red team 11,
 *   high: a server's runs differed). Issue 10 charged an object spread and a for-in of a string
 *   (`__sfi_idx`), red team 9 Object.keys, values, entries, getOwnPropertyNames and assign; but
 *   `Object.create(null, props)` lists every own key of `props` too (ObjectDefineProperties),
 *   and a String object has one an index: ~0.9 us a character in V8 before the first
 *   descriptor is refused (a character is no descriptor: the TypeError is caught). The type
 *   check refuses a String as a PropertyDescriptorMap, so one is put in a
 *   PropertyDescriptorMap[] seen as object[] (array covariance). Four walks of 2^18 characters
 *   a call, no loop the fuel sees.
 * Defence: (this branch) Object.create and Object.defineProperties are charged by the index
 *   count of a string or String object they are given as properties, before they walk it, as
 *   Object.keys is: 16 units a character in the V8 placements (sandbox/native/bounded-builtins.ts
 *   boundStringIndexWalks), a tick a key in QuickJS's prelude (which also charges Reflect.ownKeys
 *   and Object.getOwnPropertyDescriptors by their lists, though the verifier refuses both). Before (main
 *   at d4a1b0d with contain13): typed, sfi, native: contained: deterministic, calls of ~250 ms,
 *   ~40 ms and ~470 ms uncharged; server: ESCAPED (deterministic: two runs differ; calls of
 *   ~1,000 ms, the deadline).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const s = "a".repeat(1 << 18);
      // Array covariance: a PropertyDescriptorMap[] seen as object[] takes a String object.
      const maps: PropertyDescriptorMap[] = [];
      const objects: object[] = maps;
      objects.push(new String(s));
      const boxed = maps[0];
      if (boxed === undefined) throw new Error("no map");
      for (let i = 0; i < 4; i++) {
        try {
          const made: unknown = Object.create(null, boxed);
          if (made === null) sink++;
        } catch {
          sink++;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
