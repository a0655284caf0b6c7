/**
 * EXERCISE: builtin-flat-holes
 * Class: unpolled C builtins
 * Tries: flatten, two levels deep, 4,096 references to an array of 4,096 references to a
 *   4,096-hole array: 6.9 × 10^10 visits in one C call that outputs nothing (holes are skipped,
 *   so the memory limit never fires); the meter charged the top-level length only.
 * Defence: the prelude's flat runs the inner levels in JavaScript (one tick per element visited),
 *   and flatMap is charged by each array its mapper returns. V8 placements: flat's whole walk
 *   (every index of every nested array it will descend into) is counted before it runs, at most
 *   2^24 (sandbox/native/bounded-builtins.ts, red team 3's fix): a RangeError (before: held
 *   past its deadline until the watchdog killed the worker).
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const holes = new Array<number>(4096);
      const middle: number[][] = new Array<number[]>(4096).fill(holes);
      const outer: number[][][] = new Array<number[][]>(4096).fill(middle);
      const flat = outer.flat(2);
      const first = args.resident[flat.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
