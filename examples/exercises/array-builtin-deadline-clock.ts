/**
 * EXERCISE: array-builtin-deadline-clock
 * Class: nondeterminism
 * Tries: Array builtins are bounded in length in the V8 placements (2^24) but charged nothing:
 *   `Array.from(new Array(n).keys())` makes [0..n-1] with no guest code (the iterator's steps
 *   are the kernel's wrapper, not fuel-counted), and `sort()` without a comparator converts and
 *   compares every element in C++ (2^20 elements: ~60-100 ms for a few fuel units). Each call
 *   sorts 2^18 more elements than the last, until the 1000 ms deadline, not fuel, ends a call,
 *   at a call that depends on the machine's load: same seed, different bytes.
 * Defence: bounded-builtins.ts's Array wrappers now charge the elements they walk before the
 *   builtin runs (builtin-fuel.ts: a unit per 4 elements, a unit per element converted by a join,
 *   n log2 n for a sort without a comparator), an array iterator its array's length when it is
 *   made, Array.from of an iterable what it made: the first call's sort of 2^18 elements is ~4.7 M
 *   units of the 990,000, the same call every run. QuickJS's prelude already charged sort n log n
 *   in ticks. Before: the deadline ended a call at a load-dependent point; a server, its bound.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const calls: number[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      const n = Math.min(calls.length << 18, 1 << 24);
      const sorted = Array.from(new Array(n).keys()).sort();
      const first = args.resident[sorted[0] === 0 ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
