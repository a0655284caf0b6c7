/**
 * EXERCISE: field-init-depth
 * Class: nondeterminism
 * Tries: recursion through a class field initialiser (`child = new Chain(...)`): the fuel pass
 *   instruments function bodies, not field initialisers, and this class has no constructor, so
 *   the recursion passes no fuel check and no depth count, and reaches V8's own stack overflow
 *   (whose depth depends on tier-up timing), which the guest catches and reads.
 * Defence: V8 placements: the fuel pass (extensions/sfi/passes/fuel.ts) runs each class field
 *   initialiser as a counted call (fuel check, depth count): the recursion fails the invocation
 *   at 512 frames, the same place every run. QuickJS's stack limit is deterministic; in sfi the
 *   same overflows, with SFI's checks on every frame, spend the interrupt budget first, the same
 *   every run (red team 8: every class was once outside sfi's function table, so `new` of one
 *   was an sfi fault before the attack ran).
 * Expected: contained: deterministic
 * Expected-sfi: stopped: budget
 * Expected-native: stopped: stack
 * Expected-server: stopped: stack
 * Check: deterministic
 * Limits: timeoutMs=10000
 * Why the limit: in typed, each call overflows QuickJS's stack 40 times, and each overflow builds
 *   its backtrace in C over every frame (~650 levels of this recursion), with no tick: measured
 *   in one VM, 40 overflows cost 99 ms for 16 polls where the same constructions without an
 *   overflow cost 22 ms for 18 (load 15), and the whole call ~0.2 s, three quarters of a budget.
 *   On a loaded machine the 1 s wall-clock deadline then cut some runs and not others. It cannot
 *   be bounded with this QuickJS (docs/EXERCISES.md, "Issue 10's containment items", 3): it has
 *   no Error.stackTraceLimit and no hook sees an error made in C; a smaller stack shortens each
 *   backtrace, but at 96 and 128 KiB two runs still differed at load 12 (calls of ~1 s: the
 *   metered work is slow too). What this exercise checks is the stack limit's determinism, so
 *   its deadline is 10 s.
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let made = 0;
let limit = 0;

class Chain {
  readonly n = made++;
  readonly child: Chain | null = made < limit ? new Chain() : null;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let message = "";
      let d = 0;
      for (let i = 0; i < 40; i++) {
        limit = 200;
        for (let j = 0; j < 10; j++) {
          made = 0;
          new Chain();
        }
        limit = 1e9;
        made = 0;
        try {
          new Chain();
        } catch (e) {
          message = String(e);
        }
        d = d * 7 + made;
      }
      kernel.log(`made ${made} before: ${message}`);
      made = d;
      const first = args.resident[made % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
