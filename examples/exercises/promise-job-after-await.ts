/**
 * EXERCISE: promise-job-after-await
 * Class: resource hog
 * Tries: resume an async function outside the call, in straight-line code: a Reclaim grows an
 *   array by 2^15 numbers a call, and from the 9th call on starts (does not return) an async
 *   function that awaits, then sorts the 2^18-element array as strings (n log2 n = ~4.7 M
 *   comparisons). The sort is one statement after the await: no loop back-edge or function
 *   entry, so no fuel check, between the resumption and the builtin. In QuickJS the
 *   continuation runs in the call's drain, charged. In the V8 placements it runs when the
 *   thread's stack empties (native: after the kernel's synchronous run and its report; server:
 *   after the kernel told it to stop), where the fuel (0 between calls) is never checked before
 *   the sort and the builtin charger was unset: the sort ran uncharged, with no deadline.
 * Defence: typed and sfi: the prelude charges the sort by n log2 n in the drain (budget).
 *   native and server: the async function's promise, and the one its await made, were made in
 *   the call, so they are the guest's (V8's promise hooks, sandbox/native/guest-jobs.ts): its
 *   continuation runs with the VM's job charger, which refuses every charge, and the sort throws
 *   before it compares anything; the rejection is the async function's, which nothing handles.
 * Found (2026-12-02, promisejobs, load ~7 on 2 cores): `spin exercise run --mode native` took
 *   4.0-4.1 s of user CPU before the fix, 3.4-3.5 s after (server 3.9 → 3.3-3.8): the sorts ran
 *   after each run's report. The verdict is the same: the report is made before any job runs
 *   (docs/EXERCISES.md, "Promise jobs outside a call").
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

async function later(): Promise<void> {
  await 0;
  sink += big.sort()[0] ?? 0;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      calls++;
      if (calls <= 8) {
        for (let i = 0; i < 32768; i++) big.push((i * 7919) % 32749);
      } else {
        sink += later() === undefined ? 1 : 0;
      }
      return { victim: first.frame };
    },
  },
});
