/**
 * 2Q (full version): a FIFO probation queue A1in, an LRU main queue Am, and A1out, a FIFO of the
 * page numbers recently paged out of A1in.
 *
 * Source: T. Johnson and D. Shasha, "2Q: A Low Overhead High Performance Buffer Management
 * Replacement Algorithm", VLDB 1994, §2.2 (Fig. 2, "Full Version"):
 *
 *   on a reference to X:  X in Am     -> move X to the head of Am
 *                         X in A1out  -> reclaimfor(X); add X to the head of Am
 *                         X in A1in   -> do nothing
 *                         otherwise   -> reclaimfor(X); add X to the head of A1in
 *   reclaimfor(X): if |A1in| > Kin: page out the tail of A1in, add its identifier to the head of
 *                  A1out, and if |A1out| > Kout drop the tail of A1out;
 *                  else page out the tail of Am (not remembered in A1out).
 *
 * Kin and Kout are given as fractions of the application's frames; the paper recommends 25% and
 * 50%. Mapping onto this kernel: Am's LRU order is the kernel's exact lastAccess; A1in's FIFO order
 * is loadedAt; whether a page joins Am is decided from A1out when its fault asks for a frame
 * (view.incomingVpn) and applied when the page shows up mapped. Pages mapped without a reclaim of
 * this application (free frames, another application's reclaim) join A1in.
 */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { FrameStamps, noCandidate, ownedFrames } from "./common.js";

export class TwoQPager implements PagerPolicy {
  readonly name = "2q";
  /** Per frame: 1 if its page is in Am, 0 if in A1in. */
  private inAm = new Uint8Array(0);
  private readonly stamps = new FrameStamps();
  /** A1out: page numbers, oldest first (Map keeps insertion order). */
  private readonly a1out = new Map<number, true>();
  /** Pages found in A1out when they faulted, not mapped yet: they join Am. */
  private readonly toAm = new Set<number>();

  constructor(
    readonly kin: number,
    readonly kout: number,
  ) {}

  /** A1out's page numbers, oldest first (for tests and teaching). */
  ghosts(): number[] {
    return [...this.a1out.keys()];
  }

  chooseVictim(view: PagerView): number {
    const n = view.frameCount;
    if (this.inAm.length !== n) this.inAm = new Uint8Array(n);
    this.stamps.fit(n);
    // Pages mapped since the last call join Am if their fault found them in A1out, else A1in.
    let a1in = 0;
    for (let f = 0; f < n; f++) {
      if (!view.candidate(f)) continue;
      if (this.stamps.fresh(view, f)) this.inAm[f] = this.toAm.delete(view.vpn(f)) ? 1 : 0;
      if (this.inAm[f] === 0) a1in++;
    }
    const x = view.incomingVpn;
    if (x >= 0 && this.a1out.delete(x)) {
      this.toAm.add(x);
      if (this.toAm.size > n) this.toAm.delete(this.toAm.values().next().value!); // never mapped: forget
    }
    const c = ownedFrames(view);
    // reclaimfor: A1in's tail if A1in is over Kin, else Am's; whichever queue has a candidate.
    let victim = -1;
    let fromA1in = false;
    if (a1in > Math.floor(this.kin * c)) {
      victim = this.tailOfA1in(view);
      fromA1in = victim >= 0;
    }
    if (victim < 0) victim = this.tailOfAm(view);
    if (victim < 0) {
      victim = this.tailOfA1in(view);
      fromA1in = victim >= 0;
    }
    if (victim < 0) return noCandidate(this.name, view);
    if (fromA1in) {
      const vpn = view.vpn(victim);
      this.a1out.delete(vpn);
      this.a1out.set(vpn, true);
      const kout = Math.floor(this.kout * c);
      while (this.a1out.size > kout) this.a1out.delete(this.a1out.keys().next().value!);
    }
    return victim;
  }

  /** A1in's tail: the candidate in A1in loaded first (ties to the lowest frame); -1 if none. */
  private tailOfA1in(view: PagerView): number {
    let victim = -1;
    let oldest = Infinity;
    for (let f = 0, n = view.frameCount; f < n; f++) {
      if (!view.candidate(f) || this.inAm[f] !== 0) continue;
      const t = view.loadedAt(f);
      if (victim < 0 || t < oldest) {
        victim = f;
        oldest = t;
      }
    }
    return victim;
  }

  /** Am's tail: the candidate in Am used least recently (ties to the lowest frame); -1 if none. */
  private tailOfAm(view: PagerView): number {
    let victim = -1;
    let oldest = Infinity;
    for (let f = 0, n = view.frameCount; f < n; f++) {
      if (!view.candidate(f) || this.inAm[f] !== 1) continue;
      const t = view.lastAccess(f);
      if (victim < 0 || t < oldest) {
        victim = f;
        oldest = t;
      }
    }
    return victim;
  }
}

export const twoQPager = definePolicy({
  kind: "pager",
  name: "2q",
  summary: "Johnson & Shasha's 2Q: FIFO probation queue, LRU main queue, ghost list of pages paged out of probation",
  details:
    "A newly faulted page enters A1in (FIFO); a page that faults again while its number is still in " +
    "A1out (a FIFO of page numbers recently paged out of A1in) enters Am (LRU), where re-used pages " +
    "live. Hits in A1in change nothing, so a one-time scan passes through A1in without touching Am. " +
    "If A1in holds more than kin of the application's frames its oldest page is paged out and " +
    "remembered in A1out (at most kout of the frames); otherwise Am's least recently used page goes. " +
    "Ties to the lowest frame. State: a queue bit per frame, A1out and the pending Am entries.",
  complexity: "O(frameCount) per eviction plus O(1) map operations",
  options: {
    kin: {
      type: "number",
      default: 0.25,
      min: 0,
      max: 1,
      doc: "A1in's share of the application's frames (paper: 25%)",
    },
    kout: {
      type: "number",
      default: 0.5,
      min: 0,
      max: 4,
      doc: "A1out's length as a multiple of the application's frames (paper: 50%)",
    },
  },
  make: (o) => new TwoQPager(o.kin, o.kout),
});
