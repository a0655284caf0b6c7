/**
 * EXERCISE: hold-under-deadline
 * Class: beyond metering
 * Tries: hold the host on every event for a large fraction of the deadline, never past it, with
 *   no interrupt poll: one BigInt multiplication of two 300,000-bit numbers is a single operator
 *   (one QuickJS tick, no poll, no meter: the prelude wraps builtins, not operators) and takes
 *   about 0.15-0.4 s in C (quadratic in the operands; 500,000 bits is about 1 s). Each invocation
 *   ends under its 1,000 ms deadline, so neither the budget (0 polls), the soft timeout nor the
 *   host watchdog ever fires: no violation, `check: ok`. Across a run the holds add up without a
 *   bound: on examples/scenarios/scan-heavy.json (835 Reclaims) `spin load` took 418 s (216 s of
 *   guest time, 2 violations from load spikes); on looping.json (17,816 Reclaims) about 0.9 s per
 *   call is four and a half hours with no violation.
 * Defence: the verifier (no-bigint, kept in SFI mode): the kernel's API has no use for a BigInt,
 *   so its literals are refused at load, and the sandbox's prelude removes every other way to
 *   make one (BigInt, the 64-bit typed arrays, DataView's 64-bit accessors). The class, holding
 *   the host under the deadline on every event, is bounded behind that by each extension's host
 *   time for the run (exercise hold-under-deadline-unmetered).
 * Expected: rejected: verifier (no-bigint)
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const x = (1n << 300_000n) - 1n;
      const square = x * x; // one tick, a few hundred milliseconds in C
      const first = args.resident[Number(square & 1n) - 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
