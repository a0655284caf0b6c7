/**
 * EXERCISE: set-union-copy
 * Class: unpolled C builtins
 * Tries: hold the host in QuickJS's Set methods (ES2025, in this QuickJS 2025-09-13):
 *   `big.union(empty)`, `big.difference(empty)` and `big.symmetricDifference(empty)` copy the
 *   receiver's records into a new Set in C (js_copy_set), for the tick of the call and of the
 *   empty argument's `keys()`; nothing wraps them (the prelude charges a Set's iterators and its
 *   forEach, red team 16, not these). A Set of 2^18 numbers is built honestly over a few calls
 *   (a fuel unit an `add`), then every later call copies it 200 times.
 * Defence: the prelude charges each of the seven ES2025 Set methods (union, intersection,
 *   difference, symmetricDifference, isSubsetOf, isSupersetOf, isDisjointFrom) four ticks an
 *   element of its receiver before it runs, as a Set's iterator is charged when made; the
 *   argument's records are walked by its own (charged) keys() or looked up by its has
 *   (sandbox/guest/prelude.js, red team 18). The V8 placements (Node 20) have no Set methods:
 *   the call throws a TypeError (contained: exception). Before (red team 18, `spin exercise run
 *   findings/set-union-copy.ts --mode all --json --timing`): typed and sfi stopped: timeout (1000
 *   ms at the handler, 50:5), the host watchdog killed a call (1,093 and 1,067 ms). A probe: ten
 *   unions of a 2^18-element Set, 166 ms and 0 polls.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

interface SetMethods {
  union(other: Set<number>): Set<number>;
  difference(other: Set<number>): Set<number>;
  symmetricDifference(other: Set<number>): Set<number>;
}
// The ES2022 library the type check uses has no Set methods: a method's parameter is compared
// both ways (bivariance), so a copier that takes a Set with them is a Copier of any Set.
interface Copier {
  copies(s: Set<number>): number;
}
const copier: Copier = {
  copies(m: Set<number> & SetMethods): number {
    let n = 0;
    for (let i = 0; i < 200; i++) {
      n += m.union(empty).size;
      n += m.difference(empty).size;
      n += m.symmetricDifference(empty).size;
    }
    return n;
  },
};

const big = new Set<number>();
const empty = new Set<number>();
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (big.size < 1 << 18) {
        for (let i = 0; i < 40_000 && big.size < 1 << 18; i++) big.add(big.size);
      } else {
        sink += copier.copies(big);
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
