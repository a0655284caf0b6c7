/**
 * EXERCISE: cons-string-compare-clock
 * Class: nondeterminism
 * Tries: builtin work no wrapper sees. `s = s + s` 20 times over a 20-character string is a
 *   rope (cons string) of 21 M characters made in ~40 fuel units (21 nodes: the halves are
 *   shared); `s === t` of two such ropes with the same text walks all 21 M characters of both
 *   in C++ (~30 ms), charged nothing: `+` and `===` are operators, not wrappers of
 *   bounded-strings.ts, and the wrappers bound only strings handed to a String.prototype
 *   function. Each call does three more comparisons than the last, so the 1000 ms deadline, not
 *   fuel, ends a call, at a call that depends on the machine's load: same seed, different bytes.
 * Defence: every string `+`, `+=` and template literal goes through a bounded, charged check
 *   (extensions/sfi/passes/strings.ts; sfi-runtime.js in QuickJS): in the V8 placements a rope
 *   cannot grow past the realm's string bound (the 21 M character rope is refused at 2^21, 2^19
 *   in a server, before it is compared), and making a long one costs its length, so a comparison
 *   walks at most characters already paid for; in typed and sfi making the ropes pays a tick per
 *   64 characters and the interrupt budget ends the first call. Before: typed, sfi and native
 *   stopped by the deadline at load-dependent calls (runs differed); server, its heap.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const calls: number[] = [];

function rope(prefix: string): string {
  let s = `${prefix}0123456789abcdefgh`;
  for (let j = 0; j < 20; j++) s = s + s;
  return s;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      let sink = 0;
      for (let i = 0; i < calls.length * 3; i++) if (rope(`${i % 10}`) === rope(`${i % 10}`)) sink++;
      const first = args.resident[sink === 0 ? 1 : 0];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
