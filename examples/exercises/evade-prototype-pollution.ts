/**
 * EXERCISE: evade-prototype-pollution
 * Class: verifier evasion
 * Tries: replace `Array.prototype.includes` and `JSON.stringify` so that the sandbox's own
 *   result encoding (which runs in the same guest) lies for the extension.
 * Defence: the verifier's no-prototype and no-builtin-mutation rules; behind them, the prelude
 *   captured every primordial it uses before any extension code ran.
 * Expected: rejected: verifier
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      Array.prototype.includes = () => true;
      JSON.stringify = () => '{"victim":0}';
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
