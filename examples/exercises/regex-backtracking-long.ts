/**
 * EXERCISE: regex-backtracking-long
 * Class: regex backtracking
 * Tries: run the catastrophic regular expression /(a+)+$/ (no anchor at the start) on 30,000
 *   a's followed by a b: every start position backtracks exponentially, inside one C call.
 * Defence: QuickJS's regex engine polls the interrupt handler while it backtracks, so the
 *   budget stops it (regex-backtracking is the short-string variant).
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

const evil = /(a+)+$/;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const matched = evil.test(`${"a".repeat(30_000)}b`);
      const first = args.resident[matched ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
