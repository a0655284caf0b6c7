/**
 * EXERCISE: evade-function-constructor
 * Class: verifier evasion
 * Tries: reach the Function constructor through a constructor chain, `(() => 0).constructor`,
 *   and compile `return globalThis` with it.
 * Defence: the verifier refuses the `constructor` member (no-proto's dangerous members) and the
 *   Function constructor however it is named.
 * Expected: rejected: verifier
 */
import { defineExtension } from "spin-kernel/extension";

const make = (() => 0).constructor;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const g: unknown = make("return globalThis")();
      const first = args.resident[g === undefined ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
