/**
 * EXERCISE: sort-comparator-tonumber
 * Class: unpolled C builtins
 * Tries: make each comparison of a sort cost a long string's conversion: 65,536 references to two
 *   numeric strings of 32,771 characters ("0.000…1" and "-0.000…1") are put in a `number[]`
 *   through array covariance (`const wide: (number | string)[] = nums`, no capability type
 *   involved), then sorted with `Math.atan2` as the comparator: every comparison converts both
 *   strings to numbers in C or C++ (~20 us a call at 8,192 characters), and no JavaScript frame
 *   of the guest's runs between them.
 * Defence: every placement's Math converts an argument that is not a number once, as Number does,
 *   a string charged by its length (a tick a character in QuickJS's prelude; CHARS_PER_FUEL a
 *   unit in the V8 placements, number-parse-fuel.ts chargedMathFunctions), and passes numbers
 *   on; the V8 placements' sort charges a builtin comparator n log2 n (sort-builtin-comparator).
 *   Before (red team 16): stopped by the deadline in all four (1,051-1,062 ms, the host
 *   watchdog's kill in typed, sfi and native, the kernel's in the server).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const nums: number[] = [];
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (nums.length === 0) {
        const wide: (number | string)[] = nums;
        const zeros = "0".repeat(32768);
        const up = `0.${zeros}1`;
        const down = `-0.${zeros}1`;
        let x = 1;
        for (let i = 0; i < 65536; i++) {
          x = (x * 16807) % 2147483647;
          wide.push(x % 2 === 1 ? up : down);
        }
      } else {
        nums.sort(Math.atan2);
        sink += nums.length;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
