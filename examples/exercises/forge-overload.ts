/**
 * EXERCISE: forge-overload
 * Class: forged capabilities
 * Tries: brand a page number as a Frame with an overload signature (`function brand(n: number):
 *   Frame;`) over an implementation that returns the number: no assertion, no `any`, no predicate.
 * Defence: the verifier's no-overload rule (TypeScript never checks an overload against the body;
 *   an extension writes one signature per function). Behind it, the kernel's validator refuses
 *   a frame that does not exist or is not this application's.
 * Expected: rejected: verifier (no-overload)
 *
 * Found by a red team (issue 8, finding 8): `tsc --strict` accepts this file.
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

function brand(n: number): Frame;
function brand(n: number): number {
  return n;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => ({ victim: brand(args.vpn + 1_000) }),
  },
});
