/**
 * EXERCISE: object-assign-string-source
 * Class: unpolled C builtins
 * Tries: Object.assign({}, s) with s a string of 2^16 characters (made once, in the first call):
 *   assign copies every index of a string source, a property a character, in C. QuickJS's
 *   prelude charges assign's sources only when they are objects (prelude.js KEY_TICKS wrap:
 *   `if (isObject(args[i]))`), so a string source is copied for nothing. A hundred a call.
 * Defence: Object's key walks charged by every own key, and an assign's string source by its
 *   length, four ticks a character as an object source's key (prelude.js KEY_TICKS wrap); the
 *   V8 placements charged it already (bounded-builtins.ts ownIndexCount). Before (red team 17):
 *   typed and sfi stopped by the deadline.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let wide: string | undefined;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (wide === undefined) {
        wide = "x".repeat(1 << 16);
      } else {
        for (let j = 0; j < 100; j++) {
          const o: Record<number, string> = Object.assign({}, wide);
          sink += o[7] === "x" ? 1 : 0;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
