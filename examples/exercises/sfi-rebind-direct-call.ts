/**
 * EXERCISE: sfi-rebind-direct-call
 * Class: SFI evasion
 * Tries: pass control (extensions/sfi/passes/control.ts) calls a builtin constructor such as
 *   `Number` directly, without the call-table check, when the extension never assigns the name.
 *   The analysis looked for assignments through parentheses only, so `(Number satisfies
 *   NumberConstructor) = bound` rebound it unseen, and every `Number(…)` then called a bound
 *   function the table does not hold: sfi ESCAPED (red team 12). SFI mode only warns about the
 *   `as`; the other placements refuse it.
 * Defence: the analysis looks through every wrapper (extensions/expression-wrappers.ts), so the
 *   name is unstable and each call of it goes through `__sfi_ic`, which refuses the bound
 *   function: an sfi check at the call.
 * Expected: rejected: verifier (no-type-assertion)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension } from "spin-kernel/extension";

const pick = (n: unknown): number => (typeof n === "number" ? n : 0);

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const bound: unknown = pick.bind(null);
      (Number satisfies NumberConstructor) = bound as NumberConstructor;
      const first = args.resident[Number(0)];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
