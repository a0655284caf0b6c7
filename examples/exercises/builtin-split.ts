/**
 * EXERCISE: builtin-split
 * Class: unpolled C builtins
 * Tries: split a 4 MiB string into 4 million one-character strings with one call to
 *   String.prototype.split: a C loop that allocates without polling.
 * Defence: the prelude's metering of C builtins charges split one tick per character of its
 *   input (4 million ticks, four times the budget) before it runs; behind it, the memory limit
 *   (4 million values do not fit in 16 MiB).
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
      const text = "ab".repeat(1 << 21);
      const parts = text.split("");
      const first = args.resident[parts.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
