/**
 * A greedy extension: on every page fault of its application it spins through a loop of 3,000
 * iterations before answering "no prefetch". Contained (3,000 fuel units are far inside every
 * budget), but not free: each invocation is charged its crossing plus 3,001 fuel units of
 * simulated time (docs/MACHINE.md, "Extensions in simulated time"), to its own application.
 *
 * Run it alone, then next to a well-behaved one (docs/PERFORMANCE.md, "Experiments in simulated time"):
 *   npx spin load examples/crosstalk/greedy.ts --scenario examples/scenarios/crosstalk.json
 *   npx spin load examples/crosstalk/greedy.ts@greedy examples/crosstalk/polite.ts@polite --scenario examples/scenarios/crosstalk.json
 * (The loop mixes with `^`, not `+`: in QuickJS every `+` goes through the strings check, a call,
 * and a loop of calls is charged by its interrupt polls rather than its fuel: docs/MACHINE.md.)
 * Expected: 40 invocations, fuel 120,040; with the default costs (typed: 4,000 ns a crossing,
 * 50 ns a unit) charged_ns 6,162,000, and polite's `done ms` later by exactly 6.162 ms than
 * with polite.ts alone.
 */
import { defineExtension } from "spin-kernel/extension";

const SPINS = 3_000;
let sink = 0;

export default defineExtension({
  name: "greedy",
  handlers: {
    "Translation.PageNotPresent": () => {
      for (let i = 0; i < SPINS; i++) sink = (sink ^ i) % 65_521;
      return {};
    },
  },
});
