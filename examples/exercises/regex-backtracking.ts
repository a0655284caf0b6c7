/**
 * EXERCISE: regex-backtracking
 * Class: regex backtracking
 * Tries: run a catastrophic regular expression, `^(a+)+$`, on 40 a's followed by a b:
 *   2^40 backtracking steps inside the regex engine, a single C call.
 * Defence: QuickJS's regex engine polls the interrupt handler while it backtracks, so the
 *   instruction budget (or the deadline) stops it.
 * Expected: stopped: budget | stopped: timeout
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
