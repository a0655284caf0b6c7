/**
 * EXERCISE: builtin-static-constraint
 * Class: builtin mutation
 * Tries: replace a constructor's static member, `String.fromCharCode`, in every placement's
 *   verifier: `function put<T extends { fromCharCode: unknown }>(o: T, v: unknown) {
 *   o.fromCharCode = v; }` writes a property its type parameter's constraint declares, and
 *   `put(String, fake)` passes the constructor where the constraint is met (red team 14's
 *   builtin-in-narrowed-constraint, aimed at a constructor rather than JSON). The handler then
 *   runs on, with no violation, whatever the replacement made.
 * Defence: open in the verifier (no-undeclared-write judges the written reference, declared by the
 *   constraint). Contained by the realm: QuickJS's prelude freezes the global constructors and
 *   namespace objects, as SES's lockdown does in the V8 placements (their prototypes stay as
 *   they are), so the write throws in every placement. Before (red team 15): typed and sfi
 *   ESCAPED (only JSON and Math were frozen); native and server contained by SES only.
 * Expected: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const fake = (): string => "";

function put<T extends { fromCharCode: unknown }>(o: T, v: unknown): void {
  o.fromCharCode = v;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      put(String, fake);
      const at = String.fromCharCode(48 + (args.vpn % 2)).length;
      const first = args.resident[at % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
