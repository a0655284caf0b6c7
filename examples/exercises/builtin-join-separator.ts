/**
 * EXERCISE: builtin-join-separator
 * Class: unpolled C builtins
 * Tries: join 8 elements with a 1-million-character separator, a hundred thousand times: each
 *   join builds 7 MB in one C call (within the memory limit), charged by its 8 elements only.
 * Defence: the prelude charges every metered builtin that builds a string by the string it
 *   returns (one tick per 64 characters), after it returns: calls that are each bounded by the
 *   memory limit still add up to the budget. The V8 placements bound a join's result by the
 *   realm's string bound before it is made (red team 8, join-total-oom): the first join, 7 M
 *   characters, is a RangeError (it was the deadline in native, the deadline or the server's
 *   heap in a server).
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const eight = new Array<number>(8).fill(1);
      const separator = "x".repeat(1_000_000);
      let n = 0;
      for (let i = 0; i < 100_000; i++) n += eight.join(separator).length;
      const first = args.resident[n % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
