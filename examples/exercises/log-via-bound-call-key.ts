/**
 * EXERCISE: log-via-bound-call-key
 * Class: report forgery
 * Tries: a kernel.log bound through the call family, `Function.prototype.call.bind(kernel.log,
 *   null)` (a bind whose target is not kernel.log, whose call passes null as kernel.log's
 *   receiver), as the Symbol.toPrimitive of a key used by an object literal's computed key
 *   `{ [n]: 2 }`, a compound assignment `table[n] ??= 1`, an increment `n++` and `in`.
 * Defence: a line the engine writes through a bound kernel.log is placed where the coercion is,
 *   and that place is one of extensions/exercise/call-marks.ts logMarks' (measured in typed, sfi,
 *   native and server: an element access's `[`/`]`, an assignment's ` =`, a delete's key, a
 *   computed key, `new`, `++`/`--`, `instanceof`, a spread, a for-of's iterable).
 * Found (logmarks18, 2026-12-02, before call-marks.ts listed these sites): ESCAPED (logs-placed)
 *   ×4. After: each placement contained: logs-placed (QuickJS places `n++` at the operator, V8
 *   at the operand: both marks).
 *   Since bindlog18 (2026-12-02) Function.prototype.bind refuses kernel.log as its target, its
 *   receiver or in its bound arguments (prelude.js, bounded-strings.ts refuseBoundLog: "kernel.log
 *   cannot be bound"): the bind throws before any coercion runs, contained: exception ×4.
 * Expected: contained: exception
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const keys: number[] = [];
const wider: (number | { [Symbol.toPrimitive]: (message: string) => void })[] = keys;
const table: Record<string, number> = {};
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      if (keys.length === 0) wider.push({ [Symbol.toPrimitive]: kernel.log.call.bind(kernel.log, null) });
      let n = keys[0];
      if (n !== undefined) {
        const o = { [n]: 2 };
        table[n] ??= 1;
        sink += n in o ? 1 : 0;
        n++;
      }
      return { victim: first.frame };
    },
  },
});
