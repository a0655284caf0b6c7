/**
 * EXERCISE: builtin-length-getter
 * Class: unpolled C builtins
 * Tries: answer the meter and the builtin differently: an array-like whose length is a getter
 *   that returns 0 the first time it is read (the meter) and a billion the second (the C
 *   builtin's own read).
 * Defence: the prelude reads a metered builtin's length once and refuses a length the guest
 *   computes (a getter, or an object with valueOf) with a TypeError: the builtin never runs.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const numbers: number[] = [1, 2, 3];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let reads = 0;
      const fake = {
        get length(): number {
          reads++;
          return reads > 1 ? 1_000_000_000 : 0;
        },
      };
      const found = numbers.includes.call(fake, 42);
      const first = args.resident[found ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
