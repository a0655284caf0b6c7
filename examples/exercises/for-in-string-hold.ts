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
 * Defence: the fuel pass routes the object of every for-in through the frame's __sfi_idx (issue
 *   10's string-spread-hold, which closed this same hole for a string or a String object while
 *   this exercise was being made) and __sfi_forin (extensions/sfi/passes/for-in.ts: every array on
 *   the prototype chain and every String object it inherits from). In the V8 placements a string
 *   is charged 16 fuel units an index before V8 lists a key, as Object.keys is charged
 *   (object-entries-hold): the first loop here is ~8.4 M units, its fuel stops it before V8 walks
 *   a character. QuickJS lists every key in C too (~40 ns an index, one tick in all: 32 loops took
 *   ~650 ms of a call, most of the deadline, for 32 ticks); the runtime burns two ticks an index
 *   first, and the first loops are past the budget. Before (redteam10):
 *   native: stopped: timeout (the host watchdog killed the call); server: stopped: memory (the
 *   keys exhausted its heap); typed, sfi: contained: deterministic (0.35-0.67 s calls,
 *   uncharged).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // Doubled, not repeated: QuickJS charges repeat a tick a character (2^19 is its whole
      // budget), and the doubling is ~16,000 units in the V8 placements.
      let t = "t";
      for (let i = 0; i < 19; i++) t = t + t;
      // A string's type is not an object type for-in takes (TS2407): `{}` is, and holds it.
      const s: {} = t;
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
