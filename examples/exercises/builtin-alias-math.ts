/**
 * EXERCISE: builtin-alias-math
 * Class: builtin mutation
 * Tries: replace Math.random through an alias of a wider type (`const m: { random: () => number }
 *   = Math; m.random = ...`): the rule that refuses `Math.random = ...` recognised writes by the
 *   object's type, and the alias's type is not `Math`.
 * Defence: the verifier's no-builtin-mutation rule now refuses every flow that gives a builtin a
 *   type with a member it has (views without one, such as `xs.map(Number)`, stay allowed).
 * Expected: rejected: verifier (no-builtin-mutation)
 *
 * Found by a red team (issue 8, finding 8).
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const m: { random: () => number } = Math;
      m.random = () => 0;
      const first = args.resident[Math.floor(Math.random() * args.resident.length)];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
