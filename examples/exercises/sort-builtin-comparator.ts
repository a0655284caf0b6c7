/**
 * EXERCISE: sort-builtin-comparator
 * Class: unpolled C builtins
 * Tries: sort with a builtin as the comparator: a 2^19-element array of seeded random numbers
 *   in [-0.5, 0.5) (built over nine calls by a Lehmer generator: red team 16 pushed Math.random's,
 *   ~15 ticks each in QuickJS, and a building call came near the deadline under load) is copied
 *   and sorted six times a call with `Math.atan2` as the comparator (its sign is its first
 *   argument's: a comparator V8's TimSort cannot settle in linear time). Each sort is ~n log2 n
 *   = 10 M calls of a builtin from C++/Torque; none is a function entry of the extension's, so
 *   none is fuel.
 * Defence: the V8 placements' sort and toSorted charge n log2 n comparisons unless the comparator
 *   is a plain function of the extension's, whose entries are fuel (bounded-builtins.ts
 *   isGuestFunction: its source starts with the fuel pass's entry check); a builtin, a bound
 *   function or the realm's own wrapper is charged as no comparator. The callback methods (map,
 *   filter, reduce...) charge such a callback a unit an element alike. QuickJS meters it (a call
 *   of a C function from C is a tick; Math's functions, now the prelude's wrappers, make a sort
 *   they compare for charged as one without a comparator). Before (red team 16): typed and sfi stopped: budget;
 *   native and server by the deadline (1,188-1,217 ms, a call killed) or, under more load, by
 *   the budget or the memory limit.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const a: number[] = [];
let x = 1;
let sink = 0;
let held: number[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (a.length < 1 << 19) {
        for (let i = 0; i < 60_000 && a.length < 1 << 19; i++) {
          x = (x * 16807) % 2147483647;
          a.push(x / 2147483647 - 0.5);
        }
      } else {
        for (let r = 0; r < 6; r++) held = a.slice().sort(Math.atan2);
      }
      sink += held.length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
