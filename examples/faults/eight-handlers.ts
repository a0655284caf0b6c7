/**
 * Eight page-fault handlers in one extension (an array: at most 8 per event), each doing nothing
 * but answer: dispatch scaling in simulated time (docs/PERFORMANCE.md, "Experiments in simulated
 * time"). The eight run in one crossing, so a fault costs one crossing and eight fuel units;
 * eight copies of user-handler.ts cost eight crossings and eight units.
 *
 * Run it:
 *   npx spin load examples/faults/eight-handlers.ts --scenario examples/scenarios/fault-handling.json --mode server
 * Expected: 1,000 faults, 8,000 invocations, fuel 8,000; ext ms 89.400 (1,000 round trips of 89 µs
 * and 8,000 units of 50 ns), against 712.400 for eight copies of user-handler.ts.
 */
import { defineExtension, type Handler } from "spin-kernel/extension";

const answer: Handler<"Translation.PageNotPresent"> = () => ({});

export default defineExtension({
  name: "eight-handlers",
  handlers: {
    "Translation.PageNotPresent": [answer, answer, answer, answer, answer, answer, answer, answer],
  },
});
