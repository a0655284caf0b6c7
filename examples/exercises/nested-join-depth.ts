/**
 * EXERCISE: nested-join-depth
 * Class: nondeterminism
 * Tries: recursion with no guest frame at all: `String(a)` of arrays nested 2*10^4 deep recurses
 *   through Array.prototype.toString, the bounded `join` wrapper (host JavaScript, not rewritten,
 *   so not counted) and the builtin join, until V8's own stack overflow, which the guest catches.
 *   A binary search finds the deepest nesting that still converts: it depends on the size of the
 *   host wrapper's frames, i.e. on the tier V8 runs them in at that moment (wall-clock timing).
 * Defence: V8 placements: the join wrappers (join, toString, toLocaleString) count how deep
 *   joins nest and refuse past 256 (127 levels of `String()`) with a RangeError
 *   (sandbox/native/bounded-builtins.ts): the deepest nesting that converts is the same every
 *   run. QuickJS's stack limit is deterministic.
 * Expected: contained: deterministic
 * Check: deterministic
 */
import { defineExtension, kernel } from "spin-kernel/extension";

type Nested = Nested[];

const levels: Nested[] = [];

function build(): void {
  let a: Nested = [];
  for (let i = 0; i < 20000; i++) {
    levels.push(a);
    a = [a];
  }
}

function converts(depth: number): boolean {
  try {
    return String(levels[depth]).length === 0;
  } catch {
    return false;
  }
}

function deepest(): number {
  let lo = 0;
  let hi = levels.length - 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    if (converts(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (levels.length === 0) build();
      let d = 0;
      let last = 0;
      for (let i = 0; i < 1; i++) {
        last = deepest();
        d = (d * 7 + last) % 1000003;
      }
      kernel.log(`deepest ${last}`);
      const first = args.resident[d % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
