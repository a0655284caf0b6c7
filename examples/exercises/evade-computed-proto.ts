/**
 * EXERCISE: evade-computed-proto
 * Class: verifier evasion
 * Tries: reach `__proto__` with a computed key built at run time (`"__pro" + "to__"`), to
 *   replace Object.prototype for every object of the guest, the prelude's included.
 * Defence: the verifier's no-computed-member rule: a computed member access must have a literal
 *   key (or an index into an array or record type).
 * Expected: rejected: verifier (no-computed-member)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const key = ["__pro", "to__"].join("");
      const o: Record<string, unknown> = {};
      const proto = o[key];
      const first = args.resident[proto === null ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
