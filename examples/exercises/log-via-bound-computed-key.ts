/**
 * EXERCISE: log-via-bound-computed-key
 * Class: report forgery
 * Tries: (the bound form of log-via-computed-key) reach a bound kernel.log with no call expression and no coercion mark, in SFI mode (no type
 *   check): an object whose Symbol.toPrimitive is kernel.log used as a computed key,
 *   `table[key]`. The key is converted to a string (pass control's __sfi_key calls String on a
 *   key that is not a number or a symbol), which calls kernel.log with the hint "string", a
 *   string the checked kernel.log accepts. The extension's frame is then at the element access,
 *   which is neither a call's mark nor a coercion's (extensions/exercise/call-marks.ts logMarks).
 * Defence: a computed key's conversion is a coercion mark (or __sfi_key refuses an object key,
 *   as the verifier's no-computed-member does in typed).
 * Found (redteam18q, 2026-12-02, `spin exercise run findings/log-via-computed-key.ts --mode all
 *   --json`): sfi ESCAPED (logs-placed): "0 of 16 kept lines placed at a call or a coercion of
 *   findings/log-via-computed-key.ts"; typed, native and server rejected: type check (TS2538, an
 *   object cannot be an index type). The same class as findings/log-via-instanceof.ts: SFI mode
 *   lets the engine call kernel.log from a place logMarks does not list.
 *   Bound (logmarks18, 2026-12-02): `kernel.log.bind(null, "bound")` keeps its receiver, so the
 *   receiver rule does not refuse it; before call-marks.ts listed the site, sfi ESCAPED
 *   (logs-placed); after, the line is at the element access, placed at its `]` (SFI's
 *   __sfi_key), a mark: contained: logs-placed.
 *   Since bindlog18 (2026-12-02) Function.prototype.bind refuses kernel.log as its target, its
 *   receiver or in its bound arguments (prelude.js, bounded-strings.ts refuseBoundLog: "kernel.log
 *   cannot be bound"): the bind throws before any coercion runs, sfi contained: exception (typed, native and server still refuse the types).
 * Expected: rejected: type check (TS2538)
 * Expected-sfi: contained: exception
 * Expected-native: rejected: type check (TS2538)
 * Expected-server: rejected: type check (TS2538)
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let sink = 0;
const table: Record<string, number> = { string: 1 };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge.
      kernel.log(`reclaim ${first.frame}`);
      const key = { [Symbol.toPrimitive]: kernel.log.bind(null, "bound") };
      sink += table[key] ?? 0;
      return { victim: first.frame };
    },
  },
});
