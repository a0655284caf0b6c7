/**
 * EXERCISE: flat-getter-toctou
 * Class: resource hog
 * Tries: time of check / time of use in the bounded `flat`: its pre-walk (checkFlatWalk) reads
 *   each element once to find the nested arrays, and the builtin reads it again. An element that
 *   is a getter answers a one-element array to the check and a sparse array of length 2^32-1 to
 *   the builtin, which then walks 2^32-1 holes in C++ (no interrupt check): terminate() does not
 *   stop it.
 * Defence: V8 placements: flat reads each element once into a snapshot, bounded as it reads,
 *   and the builtin flattens the snapshot (sandbox/native/bounded-builtins.ts): the getter's
 *   first answer, `[1]`, is what is flattened, and the run goes on. QuickJS's flat reads each
 *   element once too.
 * Expected: contained: bounded-work
 * Check: bounded-work
 */
import { defineExtension } from "spin-kernel/extension";

function outer(): { length: number; readonly 0: number[] } {
  let reads = 0;
  return {
    length: 1,
    get 0(): number[] {
      reads++;
      if (reads === 1) return [1];
      const huge = [1];
      huge.length = 2 ** 32 - 1;
      return huge;
    },
  };
}

const holder: number[][] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const all = holder.flat.call(outer());
      if (all.length === 0) throw new Error("empty");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
