/**
 * EXERCISE: log-via-bound-toprimitive-key
 * Class: report forgery
 * Tries: red team 18's coerced key (log-via-toprimitive-key) with a BOUND kernel.log, which keeps
 *   its own receiver (`kernel.log.bind(null, "bound")`), so the receiver rule does not refuse the
 *   engine's call: an object whose Symbol.toPrimitive is it, typed `number` by array covariance,
 *   as the key of a read `table[n]`, a write `table[n] = 1` and a delete `delete table[n]`.
 * Defence: a line the engine writes through a bound kernel.log is placed where the coercion is,
 *   and that place is one of extensions/exercise/call-marks.ts logMarks' (measured in typed, sfi,
 *   native and server: an element access's `[`/`]`, an assignment's ` =`, a delete's key, a
 *   computed key, `new`, `++`/`--`, `instanceof`, a spread, a for-of's iterable).
 * Found (issue 10's left-open note, 2026-12-02): ESCAPED (logs-placed) ×4, the bound lines placed
 *   at the access (typed, native, server: the `[`; sfi: the `]`; V8: a write's ` =`, a delete's key).
 *   After (logmarks18): every one of them is a mark; each placement contained: logs-placed.
 *   Since bindlog18 (2026-12-02) Function.prototype.bind refuses kernel.log as its target, its
 *   receiver or in its bound arguments (prelude.js, bounded-strings.ts refuseBoundLog: "kernel.log
 *   cannot be bound"): the bind throws before any coercion runs, contained: exception ×4.
 * Expected: contained: exception
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const keys: number[] = [];
const wider: (number | { [Symbol.toPrimitive]: (message: string) => void })[] = keys;
const table: Record<string, number> = { string: 1 };
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      if (keys.length === 0) wider.push({ [Symbol.toPrimitive]: kernel.log.bind(null, "bound") });
      const n = keys[0];
      if (n !== undefined) {
        sink += table[n] ?? 0;
        table[n] = 1;
        delete table[n];
      }
      return { victim: first.frame };
    },
  },
});
