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
 * Limits: timeoutMs=250
 * Why the limit: in native and server the hundred thousand applies outlast the default 1,000 ms
 *   as well as any shorter deadline; 250 ms keeps the matrix quick, and is still five times the
 *   longest call of typed and sfi, which their budget must stop first (34 and 52 ms, load 5).
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
