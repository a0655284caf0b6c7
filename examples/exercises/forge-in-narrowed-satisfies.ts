/**
 * EXERCISE: forge-in-narrowed-satisfies
 * Class: forged capabilities
 * Tries: forge-in-narrowed-write through a `satisfies` wrapper: see a resident page as `{ vpn:
 *   number }`, then `if ("frame" in view) (view satisfies { vpn: number }).frame = ...`. The
 *   verifier's no-undeclared-write finds the declared type of the written object by looking
 *   through parentheses and `!` only (its `declaredType`), so behind `satisfies` it finds no
 *   declared type and lets the write pass; the `in`-narrowed `frame: unknown` accepts anything.
 * Defence: the kernel hands the guest frozen pages (the write throws a TypeError in every
 *   placement). The verifier should refuse it as it refuses forge-in-narrowed-write
 *   (no-undeclared-write); findings/builtin-in-narrowed-satisfies.ts is the same gap where no
 *   frozen object stands behind it.
 * Expected: rejected: verifier (no-undeclared-write)
 *
 * Found by red team 13 (main's expression-wrappers.ts list was not used by no-undeclared-write):
 * every placement was contained: exception (the pages are frozen) until no-undeclared-write read
 * the declared type through every wrapper (main 7e689ba).
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const page = args.resident[0];
      if (page === undefined) throw new Error("no resident page");
      const view: { vpn: number } = page;
      if ("frame" in view) (view satisfies { vpn: number }).frame = args.vpn + 1_000;
      return { victim: page.frame };
    },
  },
});
