/**
 * EXERCISE: builtin-static-generic
 * Class: builtin mutation
 * Tries: replace a constructor's static member, `String.fromCharCode`, through a generic helper
 *   `put<T>(o: T, k: keyof T, v: T[keyof T]) { o[k] = v; }`: `put(String, "fromCharCode", fake)`
 *   is an ordinary call (T = StringConstructor; the fake is one of T[keyof T]), and no rule sees
 *   a builtin written. The handler then runs on, with no violation, whatever the replacement made.
 * Defence: typed, native, server: the verifier (no-computed-member). sfi, which does not keep that rule:
 *   the realm, whose global constructors and namespace objects QuickJS's prelude now freezes, as
 *   SES's lockdown does in the V8 placements (their prototypes stay as they are). Before (red
 *   team 15): sfi ESCAPED (only JSON and Math were frozen).
 * Expected: rejected: verifier (no-computed-member)
 * Expected-sfi: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const fake = (): string => "";

function put<T>(o: T, k: keyof T, v: T[keyof T]): void {
  o[k] = v;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      put(String, "fromCharCode", fake);
      const at = String.fromCharCode(48 + (args.vpn % 2)).length;
      const first = args.resident[at % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
