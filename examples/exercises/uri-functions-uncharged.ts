/**
 * EXERCISE: uri-functions-uncharged
 * Class: unpolled C builtins
 * Tries: hold the host in the URI functions: a 2^18-character ASCII string (doubled honestly,
 *   one `+` a call) is decoded by decodeURIComponent 3,000 times a call, each a walk and a copy
 *   of 262,144 characters in C or C++ for one tick or one fuel unit (the loop's back-edge). Red
 *   team 16 used encodeURIComponent, which a server refuses at this length (its growth bound:
 *   9 x 2^18 is past its 2^19); decoding grows nothing, so every placement runs the loop.
 * Defence: every placement charges encodeURI, encodeURIComponent, decodeURI,
 *   decodeURIComponent, escape and unescape their argument before they run and their result
 *   after: QuickJS's prelude a tick a character (past FREE) and a tick per 64 of the result, the
 *   V8 placements CHARS_PER_FUEL characters a unit each (bounded-strings.ts, beside the growth
 *   bound). Before (red team 16, with encodeURIComponent): typed, sfi and native stopped by the
 *   deadline, a call killed by the host watchdog in each (1,093-1,308 ms).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let str = "ab";
let sink = 0;
let held: unknown = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (str.length < 1 << 18) {
        str = str + str;
      } else {
        const s = str;
        for (let i = 0; i < 3000; i++) held = decodeURIComponent(s);
      }
      sink += held === 0 ? 1 : 2;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
