/**
 * EXERCISE: sparse-indexof
 * Class: unpolled C builtins
 * Tries: a REAL array (not an array-like) whose length is 2^32-1 but which holds one element
 *   (dictionary elements: a few bytes of heap). Array.prototype.indexOf walks every index
 *   0..2^32-2 in C++ (DictionaryElementsAccessor::IndexOfValueImpl: FindEntry per index) with no
 *   interrupt check: neither fuel nor worker.terminate() stopped it (red team 3: 218 s against a
 *   1,000 ms deadline). The realm's bound used to exempt real arrays.
 * Defence: QuickJS: the prelude charges the walk by its length. V8 placements: the bound on
 *   walking builtins applies to real arrays too (a dense array cannot approach 2^24 elements in
 *   the kernel's heap; a sparse one's length costs nothing).
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
      const at = a.indexOf(2);
      const first = args.resident[at < 0 ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
