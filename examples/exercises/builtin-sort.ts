/**
 * EXERCISE: builtin-sort
 * Class: unpolled C builtins
 * Tries: sort a large array with the default comparator (string comparison, in C), again and
 *   again: each sort is one long C call between two interrupt polls.
 * Defence: the prelude's metering of C builtins: a sort without a comparator is charged
 *   n·log₂n ticks before it runs (3.6 million for 200,000 numbers), so the budget stops it.
 *   This exercise ESCAPED before that fix: ~2,000 ticks for 1,000 sorts meant not a single
 *   interrupt poll, and the handler held the host for minutes past its deadline.
 *   native, server: a sort without a comparator is charged n log2 n before it runs
 *   (red team 7, bounded-builtins.ts): budget, where the deadline ended it.
 * Expected: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const xs: number[] = [];
      for (let i = 0; i < 200_000; i++) xs.push((i * 7919) % 200_003);
      for (let round = 0; round < 1_000; round++) xs.sort();
      const first = args.resident[(xs[0] ?? 0) % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
