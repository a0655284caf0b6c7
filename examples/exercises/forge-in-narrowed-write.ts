/**
 * EXERCISE: forge-in-narrowed-write
 * Class: forged capabilities
 * Tries: see a resident page as `{ vpn: number }` (allowed: the frame is simply not in the view),
 *   then `if ("frame" in view) view.frame = ...`: after an `in` check the checker knows `frame` only
 *   as `unknown` and accepts any write to it.
 * Defence: the verifier's no-undeclared-write rule (a write goes to a property the declared type
 *   has; Object.assign only into a new object literal); behind it, the kernel's validator.
 * Expected: rejected: verifier (no-undeclared-write)
 *
 * A neighbour of issue 8, finding 8.
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const page = args.resident[0];
      if (page === undefined) throw new Error("no resident page");
      const view: { vpn: number } = page;
      if ("frame" in view) view.frame = args.vpn + 1_000;
      return { victim: page.frame };
    },
  },
});
