/**
 * EXERCISE: builtin-apply-arguments
 * Class: unpolled C builtins
 * Tries: Math.max.apply(null, xs) with 65,534 numbers, a hundred thousand times: apply copies
 *   the array into an argument list in C and Math.max loops over it, two ticks for 130,000
 *   steps.
 * Defence: the prelude charges Function.prototype.apply (and Reflect.apply/construct) by the
 *   length of the argument list it builds.
 * Expected: stopped: budget
 * Expected-native: stopped: timeout
 * Expected-server: stopped: timeout
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const xs = new Array<number>(65_534).fill(1);
      let sum = 0;
      for (let i = 0; i < 100_000; i++) sum += Math.max.apply(null, xs);
      const first = args.resident[sum % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
