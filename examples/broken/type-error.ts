/**
 * BROKEN ON PURPOSE: a type error. The handler returns a page's virtual page number where the
 * kernel expects a Frame. Both are numbers at run time, which is exactly why the types keep them
 * apart: evicting "frame 0x10000" would take some other application's memory.
 *
 * Run it:
 *   npx spin check examples/broken/type-error.ts
 *   npx spin load examples/broken/type-error.ts --scenario examples/scenarios/textbook.json
 *
 * Expected report: rejected at load time, nothing runs.
 *   examples/broken/type-error.ts:21:13 TS2322: Type 'number' is not assignable to type 'Frame'.
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // Wrong field: vpn is a virtual page number, not a Frame.
      const victim: Frame = first.vpn;
      return { victim };
    },
  },
});
