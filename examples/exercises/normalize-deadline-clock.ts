/**
 * EXERCISE: normalize-deadline-clock
 * Class: nondeterminism
 * Tries: array-builtin-deadline-clock's race with a builtin whose work is far more than what it
 *   is charged: String.prototype.normalize("NFKC") of U+FDFA decomposes each character into 18
 *   and composes them again (ICU in V8, QuickJS's own tables in typed and sfi). 130 calls on
 *   29,000 characters (each result 522,000 characters, within every placement's string bound).
 *   QuickJS's prelude charges a string a metered builtin returns by its length (a tick per 64
 *   characters: ~8,000 ticks a call, 1 M for the loop, the 100-poll budget's worth), but the
 *   call's real work is many times that: the 1000 ms deadline, a wall clock, ends the call
 *   (the host watchdog killed it: 1641 ms), not the budget, at a point that depends on the
 *   machine's load. The V8 placements charge the growth by length (madeAtMost) and their fuel
 *   stops it (NFKC there ~450 ns a character, measured on Node 20: the charge is still ~100
 *   times under the work, but the loop ends by fuel).
 * Defence: QuickJS's prelude charges normalize 64 ticks a character of its input before it
 *   runs (sandbox/guest/prelude.js; measured: NFKC of 29,000 U+FDFA ~91 ms, ~46 ticks a
 *   character), so the budget stops the loop at its first call, the same every run. The V8
 *   placements charge the growth by length (madeAtMost). Before (redteam9): typed, sfi:
 *   stopped: timeout (calls killed, longest 1,641 ms) in one run, ESCAPED (deterministic) in
 *   another; native, server: stopped: budget.
 * Expected: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const s = "\uFDFA".repeat(29_000);
      for (let i = 0; i < 130; i++) sink += s.normalize("NFKC").length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
