/**
 * EXERCISE: builtin-in-narrowed-generic
 * Class: builtin mutation
 * Tries: replace a builtin's member with no assertion, bypassing red team 13's fix of
 *   no-undeclared-write. `const j: object = JSON` (allowed: a view with no member), `"stringify"
 *   in j` adds `stringify: unknown`, and the write is made inside a generic helper,
 *   `put<T, K extends keyof T>(o: T, k: K, v: T[K]) { o[k] = v; }`: the rule asks the symbol
 *   of the written key, and `o[k]` with a generic `k` has none (`prop === undefined`: return),
 *   so neither the new "no declaration, type unknown" test nor the declared-type test runs. At
 *   the call, `put(j, "stringify", fake)` is an ordinary call (K = "stringify", T[K] = unknown).
 * Defence: typed, native, server: the verifier (no-computed-member). sfi, which does not keep that rule:
 *   the realm, whose JSON and Math QuickJS's prelude now freezes as SES does in the V8 placements.
 *   Before (red team 14): sfi ESCAPED (JSON.stringify replaced).
 * Expected: rejected: verifier (no-computed-member)
 * Expected-sfi: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const fake = (): string => "0";

function put<T, K extends keyof T>(o: T, k: K, v: T[K]): void {
  o[k] = v;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const j: object = JSON;
      if ("stringify" in j) put(j, "stringify", fake);
      if (JSON.stringify(5) === "0") throw new Error("JSON.stringify replaced");
      const at = Number(JSON.stringify(args.vpn));
      const first = args.resident[at % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
