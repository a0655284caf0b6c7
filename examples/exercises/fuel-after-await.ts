/**
 * EXERCISE: fuel-after-await
 * Class: resource hog
 * Tries: work for free after an `await`. The handler is async (a Strand.Block notification, whose
 *   result is void, so the type check lets it be) and does its work, 20,000 loop turns, after
 *   `await null`. In QuickJS the continuation runs when the host drains the jobs, after the
 *   handler wrapper's `finally` has reported the fuel spent up to the await (1 unit); it
 *   decremented the same counter the next handler's entry resets without reporting, so every turn
 *   after the await was free: red team 6 measured (sfi, on Reclaim) fuel 21 against 420,042 for
 *   the same handler without the await, charged 0.085 ms against 21 ms.
 * Defence: after a crossing that drained jobs the host asks the prelude for what the fuel counter
 *   spent beyond the reports (flushFuel): the continuation's units are charged to the call whose
 *   promise it settles, and it runs on what is left of that call's fuel and poll budget. In the
 *   V8 placements a promise is an unresolved-promise fault, and no job runs within the run (the
 *   kernel's run, a server's wait, are synchronous); one run later would find the fuel at zero.
 * Expected: contained: work-charged
 * Check: work-charged
 * Min-charge: 1000000
 * Expected-native: contained: unresolved promise
 * Check-native:
 * Expected-server: contained: unresolved promise
 * Check-server:
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let sink = 0;
function work(): void {
  for (let i = 0; i < 20000; i++) sink += i % 7;
}

export default defineExtension({
  handlers: {
    "Strand.Block": async () => {
      await null;
      work();
      if (sink < 0) kernel.log("never");
    },
  },
});
