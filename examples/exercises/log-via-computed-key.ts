/**
 * EXERCISE: log-via-computed-key
 * Class: report forgery
 * Tries: reach kernel.log with no call expression and no coercion mark, in SFI mode (no type
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
 *   On main since red team 18's receiver rule (logmarks18, 2026-12-02): sfi stopped: sfi check
 *   (the checked kernel.log's receiver trap: the engine passes the key object as receiver);
 *   the handler also logs one honest line a call, so logs-placed has lines to judge.
 * Expected: rejected: type check (TS2538)
 * Expected-sfi: stopped: sfi check
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
      const key = { [Symbol.toPrimitive]: kernel.log };
      sink += table[key] ?? 0;
      return { victim: first.frame };
    },
  },
});
