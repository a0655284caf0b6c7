/**
 * EXERCISE: param-property-depth
 * Class: nondeterminism
 * Tries: recursion through the constructor of a derived class with a parameter property
 *   (`constructor(public made: number)`), which the fuel pass left without a depth count
 *   (TypeScript writes the property's assignment after a top-level `super()`, not inside the
 *   count's `try`): it reaches V8's own stack overflow, whose depth depends on tier-up timing, and
 *   the handler picks its victim by it.
 * Defence: V8 placements: the fuel pass counts such a constructor with the `super()` call left at
 *   the top level, after the count (extensions/sfi/passes/fuel.ts): the recursion fails the
 *   invocation at 512 frames, the same place every run. QuickJS's stack limit is deterministic,
 *   in sfi too (red team 8: every class was once outside sfi's function table, so `new` of one
 *   was an sfi fault before the attack ran).
 * Expected: contained: deterministic
 * Expected-native: stopped: stack
 * Expected-server: stopped: stack
 * Check: deterministic
 * Limits: timeoutMs=10000
 * Why the limit: in typed, each call overflows QuickJS's stack 8 times, and each overflow builds
 *   its backtrace in C over every frame, with no tick (measured on field-init-depth's recursion:
 *   40 overflows 99 ms for 16 polls, the same constructions without an overflow 22 ms for 18,
 *   at load 15). On a loaded machine the 1 s wall-clock deadline then cut some runs and not
 *   others. It cannot be bounded with this QuickJS (docs/EXERCISES.md, "Issue 10's containment
 *   items", 3): it has no Error.stackTraceLimit and no hook sees an error made in C; a smaller
 *   stack shortens each backtrace, but at 96 KiB a call still took 950 ms at load 12. What this
 *   exercise checks is the stack limit's determinism, so its deadline is 10 s.
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let made = 0;

class Base {
  readonly kind = "link";
}

class Link extends Base {
  readonly next: Link;
  constructor(public at: number) {
    super();
    made = at;
    this.next = new Link(at + 1);
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let d = 0;
      // Eight overflows: the depth can move only while V8 tiers the constructor up, during the first
      // (~3,300 constructions each; default-param-depth's rounds, in plain Node, differed from
      // process to process only in rounds 1 to 5 of 40); later ones add QuickJS's cost of each
      // overflow's backtrace (docs/EXERCISES.md), not a new depth.
      for (let i = 0; i < 8; i++) {
        made = 0;
        try {
          new Link(0);
        } catch {
          d = d * 7 + made;
        }
      }
      kernel.log(`made ${made}`);
      const first = args.resident[d % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
