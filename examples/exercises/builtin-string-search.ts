/**
 * EXERCISE: builtin-string-search
 * Class: unpolled C builtins
 * Tries: search a 4-million-character string for a 2-million-character needle that almost
 *   matches everywhere: QuickJS's search compares up to (n - m + 1) × m characters, 4 × 10^12,
 *   in one C call; the meter charged the haystack's length only.
 * Defence: the prelude charges a string search by the comparisons it can make (n × m/32 ticks
 *   for a needle longer than 32 characters): the budget stops it before it runs.
 *   V8 placements: the string bound (sandbox/native/bounded-strings.ts, red team 4) refuses the
 *   string longer than 2^21 characters with a RangeError before anything walks it.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Check-native: bounded-work
 * Expected-server: contained: exception
 * Check-server: bounded-work
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const haystack = "a".repeat(4_000_000);
      const needle = `${"a".repeat(2_000_000)}b`;
      const at = haystack.indexOf(needle);
      const first = args.resident[at < 0 ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
