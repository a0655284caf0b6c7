/**
 * EXERCISE: result-nan
 * Class: results that lie
 * Tries: ask for NaN and Infinity pages to be prefetched (type-correct: they are numbers),
 *   hoping the kernel indexes its page tables with them.
 * Defence: the kernel's result schema: prefetch entries must be integers ≥ 0 (NaN and Infinity
 *   do not even survive JSON encoding; they arrive as null).
 * Expected: refused: kernel validation
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => ({ prefetch: [args.vpn + 1, Number.NaN, Number.POSITIVE_INFINITY] }),
  },
});
