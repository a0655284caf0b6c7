/**
 * EXERCISE: number-parse-uncharged
 * Class: unpolled C builtins
 * Tries: parse a long numeric string again and again: `+s`, `Number(s)`, `parseFloat(s)` and
 *   `parseInt(s)` each read every character of a 2^19-digit string in C (~0.5 ms each on Node
 *   20, measured under this machine's load; QuickJS likewise), and none was charged: an
 *   iteration of four parses was one fuel unit, ~2 ms of work, so 2,000 of them ran past the
 *   deadline. The string is made by doubling (~16,000 units in the V8 placements).
 * Defence: a string parsed as a number is charged by its length before it is read. V8
 *   placements: the Compartment's Number, parseFloat, parseInt, isNaN and isFinite convert their
 *   argument once and charge a string a unit per 4 characters (sandbox/native/number-parse-fuel.ts),
 *   and the fuel pass routes every unary plus through the frame's __sfi_num, which converts
 *   anything not a number the same way (extensions/sfi/passes/number-parse.ts). QuickJS: the
 *   prelude's Number, parseFloat, parseInt, isNaN, isFinite burn a tick a character first, and
 *   the runtime's __sfi_num calls that Number. Other operators that convert a string (`s * 1`)
 *   are refused by the type check on a string. Before (redteam10): all four placements: stopped:
 *   timeout (the deadline ended the loop; typed ran 20 iterations in 1,056 ms and two runs
 *   differed).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let s = "1";
      for (let i = 0; i < 19; i++) s = s + s;
      for (let i = 0; i < 2000; i++) {
        const x = +s + Number(s) + parseFloat(s) + parseInt(s, 10);
        sink += x > 0 ? 1 : 0;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
