/**
 * EXERCISE: many-handlers-one-event
 * Class: handler multiplication
 * Tries: bind 12 handlers to PhysAddr.Reclaim, each spinning: every handler of a batch gets
 *   its own budget and timeout, so the handlers multiply what one event may cost (found by a red
 *   team in sfi mode with 2,000 handlers: one event held the host 25.4 s with --timeout-ms 1000,
 *   and only 10 of the 2,000 overruns were recorded).
 * Defence: the loader refuses more than 8 handlers of one extension on one event
 *   (MAX_HANDLERS_PER_EVENT, docs/EXTENSIONS.md), with the place and what to do, in every mode
 *   (the API's types allow an array of handlers, as docs/SANDBOX.md documents; they cannot
 *   count its elements). The time one event may take, all its handlers together, is capped too
 *   (event-time-cap).
 * Expected: rejected: load (load/too-many-handlers)
 */
import { defineExtension, type Handler } from "spin-kernel/extension";

const reclaim: Handler<"PhysAddr.Reclaim"> = (args) => {
  let x = args.vpn;
  for (;;) x = (x * 1103515245 + 12345) % 2147483648;
};

export default defineExtension({
  handlers: {
    // The loader's cap refuses this in every mode. (The red team used 2,000; any number above
    // the cap is refused the same way, and a 2,000-element literal takes the type checker longer
    // than the exercises' type-check time limit.)
    "PhysAddr.Reclaim": [reclaim, reclaim, reclaim, reclaim, reclaim, reclaim, reclaim, reclaim, reclaim, reclaim, reclaim, reclaim],
  },
});
