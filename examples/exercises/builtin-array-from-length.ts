/**
 * EXERCISE: builtin-array-from-length
 * Class: unpolled C builtins
 * Tries: Array.from({ length: "1000000" }), a thousand times: an array-like (no iterator) is
 *   copied by a loop in C over its length, here a string the meter did not read as a number.
 * Defence: typed mode: the type check (a length must be a number). sfi mode: the prelude charges Array.from and %TypedArray%.from of an array-like by ToLength of
 *   its length (an iterable pays a tick per element anyway: each next() is a call).
 * Expected: rejected: type check (TS2769)
 * Expected-sfi: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let n = 0;
      for (let i = 0; i < 1000; i++) n += Array.from({ length: "1000000" }).length;
      const first = args.resident[n % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
