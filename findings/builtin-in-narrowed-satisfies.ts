/**
 * EXERCISE: builtin-in-narrowed-satisfies
 * Class: builtin mutation
 * Tries: replace a builtin's member with no assertion: `const j: object = JSON` (a view with no
 *   member, which no-builtin-mutation allows, leaving writes after an `in` check to
 *   no-undeclared-write), then `if ("stringify" in j) (j satisfies object).stringify = ...`.
 *   no-undeclared-write looks through parentheses and `!` only for the written object's declared
 *   type, so behind `satisfies` the write passes every rule. The handler then returns what its
 *   own JSON.stringify makes.
 * Defence: none at load time. native and server: SES froze JSON (a TypeError: contained:
 *   exception). typed and sfi: QuickJS's JSON is writable, the replacement runs; the prelude
 *   captured its own JSON first, so only the guest's own calls see it.
 * Expected: rejected: verifier (no-undeclared-write)
 *
 * NOW (red team 13, 2026-12-02): typed ESCAPED, sfi ESCAPED (every rule passes; JSON.stringify
 * is replaced and the handler's own call returns "0"), native and server contained: exception
 * at 31:59 (SES froze JSON). This file is in findings/, not examples/exercises/, so that the
 * branch's matrix stays green until the verifier is fixed.
 *
 * Found by red team 13. The verifier should refuse the write (no-undeclared-write through every
 * expression wrapper, extensions/expression-wrappers.ts).
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
