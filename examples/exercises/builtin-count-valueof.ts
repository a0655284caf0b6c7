/**
 * EXERCISE: builtin-count-valueof
 * Class: unpolled C builtins
 * Tries: answer the meter and the builtin differently: "x".repeat(count) where count's valueOf
 *   says 0 the first time it is asked (the meter) and 10 million the second (the builtin), a
 *   hundred thousand times.
 * Defence: typed mode: the verifier (the object passes for a number only through an assertion).
 *   sfi mode: the prelude converts a metered builtin's arguments once (ToNumber, ToString) and
 *   passes the builtin the converted values, so both see the same count; the budget stops it.
 * Expected: rejected: verifier (no-type-assertion)
 * Expected-sfi: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let asked = 0;
      const count = {
        valueOf(): number {
          asked++;
          return asked % 2 === 1 ? 0 : 10_000_000;
        },
      };
      let n = 0;
      for (let i = 0; i < 100_000; i++) n += "x".repeat(count as unknown as number).length;
      const first = args.resident[n % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
