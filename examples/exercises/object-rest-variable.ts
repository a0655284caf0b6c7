/**
 * EXERCISE: object-rest-variable
 * Class: unpolled C builtins
 * Tries: copy an object of 2^16 own named keys (`made[-1 - i] = i`, built once, in the first
 *   call) with a rest element in a variable declaration, `const { ...copy } = wide`, four
 *   hundred times a call. The rest copies every other own key of the value in one C++ (or C)
 *   step, as an object spread does, but it is a binding pattern, not a spread expression: the
 *   SFI strings pass charged `{ ...v }` and for-in by the value's keys and left it alone.
 * Defence: the value a pattern with an object rest destructures goes through the frame's
 *   `__sfi_idx` (extensions/sfi/passes/strings.ts), which charges its keys before the copy:
 *   16 units a named key in the V8 placements (for-in-fuel.ts namedKeyCount), four ticks a key
 *   in the SFI runtime (and two more past 4,096). Before (issue 10, red team's item 1): native
 *   and server ESCAPED (the watchdog killed a call, the host-alive check failed); typed and
 *   sfi stopped by the deadline, not the budget.
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
        for (let j = 0; j < 400; j++) {
          const { ...copy } = wide;
          sink += copy[-1] ?? 1;
        }
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
