/**
 * EXERCISE: string-spread-hold
 * Class: unpolled C builtins
 * Tries: object-entries-hold through syntax no wrapper sees: `{ ...s }` of a string defines a
 *   property per character, and `for (k in s)` lists every index before its first iteration,
 *   both in C++ (measured on Node 20, unhardened: ~1.1 us and ~0.65 us a character), with no
 *   interrupt check between the copies of one statement. Eight spreads of a string within a
 *   server's bound (2^19 characters) are ~5 s of host time with no loop back-edge and no
 *   function entry of JavaScript between them, and a for-in over it; `[...s]` and
 *   `Array.from(s)` step the string's iterator in C++ too (~120 ns a character).
 * Defence: the fuel pass routes an object spread's value and a for-in's object through the
 *   frame's `__sfi_idx` (extensions/sfi/passes/strings.ts), which charges a string (or String
 *   object) 16 units a character before the walk, as Object.keys of a string is charged; the
 *   realm's String.prototype[Symbol.iterator] charges 4 units a character when it is made, as
 *   an array iterator's steps are (it was charged a quarter of a unit, as a search). In QuickJS
 *   (typed runs the same rewrite, its fuel counted, never a limit) the SFI runtime's `__sfi_idx`
 *   burns two ticks a character of a long string, and the prelude's string iterator four
 *   (QuickJS's `{ ...s }` copies no index of a primitive; its for-in lists them, ~44 ns a
 *   character, measured). Before (main at 19c3450): native: stopped: timeout (a 5,210 ms call,
 *   2 killed: the thread held past the deadline and the grace); server: stopped: timeout;
 *   sfi: ESCAPED (deterministic: two runs differ, a 1,073 ms call killed); typed: contained:
 *   deterministic (486 ms calls, uncharged).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // 2^19 characters by doubling (`+` is charged by what it makes, a little: a copy's worth),
      // typed `{}`, which a string is, so that the type check lets it be spread and walked.
      let s = "\u0100";
      for (let i = 0; i < 19; i++) s = s + s;
      const t: {} = s;
      const copies = [{ ...t }, { ...t }, { ...t }, { ...t }, { ...t }, { ...t }, { ...t }, { ...t }];
      for (const k in t) {
        sink += k.length;
        break;
      }
      sink += copies.length + [...s].length + Array.from(s).length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
