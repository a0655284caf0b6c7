/**
 * EXERCISE: numeric-argument-string
 * Class: unpolled C builtins
 * Tries: hold the host in the conversion of a numeric argument: a string of 32 K digits is put
 *   in a `number[]` (array covariance), then given as the position of `charAt`, the digits of
 *   `toFixed`, the code of `String.fromCharCode` and the index of an array's `at`, 2^14 times
 *   each a call: each call reads the whole string in C (ToNumber) for one tick or fuel unit.
 * Defence: QuickJS's prelude converts the numeric arguments of String.prototype's, Array's,
 *   %TypedArray%'s and Number.prototype's methods, String.fromCharCode and fromCodePoint and the
 *   typed-array constructors once, as Math's (a string charged a tick a character:
 *   sandbox/guest/prelude.js numericArgs), and passes them on converted.
 *   In V8 (native, server) sandbox/native/numeric-args-fuel.ts wraps the same set over the
 *   bounded wrappers and converts such an argument once with chargedToNumber (Math's rate):
 *   before, stopped: timeout, a call killed (1,109-1,146 ms; ESCAPED in a loaded matrix run);
 *   after, stopped: budget, longest call 17 ms native, 4 ms server.
 * Found (issue 10, "Left open" of red team 16's builtins: only Math's conversions were charged;
 *   2026-12-02, `spin exercise run numeric-argument-string.ts --mode all --timing`, the prelude
 *   of main): stopped: timeout in all four placements (1000 ms at the handler), a call killed
 *   by the host watchdog (1,109-1,146 ms).
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

const nums: number[] = [];
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (nums.length === 0) {
        const wide: (number | string)[] = nums;
        wide.push(`0.${"0".repeat(32768)}1`);
      } else {
        const n = nums[0] ?? 0;
        const a = [1, 2, 3];
        for (let i = 0; i < 1 << 14; i++)
          sink += "abc".charAt(n).length + (1.5).toFixed(n).length + String.fromCharCode(n).length + (a.at(n) ?? 0);
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
