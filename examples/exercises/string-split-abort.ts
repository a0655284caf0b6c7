/**
 * EXERCISE: string-split-abort
 * Class: resource hog
 * Tries: String.prototype.split("") of a 2^28-character string (red team 4): V8 sizes the result
 *   array from the length and hit a CHECK ("Fatal JavaScript invalid size error 268435456"),
 *   which killed the whole process (signal 5, exit 133), not just the worker.
 * Defence: V8 placements: the string bound (sandbox/native/bounded-strings.ts) refuses a
 *   receiver longer than 2^21 characters with a RangeError before V8 sizes anything. QuickJS:
 *   the doubling loop and the split are metered; the budget stops it.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let s = "a";
      while (s.length < 2 ** 28) s += s; // doubling, not repeat (itself bounded)
      const parts = s.split("");
      if (parts.length === 0) throw new Error("empty");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
