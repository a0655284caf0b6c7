/**
 * EXERCISE: builtin-in-narrowed-alias
 * Class: builtin mutation
 * Tries: replace a builtin's member with no assertion: `const j: object = JSON` (a view with no
 *   member, which no-builtin-mutation allows, leaving writes after an `in` check to
 *   no-undeclared-write), then `if ("stringify" in j) { const a = j; a.stringify = ... }`.
 *   no-undeclared-write asks the declared type of the written reference, and `a`'s declared
 *   type is the narrowed one (`object & Record<"stringify", unknown>`), which has the member: the
 *   alias launders the `in` check. The same passes with no alias through a tuple element,
 *   `const js: [object] = [JSON]; if ("stringify" in js[0]) js[0].stringify = ...` (an element
 *   access has no declared type there). The handler then returns what its JSON.stringify makes.
 * Defence: no-undeclared-write refuses a write to a property with no declaration whose type is unknown,
 *   what an in check adds, whatever the reference's declared type says: an alias or a tuple
 *   element takes the narrowed type as its own. Before (red team 13): typed and sfi ESCAPED
 *   (JSON.stringify replaced), native and server contained: exception (SES froze JSON).
 * Expected: rejected: verifier (no-undeclared-write)
 */
import { defineExtension } from "spin-kernel/extension";

const fake = (): string => "0";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const j: object = JSON;
      if ("stringify" in j) {
        const a = j;
        a.stringify = fake;
      }
      const at = Number(JSON.stringify(args.vpn));
      const first = args.resident[at % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
