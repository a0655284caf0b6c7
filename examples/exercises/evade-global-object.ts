/**
 * EXERCISE: evade-global-object
 * Class: verifier evasion
 * Tries: look eval up by a string on the global object, `globalThis["ev" + "al"]`, which no
 *   name-based rule can see.
 * Defence: the verifier's no-global-object rule refuses any reference that resolves to the
 *   global object.
 * Expected: rejected: verifier (no-global-object)
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const table: Record<string, unknown> = globalThis;
      const e = table["ev" + "al"];
      const first = args.resident[typeof e === "function" ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
