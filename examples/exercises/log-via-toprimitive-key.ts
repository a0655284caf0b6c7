/**
 * EXERCISE: log-via-toprimitive-key
 * Class: report forgery
 * Tries: reach kernel.log with no call expression at a coercion logMarks does not know: an
 *   object whose Symbol.toPrimitive is kernel.log, typed `number` through array covariance
 *   (`number[]` seen as `(number | { [Symbol.toPrimitive]: ... })[]`), used as an element
 *   access's key (`table[n]`): the engine converts the key (ToPropertyKey) and calls kernel.log
 *   with the hint, "string", a valid message (so SFI's checked kernel.log takes it, where
 *   red team 17's toString passed it nothing). Both engines place the line truthfully at the
 *   key's access, which is no call mark and none of the coercions call-marks.ts logMarks lists
 *   (template substitutions, binary operators, prefix + - ~).
 *   Measured beside it (native, the same object): `new Error(n)` placed at `new` (19:19 of a
 *   probe), an assignment `o[n] = 1` at its ` =` (22:13), an object literal's computed key
 *   `{ [n]: 2 }` at the key (23:46), `n++` at the operand (25:9, hint "number"): each unplaced.
 * Defence: (what should hold) the logs-placed check accepts every place an engine coerces a
 *   value (call-marks.ts logMarks: element access keys, computed keys, `new` expressions,
 *   increments), or a coerced kernel.log is refused; the line is then placed or not written.
 * Found (redteam18, 2026-12-02, `spin exercise run findings/log-via-toprimitive-key.ts --mode all
 *   --json`): ESCAPED (logs-placed: 0 of 16 kept lines placed) in all four placements, each
 *   line's text "string", placed at 40:41 (typed, native, server: the `[` of `table[n]`) and
 *   40:43 (sfi: its `]`); host alive, the kernel's check held. SFI's checked kernel.log takes
 *   the hint as its message, so sfi is not stopped as it was for the toString form.
 *   After (red team 18's fix, issue 10): kernel.log refuses a receiver other than the kernel
 *   object (or console), undefined or null, in all four placements: the engine's call passes the
 *   coerced object, and the access throws a TypeError that says how to call kernel.log (typed,
 *   native, server: contained: exception at the `[` of `table[n]`; sfi: its checked kernel.log
 *   traps, stopped: sfi check at the handler). The handler also logs one honest line a call (at
 *   a call), so logs-placed has lines to judge: every kept line is one of them.
 * Expected: contained: exception
 * Expected-sfi: stopped: sfi check
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
      // An honest line, at a call: the check has lines to judge (and keeps only such).
      kernel.log(`reclaim ${first.frame}`);
      if (keys.length === 0) wider.push({ [Symbol.toPrimitive]: kernel.log });
      const n = keys[0];
      if (n !== undefined) sink += table[n] ?? 0;
      return { victim: first.frame };
    },
  },
});
