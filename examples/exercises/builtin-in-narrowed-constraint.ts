/**
 * EXERCISE: builtin-in-narrowed-constraint
 * Class: builtin mutation
 * Tries: replace a builtin's member with no assertion and no computed key, in every placement's
 *   verifier. `const j: object = JSON` (allowed: a view with no member), `"stringify" in j`
 *   narrows it to `object & Record<"stringify", unknown>`, which is assignable to a type
 *   parameter constrained by a property the author declares: `function put<T extends {
 *   stringify: unknown }>(o: T, v: unknown) { o.stringify = v; }`. Inside `put`, `o.stringify`
 *   is a declared property (the constraint's), so no-undeclared-write's `in` rule (a property
 *   with no declaration whose type is unknown) never sees the narrowed one: the type parameter
 *   launders the check as red team 13's alias did.
 * Defence: open in the verifier: no-undeclared-write judges the written reference, and a parameter whose
 *   type declares the member takes the narrowed value. Contained by the realm: QuickJS's prelude
 *   freezes JSON and Math as SES freezes them in the V8 placements, so the write throws in every
 *   placement. Before (red team 14): typed and sfi ESCAPED (JSON.stringify replaced for the
 *   guest's own calls); native and server contained by SES only.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const fake = (): string => "0";

function put<T extends { stringify: unknown }>(o: T, v: unknown): void {
  o.stringify = v;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const j: object = JSON;
      if ("stringify" in j) put(j, fake);
      if (JSON.stringify(5) === "0") throw new Error("JSON.stringify replaced");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
