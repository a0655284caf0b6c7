/**
 * EXERCISE: evade-unicode-escape
 * Class: verifier evasion
 * Tries: spell `eval` with a unicode escape in the identifier (`\u0065val`), which is the
 *   identifier eval to JavaScript but not the text "eval" to a naive scanner.
 * Defence: the verifier decodes identifiers before matching them (no-eval) and refuses the
 *   obfuscation itself (no-unicode-escape).
 * Expected: rejected: verifier
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const i: unknown = \u0065val("0");
      const first = args.resident[typeof i === "number" ? i : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
