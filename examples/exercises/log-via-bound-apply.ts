/**
 * EXERCISE: log-via-bound-apply
 * Class: report forgery
 * Tries: a kernel.log bound through the apply family, `kernel.log.apply.bind(kernel.log, null,
 *   ["bound"])` (Reflect is refused by the verifier: no-reflect), as the Symbol.toPrimitive of a
 *   message `new Error(m)` converts, and as the Symbol.iterator of an iterable a spread and a
 *   for-of's head call (the iterator it returns is not an object: a TypeError, caught).
 * Defence: a line the engine writes through a bound kernel.log is placed where the coercion is,
 *   and that place is one of extensions/exercise/call-marks.ts logMarks' (measured in typed, sfi,
 *   native and server: an element access's `[`/`]`, an assignment's ` =`, a delete's key, a
 *   computed key, `new`, `++`/`--`, `instanceof`, a spread, a for-of's iterable).
 * Found (logmarks18, 2026-12-02, before call-marks.ts listed these sites): ESCAPED (logs-placed)
 *   ×4 (`new` placed at its parenthesis in QuickJS, at `new` in V8). After: each placement
 *   contained: logs-placed.
 *   Since bindlog18 (2026-12-02) Function.prototype.bind refuses kernel.log as its target, its
 *   receiver or in its bound arguments (prelude.js, bounded-strings.ts refuseBoundLog: "kernel.log
 *   cannot be bound"): the bind throws before any coercion runs, contained: exception ×4.
 * Expected: contained: exception
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

type Hook = { [Symbol.toPrimitive]: () => void };
const texts: string[] = [];
const widerTexts: (string | Hook)[] = texts;
const lists: number[][] = [];
const widerLists: (number[] | { [Symbol.iterator]: () => void })[] = lists;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      const bound = kernel.log.apply.bind(kernel.log, null, ["bound"]);
      if (texts.length === 0) widerTexts.push({ [Symbol.toPrimitive]: bound });
      if (lists.length === 0) widerLists.push({ [Symbol.iterator]: bound });
      const m = texts[0];
      const list = lists[0];
      if (m !== undefined && list !== undefined) {
        sink += new Error(m).message.length;
        try {
          sink += [...list].length;
        } catch {
          sink++;
        }
        try {
          for (const x of list) sink += x;
        } catch {
          sink++;
        }
      }
      return { victim: first.frame };
    },
  },
});
