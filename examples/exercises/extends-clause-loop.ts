/**
 * EXERCISE: extends-clause-loop
 * Class: runaway loop
 * Tries: a loop where no pass looks: a class's `extends` clause is an expression evaluated when
 *   the class is made, but TypeScript files it as a type node (ExpressionWithTypeArguments), and
 *   the rewriter's passes left type nodes alone: an arrow called in place there ran its loop with
 *   no fuel check (the V8 placements' only bound on a loop), no strings check, no control check.
 * Defence: the passes visit a class's `extends` expression like any other (extensions/sfi/
 *   context.ts isOpaque; red team 8's audit of the places the passes skip): the loop pays fuel
 *   at each back-edge and the budget ends the call. QuickJS's interrupt budget counts it anyway.
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      class Spun extends (() => {
        let i = 0;
        while (i >= 0) i++;
        return Object;
      })() {}
      const first = args.resident[new Spun() instanceof Object ? 0 : 1];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
