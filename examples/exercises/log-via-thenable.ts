/**
 * EXERCISE: log-via-thenable
 * Class: report forgery
 * Tries: reach kernel.log from a promise job, with no frame of the extension on the stack: a
 *   promise resolved with a thenable whose then is kernel.log (the job calls then).
 * Defence: a line logged while the VM runs promise jobs is marked so (LogEntry.fromJob); the
 *   logs-placed check accepts a line with no position only when a job wrote it, and the report
 *   says "(from a promise job)" where a position would be. typed: the job runs in the call's
 *   drain, the line is kept, unplaced and so marked. sfi: the checked kernel.log refuses the
 *   resolve functions the job passes it (no line). native and server: V8 runs the job only when
 *   the kernel's run yields, after the run's report is made (no line reaches it), and kernel.log
 *   refuses a call outside the extension's calls (sandbox/native/guest-jobs.ts).
 *   After red team 18 (issue 10): kernel.log refuses a receiver other than the kernel object (or
 *   console), undefined or null, and the job calls then with the thenable as its receiver: the
 *   call throws, the promise rejects, no line is written in any placement (typed: contained:
 *   results-valid, as the others). In typed a reaction (`.then(kernel.log)`, receiver
 *   undefined) still writes a line marked as a job's (test/sandbox/log-frames.test.ts).
 * Expected: contained: results-valid
 * Check: results-valid
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // biome-ignore lint/suspicious/noThenProperty: the attack is a thenable
      const p = Promise.resolve({ then: kernel.log });
      sink += p === undefined ? 1 : 0;
      return { victim: first.frame };
    },
  },
});
