/** Helpers shared by the pager policies. */
import type { PagerView } from "../../kernel/policy.js";

/**
 * The kernel asked for a victim in a space that has no candidate frame (every frame it owns is
 * busy, or it owns none). That is a kernel bug, not a policy decision: fail loudly rather than
 * return a frame the kernel would then take from the wrong owner.
 */
export function noCandidate(policy: string, view: PagerView): never {
  throw new Error(
    `pager "${policy}": no candidate frame for space ${view.space} among ${view.frameCount} frames ` +
      `(the kernel must only ask for a victim when the space owns a frame that is not busy)`,
  );
}
