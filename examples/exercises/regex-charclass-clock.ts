/**
 * EXERCISE: regex-charclass-clock
 * Class: nondeterminism
 * Tries: a regex the linear engine accepts but runs ~60-100x slower per charged cell than the
 *   rate builtin-fuel.ts assumes (50-90 ns per subject character x pattern-source character):
 *   `/\S{16}\S{16}\S{16}\S{16}x/` (30 characters of source; each `\S` is a dozen ranges, and the
 *   counted repetitions are unrolled into 64 automaton states) over a string of a's fails at
 *   every position; after 50,000 backtracks V8 reruns it in the linear engine at ~170 us per
 *   subject character (Node 20: 8,192 characters, 1.37 s, charged 106,509 units of a 990,000
 *   budget; 2^16 characters, ~11 s, charged 852,000: still within budget). Each call's subject is
 *   1,024 characters longer than the last, so the 1000 ms deadline, not fuel, ends a call, at a
 *   call that depends on the machine's load: same seed, different bytes.
 * Defence: the charge now follows the compiled program, estimated from the pattern
 *   (sandbox/native/regexp-cost.ts): a class escape counts its ranges (\S: 11, three
 *   instructions each), a counted repetition its copies, so this pattern is ~2,100 instead of 30
 *   and the first call's 1,024 characters are ~1.1 M units: budget. Measured, the linear engine
 *   now runs at 30-70 ns per subject character x estimated size across the calibration patterns
 *   (the source's length put this one at ~4,800). QuickJS's backtracking engine is metered by
 *   the prelude (typed, sfi: budget).
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

const calls: number[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      calls.push(0);
      const hit = /\S{16}\S{16}\S{16}\S{16}x/.exec("a".repeat(calls.length * 1024));
      const first = args.resident[hit === null ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
