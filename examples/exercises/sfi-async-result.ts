/**
 * EXERCISE: sfi-async-result
 * Class: SFI evasion
 * Tries: return a forged frame from an async handler: SFI's capability check ran at each `return`
 *   of a handler and skipped promises, so `async (args) => { await null; return { victim } }`
 *   reached the kernel unchecked (issue 8, finding 9).
 * Defence: typed mode: the type check (a handler returns its result, not a promise of it). SFI
 *   mode: the prelude hands every result, returned or settled, to SFI's result guard before it
 *   leaves the guest; the async return names the invocation it belongs to.
 * Expected: rejected: type check (TS2322)
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": async (args) => {
      await null;
      const forged: Frame = 99 as Frame;
      return { victim: args.vpn >= 0 ? forged : forged };
    },
  },
});
