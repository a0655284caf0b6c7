/**
 * EXERCISE: sparse-spread
 * Class: unpolled C builtins
 * Tries: spread a real array whose length is 2^32-1 and which holds one element into a Set
 *   (found by the enumeration behind red team 3's fix: spread syntax, `new Set(a)`,
 *   `Promise.all(a)` and `new AggregateError(a)` iterate a sparse array in C++, one step per
 *   index, with no interrupt check, as forEach did).
 * Defence: QuickJS: the prelude charges an array iterator by its length when it is made (red
 *   team 16, "Iteration charged"), so the spread stops on the budget before C steps through an
 *   index (it was one long C call, stopped by the host watchdog or the memory limit). V8 placements: the array iterators are bounded builtins too
 *   (sandbox/native/bounded-builtins.ts): making one over an array longer than 2^24 is a
 *   RangeError.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const a: number[] = [];
      a.length = 4294967295;
      a[0] = 1;
      const seen = new Set([...a]);
      const first = args.resident[seen.size > 1 ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
