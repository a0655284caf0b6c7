/**
 * EXERCISE: for-in-string-hold
 * Class: unpolled C builtins
 * Tries: hold the kernel's thread with a statement no builtin wrapper sees: `for (const k in s)`
 *   over a string makes the key of every index before the first iteration (V8's ForInPrepare:
 *   one C++ call, ~0.2 s for 2^19 characters, ~2 s for 2^21, measured on Node 20 under this
 *   machine's load), and the loop's body breaks at once: one fuel unit for the whole walk.
 *   Thirty-two such loops in a row, each ended by its `break` before a back-edge: no interrupt
 *   check between them where worker.terminate() could act, so the thread runs on past the
 *   deadline, the grace and the held-thread backstop. The string is under a server's bound.
 * Defence: the V8 placements' fuel pass routes the object of every for-in through the frame's
 *   __sfi_forin (extensions/sfi/passes/fuel.ts), which charges a string (a primitive or a String
 *   object) 16 fuel units a character and an array 16 units an element, before V8 lists a key,
 *   as Object.keys is charged (object-entries-hold): the first loop here is ~8.4 M units, its fuel
 *   stops it before V8 walks a character. QuickJS: see the verdicts.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // A string's type is not an object type for-in takes (TS2407): `{}` is, and holds it.
      const s: {} = "t".repeat((1 << 19) - 64);
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      for (const k in s) { sink += k.length; break; }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
