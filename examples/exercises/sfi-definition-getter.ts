/**
 * EXERCISE: sfi-definition-getter
 * Class: SFI evasion
 * Tries: register handlers SFI never wrapped: `handlers` is a getter that answers null to SFI's
 *   wrapper (which then passed the definition through as it was) and the real handlers to the
 *   prelude, so a stale frame of another application left with no SFI check and no fuel.
 * Defence: both modes: the verifier's no-top-level-side-effects rule, since nothing built at load
 *   time may have a getter (the kernel reads the definition while the module loads). Behind it,
 *   in typed mode, the getter's lie needs a type assertion (no-type-assertion); in SFI mode the
 *   definition is read once and copied, so the prelude is shown the same null and refuses the
 *   module; and had a handler been registered some other way, its results would still go
 *   through SFI's result guard, which the prelude calls on every result.
 * Expected: rejected: verifier (no-top-level-side-effects)
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

const seen: Frame[] = [];
let reads = 0;

const handlers = {
  "PhysAddr.Reclaim": (args: { readonly resident: readonly { readonly frame: Frame }[] }) => {
    for (const r of args.resident) if (!seen.includes(r.frame)) seen.push(r.frame);
    const current = args.resident.map((r) => r.frame);
    const stale = seen.find((f) => !current.includes(f));
    const first = args.resident[0];
    if (first === undefined) throw new Error("no resident page");
    return { victim: stale ?? first.frame };
  },
};

export default defineExtension({
  get handlers() {
    reads++;
    return reads === 1 ? (null as unknown as typeof handlers) : handlers;
  },
});
