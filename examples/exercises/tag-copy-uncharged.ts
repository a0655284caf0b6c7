/**
 * EXERCISE: tag-copy-uncharged
 * Class: resource hog
 * Tries: stack-header-uncharged with builtins no wrapper charges: Object.prototype.toString
 *   writes `"[object " + tag + "]"` for an object whose Symbol.toStringTag is the guest's string,
 *   and Symbol.prototype.toString writes `"Symbol(" + description + ")"`: each a new string as
 *   long as the guest's, made in C++ (V8's StringAdd: a rope) and flattened by `charCodeAt`, an
 *   O(1) method no wrapper charges. With a 2^19 - 64 character tag, every loop unit of fuel
 *   copies ~0.5 M characters: 2,000 iterations are ~2,000 units and ~1 G characters.
 * Defence: the realm's Object.prototype.toString reads the tag once, finds the builtin tag from
 *   the object's internal slots, refuses a result past the realm's string bound and charges the
 *   result's length (sandbox/native/bounded-strings.ts); RegExp.prototype.toString likewise
 *   (rope-by-regexp-tostring). Symbol.prototype.toString and String(symbol), which copy a
 *   symbol's description: symbol-description-copy. Before (redteam9): typed, sfi: stopped:
 *   budget; native, server: ESCAPED
 *   (deterministic: two runs differ, the watchdog killed calls at the deadline).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const tag = "t".repeat((1 << 19) - 64);
      const tagged = { [Symbol.toStringTag]: tag };
      const describe = {}.toString;
      for (let i = 0; i < 2000; i++) sink += describe.call(tagged).charCodeAt(i % 64);
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
