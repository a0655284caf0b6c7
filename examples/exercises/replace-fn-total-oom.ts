/**
 * EXERCISE: replace-fn-total-oom
 * Class: memory exhaustion
 * Tries: one allocation past the heap limit through a replacement FUNCTION. The realm's
 *   replace/replaceAll wrapper (sandbox/native/bounded-strings.ts, checkedReplacement) bounds a
 *   replacement STRING's work, (subject + 1) x (replacement + 1), but passes a function on as it
 *   is ("guest code, metered per call"): each call is metered, what it returns is not. 512
 *   matches, each replaced by the same 2^19-character two-byte string (within every string
 *   bound), make V8's builder produce one 2^28-character string (512 MiB) in C++.
 * Defence: the realm's replace and replaceAll (and RegExp's Symbol.replace) wrap a replacement
 *   function: each result is converted once, the result's length kept exactly (subject, less
 *   each match, plus each replacement) and refused past the realm's string bound before the
 *   builtin copies it, each replacement charged its length (sandbox/native/bounded-strings.ts,
 *   boundedReplacer); a replacement string's `$` patterns are bounded the same way, by the most
 *   they can make. Before (06:29 UTC): typed, sfi: budget; native: contained (a 2^28-character
 *   string held); server: "ESCAPED (deterministic): two runs differ", or contained, run to run.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const part = "\u0100".repeat(1 << 19);
      const big = "x".repeat(512).replaceAll("x", () => part);
      const first = args.resident[big.charCodeAt(big.length - 1) & 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
