/**
 * EXERCISE: shared-static-function-state
 * Class: nondeterminism
 * Tries: keep state across runs and extensions on a function every Compartment of the realm
 *   shares and no one froze: the V8 placements' guest `Symbol` is frozen (bounded-strings.ts
 *   guestSymbolConstructor), but its `for` is a new function made once per realm, not frozen,
 *   so a property added to `Symbol.for` is seen by the next run and by every other extension
 *   (a channel between extensions, and a second run that differs from the first). Written
 *   through a constrained generic (builtin-static-constraint's way past the verifier).
 * Defence: SES lockdown hardens the intrinsics; newCompartment (sandbox/native/realm.ts) hardens,
 *   transitively, every global the kernel makes for a guest after lockdown (the Symbol's `for`,
 *   the VM's Math.random and Date.now), and the VM its kernel API. In the V8 placements the
 *   write to the frozen function throws (strict code): every call faults, the same way each run.
 *   typed and sfi: both runs alike (each VM is a QuickJS runtime of its own).
 * Expected: contained: deterministic
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check: deterministic
 */
import { defineExtension, kernel } from "spin-kernel/extension";

function registryOf<T extends { for: { name: string } }>(o: T): T["for"] {
  return o.for;
}

function bump<T extends { name: string; count?: number }>(o: T): number {
  const seen = o.count ?? 0;
  o.count = seen + 1;
  return seen;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const seen = bump(registryOf(Symbol));
      if (seen === 0) kernel.log("first call of this realm");
      const first = args.resident[seen === 0 ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
