/**
 * EXERCISE: regexp-compile-uncharged
 * Class: unpolled C builtins
 * Tries: make the engine compile a long regex in a loop, each a new pattern: `new RegExp(p + i)`
 *   with p 8,192 alternations `(?:a|b)` (57,344 characters, made by doubling). Constructing a
 *   regex parses its whole pattern in C (V8 also compiles it for the linear-engine check the V8
 *   placements make of every guest regex; QuickJS compiles it to bytecode), ~10-20 ms for this
 *   one, measured on Node 20 under this machine's load, and nothing charged the pattern: an
 *   iteration paid its loop unit and the `+`'s copy (one unit per 64 characters, ~900 units), so
 *   the budget allowed ~1,100 constructions, seconds of work: the deadline, not the budget,
 *   ended the call.
 * Defence: a regex made from a string is charged its compile before the expensive part. V8
 *   placements: 4 fuel units per character of the source and per instruction of the program
 *   regexp-cost.ts estimates, after the constructor's parse and before the linear-engine check's
 *   compile (sandbox/native/regexp-compile-fuel.ts, called for the Compartment's RegExp and for
 *   String's match, matchAll and search of a string): one construction here is ~390,000 units,
 *   the third is past the budget. QuickJS: the prelude's RegExp (and RegExp.prototype.compile,
 *   and match, matchAll, search of a string) charges 8 ticks a character of the pattern before
 *   QuickJS compiles it (sandbox/guest/prelude.js), converted once. Before (redteam10): all four
 *   placements: stopped: timeout (the deadline ended the loop; the watchdog killed calls in
 *   typed, sfi and native).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let p = "(?:a|b)";
      for (let i = 0; i < 13; i++) p = p + p;
      for (let i = 0; i < 2000; i++) {
        const re = new RegExp(p + i);
        sink += re.source.length & 1;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
