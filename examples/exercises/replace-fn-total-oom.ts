/**
 * EXERCISE: replace-fn-total-oom
 * Class: memory exhaustion
 * Tries: one allocation past the heap limit through a replacement FUNCTION. The realm's
 *   replace/replaceAll wrapper (sandbox/native/bounded-strings.ts, checkedReplacement) bounds a
 *   replacement STRING's work, (subject + 1) x (replacement + 1), but passes a function on as it
 *   is ("guest code, metered per call"): each call is metered, what it returns is not. 512
 *   matches, each replaced by the same 2^19-character two-byte string (within every string
 *   bound), make V8's builder produce one 2^28-character string (512 MiB) in C++.
 * Observed (06:29 UTC): typed: stopped: budget (100 polls at :21:35); native: contained (the handler
 *   returned, holding a 2^28-character string 128 times the realm's bound); server: "ESCAPED
 *   (deterministic) ... FAILED deterministic: two runs differ" (exit 1); run again at 06:29 (--json):
 *   "contained: deterministic", two runs identical: the same input, outcomes that differ by run.
 *   --mode all (06:32): typed, sfi: budget; native, server: "contained: deterministic" (exit 0).
 * Defence: none for the result's length.
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
