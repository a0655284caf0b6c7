/**
 * A well-behaved extension: on every page fault of its application it answers "no prefetch" at
 * once. Each invocation is charged its crossing and one fuel unit (the handler's entry).
 * See greedy.ts for the experiment it is half of. Alone, on the well-behaved application:
 *   npx spin load examples/crosstalk/polite.ts --scenario examples/scenarios/crosstalk.json --app polite
 * Expected: 40 invocations, fuel 40, charged_ns 162,000 (typed: 40 × (4,000 + 50) ns).
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  name: "polite",
  handlers: {
    "Translation.PageNotPresent": () => ({}),
  },
});
