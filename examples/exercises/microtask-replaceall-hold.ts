/**
 * EXERCISE: microtask-replaceall-hold
 * Class: work outside the guest call
 * Tries: red team 3's microtask-hold with a string builtin (red team 4): the handler returns at
 *   once, having scheduled `s.replaceAll("", "b")` (s: 2^24 characters, bound with `bind`, so no
 *   guest frame and no fuel check) as a promise reaction. It ran when the worker drained its
 *   microtasks, outside any guest call, and held the thread in C++ past terminate().
 * Defence: the string bound (sandbox/native/bounded-strings.ts) refuses the walk wherever it
 *   runs (a rejected reaction nobody sees); the held-thread backstop stays behind it. QuickJS:
 *   the doubling loop is metered; the budget stops it.
 *   Since red team 7, native and server: the doubling is refused at 2^21 by the check of
 *   `+=` (extensions/sfi/passes/strings.ts), before the reaction is scheduled: an exception.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check-native: bounded-work
 * Check-server: bounded-work
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let s = "a";
      while (s.length < 2 ** 24) s += s; // doubling, not repeat (itself bounded)
      const replaceAll: (this: string, search: string, by: string) => string = s.replaceAll;
      void Promise.resolve().then(replaceAll.bind(s, "", "b"));
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
