/**
 * EXERCISE: arraylike-sort-abort
 * Class: resource hog
 * Tries: Array.prototype.sort on an array-like whose length is 2^53-1 (red team 3). V8's Torque
 *   sort sizes its work array from the length and hit "FATAL ERROR: invalid array length
 *   Allocation failed - JavaScript heap out of memory": V8::FatalProcessOutOfMemory, which
 *   aborts the whole process (SIGABRT, exit 134), not just the worker it ran in.
 * Defence: V8 placements: the bound on walking builtins (sandbox/native/bounded-builtins.ts)
 *   refuses the receiver before V8 sizes anything. QuickJS: its sort of an array-like is charged
 *   by the length, and the budget stops it.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const numbers: number[] = [1, 2, 3];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const fake = { length: 9007199254740991 };
      numbers.sort.call(fake);
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
