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

/**
 * Which page a stateful pager's per-frame entry describes. The kernel does not tell a pager when a
 * page is mapped in (a free frame, another application's reclaim, a prefetch, an extension that
 * chose the victim), so a pager keeping per-frame state checks each frame's (vpn, loadedAt) stamp
 * before using its entry: a frame whose stamp changed holds a page the pager has not seen yet.
 * A page cannot be mapped into the same frame twice at the same simulated time, so the stamp is
 * unique to one residency.
 */
export class FrameStamps {
  private vpns = new Float64Array(0);
  private loaded = new Float64Array(0);

  /** Size for `frameCount` frames, forgetting every stamp if the count changed. */
  fit(frameCount: number): void {
    if (this.vpns.length === frameCount) return;
    this.vpns = new Float64Array(frameCount).fill(-1);
    this.loaded = new Float64Array(frameCount).fill(-1);
  }

  /** True (and the frame is stamped) if `frame` holds a page this tracker has not seen there. */
  fresh(view: PagerView, frame: number): boolean {
    const vpn = view.vpn(frame);
    const at = view.loadedAt(frame);
    if (this.vpns[frame] === vpn && this.loaded[frame] === at) return false;
    this.vpns[frame] = vpn;
    this.loaded[frame] = at;
    return true;
  }
}

/** Frames owned by the view's space, busy ones included: the application's share of memory. */
export function ownedFrames(view: PagerView): number {
  let owned = 0;
  for (let f = 0, n = view.frameCount; f < n; f++) if (view.owner(f) === view.space) owned++;
  return owned;
}
