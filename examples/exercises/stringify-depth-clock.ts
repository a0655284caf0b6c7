/**
 * EXERCISE: stringify-depth-clock
 * Class: nondeterminism
 * Tries: JSON.stringify of arrays nested deeper than V8's stack (red team 5): the serialiser
 *   recurses in C++ (no guest frame, no depth count) and throws a RangeError at a depth set by
 *   how much native stack is left, which depends on the tiers of the frames below it. A binary
 *   search reads that depth at the bottom of a guest recursion of 200 frames (which V8 tiers up
 *   on a background thread as calls repeat) on every call and reports the depths: same-seed runs
 *   differed in native and server.
 * Defence: V8 placements: JSON.stringify walks the value in JavaScript first, each property read
 *   once, nested at most 256 deep across nested calls (sandbox/native/bounded-json.ts), and
 *   serialises the snapshot: deeper is a RangeError at the same depth every run. QuickJS's stack
 *   limit is deterministic. Either way the handler throws its depths on the eighth call, the
 *   same text every run.
 * Expected: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

function deepest(levels: unknown[][]): number {
  let lo = 0;
  let hi = levels.length - 1;
  while (lo < hi) {
    const mid = Math.floor((lo + hi + 1) / 2);
    let ok = true;
    try {
      JSON.stringify(levels[mid]);
    } catch {
      ok = false;
    }
    if (ok) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const levels: unknown[][] = [[]];
const seen: number[] = [];

function down(n: number, acc: number, probe: boolean): number {
  if (n === 0) return probe ? deepest(levels) : acc;
  return down(n - 1, acc + n * 3, probe);
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      while (levels.length < 20000) {
        const prev = levels[levels.length - 1];
        if (prev === undefined) throw new Error("gap");
        levels.push([prev]);
      }
      for (let k = 0; k < 50; k++) down(200, 0, false);
      seen.push(down(200, 0, true));
      if (seen.length >= 8) throw new Error(`stringify depths ${seen.join(",")}`);
      const first = args.resident[seen.length % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
