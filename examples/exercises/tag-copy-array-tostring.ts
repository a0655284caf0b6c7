/**
 * EXERCISE: tag-copy-array-tostring
 * Class: resource hog
 * Tries: tag-copy-uncharged by another door. Array.prototype.toString calls the receiver's
 *   `join`, and when it has none, the INTRINSIC Object.prototype.toString, directly (the
 *   language's rule, in V8's C++): the realm's bounded, charged toString (red team 9's fix) is
 *   never called. An object with no `join` and a 2^19 - 128 character Symbol.toStringTag makes
 *   `"[object " + tag + "]"` a call, flattened by `charCodeAt`, an O(1) method no wrapper
 *   charges: 20,000 iterations are ~20,000 units and ~10 G characters copied.
 * Defence: the V8 placements' Array.prototype.toString takes the language's steps and calls
 *   the realm's bounded, charged Object.prototype.toString (sandbox/native/bounded-array-tostring.ts):
 *   each call is charged its result's length, and the loop's fuel runs out. QuickJS copied the tag
 *   uncharged too (20,000 calls of Object.prototype.toString: two runs differed, the deadline):
 *   the prelude's Object.prototype.toString and Array.prototype.toString now charge their result a
 *   tick per 64 characters. Before (redteam10): native, server: stopped: timeout (the deadline,
 *   two calls killed in native); typed, sfi: 0.5-1.2 s calls, by the load: contained:
 *   deterministic, or ESCAPED (deterministic: two runs differed, the deadline).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // 2^19 - 128 characters, made by doubling (QuickJS charges a repeat or a slice by length).
      const parts: string[] = [];
      let part = "t";
      for (let i = 0; i < 19; i++) {
        parts.push(part);
        part = part + part;
      }
      let tag = "";
      for (let i = 18; i >= 7; i--) tag = tag + (parts[i] ?? "");
      const tagged = { [Symbol.toStringTag]: tag };
      const describe = [].toString;
      for (let i = 0; i < 20000; i++) sink += describe.call(tagged).charCodeAt(i % 64);
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
