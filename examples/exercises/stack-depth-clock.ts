/**
 * EXERCISE: stack-depth-clock
 * Class: nondeterminism
 * Tries: read a clock that is not simulated time: how deep a recursion goes before the engine
 *   throws "Maximum call stack size exceeded" (red team 3). In V8 a frame's size depends on the
 *   tier its function runs in (Ignition, Sparkplug, Maglev, TurboFan), and when a function tiers
 *   up depends on concurrent compilation on background threads, i.e. on wall-clock timing. The
 *   handler catches the overflow and picks its victim by the depth: two native runs with the
 *   same seed differed (simulatedNs, extensionFuel, chargedNs).
 * Defence: V8 placements: the fuel pass counts call depth at every function entry; a call past
 *   a fixed depth, well below V8's stack, fails the whole invocation as a stack fault (sticky,
 *   like running out of fuel: a catch cannot hide it). QuickJS's stack limit is deterministic.
 *   QuickJS: the guest catches the overflow (its depth repeats), so the run goes on, the same
 *   bytes every time.
 * Expected: contained: deterministic
 * Expected-native: stopped: stack
 * Expected-server: stopped: stack
 * Check: deterministic
 */
import { defineExtension, kernel } from "spin-kernel/extension";

function depth(n: number): number {
  try {
    return depth(n + 1);
  } catch {
    return n;
  }
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let d = 0;
      for (let i = 0; i < 8; i++) d = depth(0);
      kernel.log(`depth ${d}`);
      const first = args.resident[d % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
