/**
 * EXERCISE: evade-eval-alias
 * Class: verifier evasion
 * Tries: reach `eval` under another name (`const run = eval`, then `(0, run)(...)`) to compile
 *   code the load-time checks never saw.
 * Defence: the verifier's no-eval rule flags every reference to `eval`, aliased or not (and the
 *   sandbox deletes `eval` from the guest's globals anyway).
 * Expected: rejected: verifier (no-eval)
 */
import { defineExtension } from "spin-kernel/extension";

const run = eval;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const i: unknown = (0, run)("1 + 1");
      const first = args.resident[typeof i === "number" ? i : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
