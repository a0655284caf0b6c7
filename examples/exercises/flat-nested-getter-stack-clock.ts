/**
 * EXERCISE: flat-nested-getter-stack-clock
 * Class: nondeterminism
 * Tries: flat's snapshot descends at most 256 levels PER CALL (its `level` restarts at 0 in every
 *   call, unlike join's and JSON's counts, which are shared by nested calls). An Array subclass
 *   with a getter for index 0 sits at level 250 of a nested array; the getter (one guest frame)
 *   calls flat(Infinity) on another such array, and so on: each guest frame buys 250 frames of
 *   the kernel's JavaScript copy, so a few dozen guest frames (far below the 512 of the depth
 *   count) exhaust V8's stack. The getter catches the RangeError and the handler reports how
 *   many nested flats fit: a number that depends on the size of the copy's frames (its tier).
 * Defence: flat's nesting should be counted across nested calls on the thread, as join's and
 *   JSON's are, so that the bound is hit at the same place every run.
 * Expected: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let depth = 0;
let deepest = 0;
const seen: number[] = [];
const holder: unknown[] = [];

class Trap extends Array<unknown> {
  get 0(): unknown {
    depth++;
    if (depth > deepest) deepest = depth;
    try {
      if (depth < 400) holder.flat.call(chain(), Infinity);
    } catch {
      // the stack ran out somewhere below
    }
    depth--;
    return 1;
  }
}

function chain(): unknown[] {
  const trap = new Trap();
  trap.length = 1;
  let a: unknown[] = trap;
  for (let i = 0; i < 250; i++) a = [a];
  return a;
}

function spin(n: number): number {
  return n === 0 ? 0 : spin(n - 1) + 1;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let k = 0; k < 20; k++) spin(100);
      deepest = 0;
      depth = 0;
      holder.flat.call(chain(), Infinity);
      seen.push(deepest);
      if (seen.length >= 12) throw new Error(`nested flats ${seen.join(",")}`);
      const first = args.resident[deepest % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
