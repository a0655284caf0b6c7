/**
 * EXERCISE: default-param-depth
 * Class: nondeterminism
 * Tries: recursion through a default parameter initialiser, which runs before the body's depth
 *   count (the fuel pass counts depth at the top of the body): reaches V8's own stack overflow,
 *   whose depth depends on tier-up timing.
 * Defence: V8 placements: the fuel pass (extensions/sfi/passes/fuel.ts) runs each default
 *   parameter value as a counted call (fuel check, depth count, like a function entry): the
 *   recursion fails the invocation at 512 frames, the same place every run. QuickJS's stack
 *   limit is deterministic.
 * Expected: contained: deterministic
 * Expected-native: stopped: stack
 * Expected-server: stopped: stack
 * Check: deterministic
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let reached = 0;

// No body runs before V8 overflows: neither the fuel nor the depth count sees these frames.
function deep(n: number, limit: number, x: number = n < limit ? ((reached = n), deep(n + 1, limit)) : 0): number {
  return x;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let d = 0;
      // Warm up (returns normally: each body runs after its callee returned, so depth stays 1),
      // so that V8 tiers the function up on a background thread, then overflow once and read how deep.
      // Eight rounds: the depth moves while V8 tiers up, in the first few overflows (this code in
      // plain Node, 40 rounds, four processes: only rounds 1 to 5 ever differed); later rounds
      // add QuickJS's cost of each overflow's backtrace (docs/EXERCISES.md), not a new depth.
      for (let i = 0; i < 8; i++) {
        for (let j = 0; j < 10; j++) deep(0, 200);
        reached = 0;
        try {
          deep(0, 1e9);
        } catch {
          d = d * 7 + reached;
          if (i >= 4) kernel.log(`depth ${reached}`);
        }
      }
      const first = args.resident[d % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
