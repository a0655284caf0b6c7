/**
 * EXERCISE: exercise-app-header
 * Class: exercise header
 * Tries: a header mistake, `App: nosuch` (no application of that name in the scenario duo)
 * Defence: the header parser should refuse it at its line (exit 2), as it refuses a With: neighbour that does not load (red team 12); NOW every cell is ESCAPED (kernel) "the run threw: ExtensionInputError: ...: no application named \"nosuch\"", exit 1 (red team 13)
 * Expected: contained: results-valid
 * Check: results-valid
 * App: nosuch
 */
import { defineExtension } from "spin-kernel/extension";
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
