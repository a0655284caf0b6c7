/**
 * EXERCISE: builtin-locale-compare
 * Class: unpolled C builtins
 * Tries: compare a one-character string with an 8-million-character one, a thousand times:
 *   localeCompare normalises both strings in C, and the meter charged the receiver ("a") only.
 * Defence: the prelude charges localeCompare by both strings (the argument converted once, and
 *   passed on converted).
 *   V8 placements: the string bound (sandbox/native/bounded-strings.ts, red team 4) refuses the
 *   string longer than 2^21 characters with a RangeError before anything walks it.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Check-native: bounded-work
 * Expected-server: contained: exception
 * Check-server: bounded-work
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const long = "a".repeat(8_000_000);
      let order = 0;
      for (let i = 0; i < 1000; i++) order += "a".localeCompare(long);
      const first = args.resident[order < 0 ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
