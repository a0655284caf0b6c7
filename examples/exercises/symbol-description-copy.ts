/**
 * EXERCISE: symbol-description-copy
 * Class: resource hog
 * Tries: have the engine copy a long string for it, uncharged, through a symbol's description:
 *   `String(symbol)` and `Symbol.prototype.toString` write `"Symbol(" + description + ")"`, a
 *   method keyed by a symbol is named `"[" + description + "]"`, and `bind` names its result
 *   `"bound " + name`: each a new string as long as the description, made in C or C++ where no
 *   wrapper of the string builtins sees it (String() calls SymbolDescriptiveString directly),
 *   and flattened by `charCodeAt`, an O(1) method nothing charges. With a 2^18-character
 *   description every iteration copies ~1 M characters for a few units of fuel or ticks.
 * Defence: a symbol an extension makes has a description of at most 1,024 characters (the
 *   Compartment's `Symbol` and `Symbol.for`, sandbox/native/bounded-strings.ts; the QuickJS
 *   prelude's alike): a RangeError when the symbol is made, so every copy of a description,
 *   charged or not, is short. In the V8 placements `String(symbol)` (the Compartment's String)
 *   and Symbol.prototype.toString also charge the copy by its length, and `bind` the name it
 *   makes (bind-name-copy). Before (main at 19c3450): typed, sfi: contained: deterministic, calls
 *   of ~350 ms uncharged (2,000 iterations a call; more would reach the deadline); native,
 *   server: stopped: timeout (native: 2 calls killed by the watchdog).
 * Expected: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const key = Symbol("d".repeat(1 << 18));
      for (let i = 0; i < 2000; i++) {
        const o = {
          [key](): number {
            return i;
          },
        };
        sink += String(key).charCodeAt(i % 64) + key.toString().charCodeAt(i % 64);
        sink += o[key].name.charCodeAt(i % 64) + o[key].bind(o).name.charCodeAt(i % 64);
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
