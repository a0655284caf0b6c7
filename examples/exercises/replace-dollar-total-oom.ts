/**
 * EXERCISE: replace-dollar-total-oom
 * Class: memory exhaustion
 * Tries: a string of n² / 2 characters from one of n, by a replacement STRING: `$\`` stands for
 *   the subject before the match, and an empty pattern matches at every position, so
 *   `"a".repeat(32000).replaceAll("", "$\`")` makes 512 M characters (V8: a rope of slices,
 *   which `===` of two such strings flattens in one allocation in C++).
 *   The realm's wrapper bounded a replacement string's work, (subject + 1) x (replacement + 1),
 *   here ~96,000: far inside its bound of 2^22, while each `$` pattern copies up to the whole
 *   subject at each match.
 * Defence: the realm's replace and replaceAll bound what a replacement string can make: the
 *   subject plus, at each possible match, the replacement with every `$` pattern as long as the
 *   subject, less the pattern's length; past the realm's string bound, a RangeError before the
 *   builtin runs (sandbox/native/bounded-strings.ts checkedReplacement, red team 8's audit of
 *   the string builders). QuickJS builds it flat and its 16 MiB memory limit stops it.
 * Expected: stopped: memory
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const big = "a".repeat(32000).replaceAll("", "$`");
      const other = "a".repeat(32000).replaceAll("", "$`");
      const first = args.resident[big === other ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
