/**
 * EXERCISE: builtin-in-narrowed-satisfies
 * Class: builtin mutation
 * Tries: replace a builtin's member with no assertion: `const j: object = JSON` (a view with no
 *   member, which no-builtin-mutation allows, leaving writes after an `in` check to
 *   no-undeclared-write), then `if ("stringify" in j) (j satisfies object).stringify = ...`.
 *   no-undeclared-write looks through parentheses and `!` only for the written object's declared
 *   type, so behind `satisfies` the write passes every rule. The handler then returns what its
 *   own JSON.stringify makes.
 * Defence: no-undeclared-write reads the written reference's declared type through every wrapper
 *   (extensions/expression-wrappers.ts), and refuses a property only an in check added. Before
 *   (red team 13): typed and sfi ESCAPED (JSON.stringify replaced), native and server contained:
 *   exception (SES froze JSON).
 * Expected: rejected: verifier (no-undeclared-write)
 */
import { defineExtension } from "spin-kernel/extension";

const fake = (): string => "0";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const j: object = JSON;
      if ("stringify" in j) (j satisfies object).stringify = fake;
      const at = Number(JSON.stringify(args.vpn));
      const first = args.resident[at % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
