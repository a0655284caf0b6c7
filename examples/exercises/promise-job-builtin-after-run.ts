/**
 * EXERCISE: promise-job-builtin-after-run
 * Class: resource hog
 * Tries: leave builtin work for after the call, where nothing bounds it: a Reclaim grows an
 *   array by 2^15 numbers a call, and from the 9th call on queues 20 reactions whose handler is a
 *   builtin (`Promise.resolve(big).then(Array.from)`), each copying the 2^18-element array with
 *   no guest frame on the stack. In QuickJS the job runs in the call's drain, charged. In the V8
 *   placements a handler's jobs run only when the thread's stack empties: in native after the
 *   kernel's synchronous run has returned and its report is made; in a server after the kernel
 *   has told it to stop. There no guest call runs: no deadline, no call the watchdog could kill,
 *   the builtin charger unset; the fuel, 0 between calls, stops only the guest's own functions.
 * Defence: typed and sfi: the prelude charges Array.from by its elements in the drain (budget).
 *   native and server: every promise made while a guest call (or a guest job) runs is the
 *   guest's (V8's promise hooks, sandbox/native/guest-jobs.ts), and its jobs run with the VM's
 *   job charger, which refuses every charge: Array.from throws before it copies anything.
 * Found (2026-12-02, promisejobs, load ~7 on 2 cores): `spin exercise run --mode native` took
 *   5.1-5.7 s of user CPU before the fix, 3.9 s after (server 4.3 → 3.7-3.9): the copies ran
 *   after each run's report, with no deadline. A /tmp probe (`spin load --mode native`, three
 *   `.then(Array.from)` of a 2^22-element array) kept the CLI waiting ~8 s after its report, until
 *   the supervisor's HELD_AFTER_MS (5 s after a report) stopped the worker. The verdict is the
 *   same: the report is made before any job runs.
 * Expected: stopped: budget
 * Expected-native: contained: results-valid
 * Expected-server: contained: results-valid
 * Check-native: results-valid
 * Check-server: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

const big: number[] = [];
let calls = 0;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      calls++;
      if (calls <= 8) {
        for (let i = 0; i < 32768; i++) big.push(i);
      } else {
        for (let i = 0; i < 20; i++) sink += Promise.resolve(big).then(Array.from) === undefined ? 1 : 0;
      }
      return { victim: first.frame };
    },
  },
});
