/**
 * EXERCISE: object-rest-assignment
 * Class: unpolled C builtins
 * Tries: copy an object of 2^16 own named keys (built once, in the first call) with a rest in
 *   an assignment pattern, `({ ...copy } = wide)`, four hundred times a call. The strings pass
 *   took the rest for an object spread and wrapped it (`{ ...__sfi_idx(copy, s) } = wide`), which
 *   is no assignment target: every placement refused the extension at load with an unpositioned
 *   SyntaxError, a correct program's refusal.
 * Defence: a rest inside an assignment target is left as written, and the right-hand side goes
 *   through the frame's `__sfi_idx`, which charges its keys before the copy (16 units a named key
 *   in the V8 placements, four ticks a key in the SFI runtime). Before (issue 10, red team's
 *   item 5): rejected: load in every placement.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let wide: Record<number, number> | undefined;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (wide === undefined) {
        const made: Record<number, number> = {};
        for (let i = 0; i < 1 << 16; i++) made[-1 - i] = i;
        wide = made;
      } else {
        let copy: Record<number, number> = {};
        for (let j = 0; j < 400; j++) {
          ({ ...copy } = wide);
          sink += copy[-1] ?? 1;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
