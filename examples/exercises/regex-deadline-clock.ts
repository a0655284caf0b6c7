/**
 * EXERCISE: regex-deadline-clock
 * Class: nondeterminism
 * Tries: a regex whose backtracking takes about the 1000 ms deadline in V8 (2^24 steps): it costs no
 *   fuel, so whether a call faults depends on the wall clock (load), not on the seed.
 * Defence: V8 placements: V8 reruns a regex that backtracks more than 50,000 times (a count,
 *   not a time) in its linear-time engine (sandbox/native/linear-regexp.ts): the match takes
 *   microseconds and no call nears the deadline, so two runs are the same bytes. QuickJS: its
 *   regex engine polls the budget.
 * Expected: stopped: budget
 * Expected-native: contained: deterministic
 * Expected-server: contained: deterministic
 * Check-native: deterministic
 * Check-server: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const s = `${"a".repeat(24)}b`;
      if (/(a+)+$/.test(s)) throw new Error("matched");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
