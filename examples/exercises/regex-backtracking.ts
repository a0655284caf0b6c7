/**
 * EXERCISE: regex-backtracking
 * Class: regex backtracking
 * Tries: run a catastrophic regular expression, `^(a+)+$`, on 40 a's followed by a b:
 *   2^40 backtracking steps inside the regex engine, a single C call.
 * Defence: QuickJS's regex engine polls the interrupt handler while it backtracks, so the
 *   instruction budget (or the deadline) stops it.
 *   V8 placements: V8 reruns a regex that backtracks more than 50,000 times in its linear-time
 *   engine (sandbox/native/linear-regexp.ts, red team 4): the match ends at once, the same
 *   result, and the run goes on.
 * Expected: stopped: budget | stopped: timeout
 * Expected-native: contained: bounded-work
 * Expected-server: contained: bounded-work
 * Check-native: bounded-work
 * Check-server: bounded-work
 */
import { defineExtension } from "spin-kernel/extension";

const evil = /^(a+)+$/;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const text = `${"a".repeat(40)}b`;
      const matched = evil.test(text);
      const first = args.resident[matched ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
