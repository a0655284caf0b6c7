/**
 * EXERCISE: log-via-result-tojson
 * Class: report forgery
 * Tries: have kernel.log called by the kernel's own encoding of the handler's result, after the
 *   handler returned: the result (a variable, so no excess-property check) carries `toJSON:
 *   kernel.log` on a nested value, which JSON.stringify calls with that value's key (a string of
 *   the extension's choosing: the line's text) after the handler returned, so no frame of the
 *   extension is on the stack; kernel.log returns undefined, the key is left out, and the
 *   result the kernel validates is the plain `{ victim }` (no fault: the extension is never
 *   unloaded for it).
 * Defence: (what should hold) a line written with no frame of the extension's is either placed
 *   (at the handler's return) or marked as the kernel's encoding's, and the logs-placed check
 *   accepts only such; or the result's toJSON never runs (sfi's plain-data snapshot).
 * Found (redteam18, 2026-12-02, `spin exercise run findings/log-via-result-tojson.ts --mode all
 *   --json`): typed, native, server ESCAPED (logs-placed: 0 of 16 kept lines placed): each line
 *   reads "the kernel chose this frame itself", has no position and is not marked as a promise
 *   job's (LogEntry.fromJob), and the run records no fault (every result accepted); sfi
 *   contained: results-valid (its plain-data snapshot of the result: toJSON never runs, no
 *   line). With `toJSON: kernel.log` on the result itself the line's text is "" and the result
 *   is undefined (invalid-result faults); the nested form keeps the extension loaded.
 *   After (red team 18's fix, issue 10): kernel.log refuses a receiver other than the kernel
 *   object (or console), undefined or null, and any call while the kernel encodes a result,
 *   describes a fault or reads the definition (a bound kernel.log, which keeps its receiver, is
 *   refused there too): the encoding throws, and the result is refused as not JSON-serialisable
 *   (typed, native, server: refused: kernel validation, at the handler); sfi as before. The
 *   handler also logs one honest line a call, so logs-placed has lines to judge.
 * Expected: refused: kernel validation
 * Expected-sfi: contained: results-valid
 * Check: logs-placed
 * Check-sfi: results-valid
 */
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge (and keeps only such).
      kernel.log(`reclaim ${first.frame}`);
      // JSON.stringify calls a nested value's toJSON with its key: the key is the line's text,
      // and the undefined kernel.log returns leaves the key out, so the result stays valid.
      const result = { victim: first.frame, "the kernel chose this frame itself": { toJSON: kernel.log } };
      return result;
    },
  },
});
