/**
 * EXERCISE: replaceall-hold
 * Class: resource hog
 * Tries: String.prototype.replaceAll("", x) on a 2^24-character string (red team 4): one C++
 *   walk with no interrupt check, ~3 s; terminate() does not stop it, the held-thread backstop
 *   ended the process (SIGKILL, exit 137, no report).
 * Defence: V8 placements: the string bound (sandbox/native/bounded-strings.ts) refuses a
 *   receiver longer than 2^21 characters (the longest allowed replaceAll takes ~0.3 s). QuickJS:
 *   metered; the budget stops it.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let s = "a";
      while (s.length < 2 ** 24) s += s; // doubling, not repeat (itself bounded)
      const t = s.replaceAll("", "b");
      if (t.length === 0) throw new Error("empty");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
