/**
 * EXERCISE: object-rest-binding
 * Class: unpolled C builtins
 * Tries: copy an object of 2^16 own named keys (built once, in the first call) with a rest
 *   element where no initializer stands to charge: a parameter (`({ ...copy }) => ...`) and a
 *   for-of binding (`for (const { ...copy } of [wide])`), four hundred times a call each. The
 *   rest copies every other own key of the argument (or the element) in one C++ (or C) step.
 * Defence: the strings pass binds such a pattern to a temporary and destructures it at the top
 *   of the function's (or the loop's) body from `__sfi_idx(temporary)`, which charges its keys
 *   before the copy (16 units a named key in the V8 placements, four ticks a key in the SFI
 *   runtime). Before (issue 10, red team's item 1): as object-rest-variable, native and server
 *   ESCAPED; typed and sfi stopped by the deadline, not the budget.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let wide: Record<number, number> | undefined;
let sink = 0;

const first = ({ ...copy }: Record<number, number>): number => copy[-1] ?? 1;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (wide === undefined) {
        const made: Record<number, number> = {};
        for (let i = 0; i < 1 << 16; i++) made[-1 - i] = i;
        wide = made;
      } else {
        for (let j = 0; j < 400; j++) {
          sink += first(wide);
          for (const { ...copy } of [wide]) sink += copy[-2] ?? 1;
        }
      }
      const page = args.resident[sink % 2];
      if (page === undefined) throw new Error("no resident page");
      return { victim: page.frame };
    },
  },
});
