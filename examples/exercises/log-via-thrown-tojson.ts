/**
 * EXERCISE: log-via-thrown-tojson
 * Class: report forgery
 * Tries: have kernel.log called by the sandbox's description of a thrown value, after the
 *   handler's frames are gone: the handler throws a plain object with a nested value whose
 *   toJSON is kernel.log; the sandbox writes the fault's message as the value's JSON ("guest
 *   threw object: {...}"), and JSON.stringify calls that toJSON with the nested value's key, a
 *   string of the extension's choosing, which becomes a log line's text. kernel.log returns
 *   undefined, so the key is left out of the message ({"name":"E"}).
 * Defence: (what should hold) a line written with no frame of the extension's is placed (at the
 *   throw) or marked as written by the sandbox's description of a fault, and the logs-placed
 *   check accepts only such; or the description runs no toJSON of the guest's.
 * Found (redteam18, 2026-12-02, `spin exercise run findings/log-via-thrown-tojson.ts --mode all
 *   --json`): ESCAPED (logs-placed: 0 of 8 kept lines placed) in all four placements; each line
 *   reads "a line of my choosing", has no position and is not marked fromJob, beside exception
 *   faults placed at the throw (35:9). Host alive, the kernel's check held. SFI's checked
 *   kernel.log takes the key (a string), and its snapshot of results does not cover a throw.
 *   After (red team 18's fix, issue 10): kernel.log refuses the receiver (the nested object) and
 *   any call while the kernel describes a fault: the description's JSON throws, and the fault is
 *   described by String ("guest threw object: [object Object]"), placed at the throw as before,
 *   with no line written (contained: exception in all four). The handler also logs one honest
 *   line a call, so logs-placed has lines to judge: every kept line is one of them.
 * Expected: contained: exception
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let calls = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge (and keeps only such).
      kernel.log(`reclaim ${first.frame}`);
      calls++;
      // Every other call, so that the run goes on past the first faults.
      if (calls % 2 === 0) {
        // JSON.stringify calls a nested value's toJSON with its key: the key is the line's text.
        const thrown = { name: "E", "a line of my choosing": { toJSON: kernel.log } };
        throw thrown;
      }
      return { victim: first.frame };
    },
  },
});
