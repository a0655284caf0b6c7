/**
 * ARC (Adaptive Replacement Cache): two LRU lists of resident pages, T1 (seen once recently) and
 * T2 (seen at least twice), two ghost lists B1 and B2 of the page numbers recently evicted from
 * each, and a target size p for T1 that adapts on every ghost hit.
 *
 * Source: N. Megiddo and D. S. Modha, "ARC: A Self-Tuning, Low Overhead Replacement Cache",
 * FAST 2003, Fig. 4. For a request x with cache size c:
 *
 *   I    x in T1 or T2 (a hit): move x to the MRU end of T2.
 *   II   x in B1: p = min(c, p + max(|B2|/|B1|, 1)); REPLACE(x, p); move x to the MRU of T2.
 *   III  x in B2: p = max(0, p - max(|B1|/|B2|, 1)); REPLACE(x, p); move x to the MRU of T2.
 *   IV   x nowhere: if |T1| + |B1| = c: if |T1| < c, drop B1's LRU and REPLACE(x, p), else evict
 *        T1's LRU page (not remembered); otherwise, if |T1|+|T2|+|B1|+|B2| >= c, drop B2's LRU when
 *        the total is 2c, and REPLACE(x, p). Put x at the MRU of T1.
 *   REPLACE(x, p): if |T1| >= 1 and (|T1| > p or (x in B2 and |T1| = p)) evict T1's LRU page into
 *        B1's MRU, else evict T2's LRU page into B2's MRU.
 *
 * Mapping onto this kernel: c is the number of frames the application holds; a resident page is in
 * T2 if it has been referenced twice since it was mapped (view.accesses) or entered by a ghost hit;
 * LRU order within T1 and T2 is the kernel's exact lastAccess. Cases II-IV run when the faulting
 * page's reclaim asks for a victim (view.incomingVpn); a reclaim for another application is case IV
 * with an x found nowhere.
 */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { FrameStamps, noCandidate, ownedFrames } from "./common.js";

export class ArcPager implements PagerPolicy {
  readonly name = "arc";
  readonly countsAccesses = true;
  /** Per frame: 1 if its page entered T2 by a ghost hit (a reference count of 1 is then not T1). */
  private enteredT2 = new Uint8Array(0);
  private readonly stamps = new FrameStamps();
  /** Ghost lists: page numbers, LRU first (Map keeps insertion order). */
  private readonly b1 = new Map<number, true>();
  private readonly b2 = new Map<number, true>();
  /** Ghost hits not mapped yet: they enter T2. */
  private readonly toT2 = new Set<number>();
  /** Target size of T1. */
  private p: number;

  constructor(p: number) {
    this.p = p;
  }

  /** The adaptation target p and the ghost lists, LRU first (for tests and teaching). */
  state(): { p: number; b1: number[]; b2: number[] } {
    return { p: this.p, b1: [...this.b1.keys()], b2: [...this.b2.keys()] };
  }

  chooseVictim(view: PagerView): number {
    const n = view.frameCount;
    if (this.enteredT2.length !== n) this.enteredT2 = new Uint8Array(n);
    this.stamps.fit(n);
    let t1 = 0;
    let t2 = 0;
    for (let f = 0; f < n; f++) {
      if (!view.candidate(f)) continue;
      if (this.stamps.fresh(view, f)) this.enteredT2[f] = this.toT2.delete(view.vpn(f)) ? 1 : 0;
      if (this.inT2(view, f)) t2++;
      else t1++;
    }
    const c = ownedFrames(view);
    const x = view.incomingVpn;
    const b1 = this.b1;
    const b2 = this.b2;
    let victim: number;
    if (x >= 0 && b1.has(x)) {
      this.p = Math.min(c, this.p + Math.max(b2.size / b1.size, 1));
      b1.delete(x);
      this.admitToT2(x, n);
      victim = this.replace(view, t1, false);
    } else if (x >= 0 && b2.has(x)) {
      this.p = Math.max(0, this.p - Math.max(b1.size / b2.size, 1));
      b2.delete(x);
      this.admitToT2(x, n);
      victim = this.replace(view, t1, true);
    } else if (t1 + b1.size >= c) {
      if (t1 < c) {
        dropLru(b1);
        victim = this.replace(view, t1, false);
      } else {
        victim = this.lru(view, false); // T1 fills the cache: its LRU page goes, not remembered
        if (victim < 0) victim = this.replace(view, t1, false);
      }
    } else {
      if (t1 + t2 + b1.size + b2.size >= 2 * c) dropLru(b2);
      victim = this.replace(view, t1, false);
    }
    // The paper's invariants |T1| + |B1| <= c and |T1| + |T2| + |B1| + |B2| <= 2c, counted once the
    // victim has gone and x has come in, hold by construction for one application; they are
    // enforced here for when c shrank (another application took frames).
    if (this.inT2(view, victim)) t2--;
    else t1--;
    if (x >= 0) {
      if (this.toT2.has(x)) t2++;
      else t1++;
    }
    while (b1.size > 0 && t1 + b1.size > c) dropLru(b1);
    while (b2.size > 0 && t1 + t2 + b1.size + b2.size > 2 * c) dropLru(b2);
    return victim;
  }

  private inT2(view: PagerView, f: number): boolean {
    return this.enteredT2[f] === 1 || view.accesses(f) >= 2;
  }

  private admitToT2(x: number, n: number): void {
    this.toT2.add(x);
    if (this.toT2.size > n) this.toT2.delete(this.toT2.values().next().value!); // never mapped: forget
  }

  /** REPLACE(x, p): T1's LRU page into B1, or T2's into B2; the other list if one has no candidate. */
  private replace(view: PagerView, t1: number, xInB2: boolean): number {
    const fromT1 = t1 >= 1 && (t1 > this.p || (xInB2 && t1 === this.p));
    let victim = this.lru(view, !fromT1);
    let inT2 = !fromT1;
    if (victim < 0) {
      victim = this.lru(view, fromT1);
      inT2 = fromT1;
    }
    if (victim < 0) return noCandidate(this.name, view);
    const ghosts = inT2 ? this.b2 : this.b1;
    const vpn = view.vpn(victim);
    ghosts.delete(vpn);
    ghosts.set(vpn, true);
    return victim;
  }

  /** The least recently used candidate of T2 (or T1); ties to the lowest frame; -1 if none. */
  private lru(view: PagerView, t2: boolean): number {
    let victim = -1;
    let oldest = Infinity;
    for (let f = 0, n = view.frameCount; f < n; f++) {
      if (!view.candidate(f) || this.inT2(view, f) !== t2) continue;
      const t = view.lastAccess(f);
      if (victim < 0 || t < oldest) {
        victim = f;
        oldest = t;
      }
    }
    return victim;
  }
}

function dropLru(ghosts: Map<number, true>): void {
  const first = ghosts.keys().next();
  if (!first.done) ghosts.delete(first.value);
}

export const arcPager = definePolicy({
  kind: "pager",
  name: "arc",
  summary: "Megiddo & Modha's ARC: recency (T1) and frequency (T2) lists balanced by ghost hits",
  details:
    "Resident pages referenced once since they were mapped are in T1, pages referenced again (or " +
    "brought back by a ghost hit) in T2; both are LRU by the kernel's lastAccess. Evicted pages' " +
    "numbers are remembered in ghost lists B1 and B2. A fault on a page in B1 grows T1's target p, " +
    "one in B2 shrinks it; the victim is T1's LRU page if T1 is over its target, else T2's. So a " +
    "one-time scan stays in T1 and leaves the re-used pages of T2 alone. No parameter to tune. " +
    "Ties to the lowest frame. State: p, the ghost lists and a bit per frame.",
  complexity: "O(frameCount) per eviction plus O(1) map operations",
  options: {
    p: { type: "number", default: 0, min: 0, doc: "initial target size of T1, in frames (the paper starts at 0)" },
  },
  make: (o) => new ArcPager(o.p),
});
