/**
 * WSClock: the working-set model of page replacement, run as a clock.
 *
 * Source: R. W. Carr and J. L. Hennessy, "WSCLOCK — A Simple and Effective Algorithm for Virtual
 * Memory Management", SOSP 1981; as described in Tanenbaum & Bos, Modern Operating Systems, 4th
 * ed., §3.4.9 (Fig. 3-21). Each frame keeps its page's time of last use. The hand sweeps the
 * frames: a referenced page has R cleared and its time of last use set to now, and is passed; an
 * unreferenced page older than tau is out of the working set, and is the victim if it is clean. A
 * dirty old page would have its write-back scheduled and be passed.
 *
 * Adaptations to this kernel, where a pager cannot start a write-back without evicting:
 *  - the sweep makes one full turn looking for a clean page outside the working set;
 *  - failing that, the first dirty page outside the working set met is the victim (the kernel
 *    writes it back, as WSClock's scheduled write would have);
 *  - failing that (every page is in the working set) the clean page unused longest, as Tanenbaum
 *    suggests ("claim any clean page"), or if all are dirty the page under the hand at the start.
 * Time is the simulated clock (view.now), the machine's time rather than the process's virtual time.
 */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { FrameStamps, noCandidate } from "./common.js";

export class WsClockPager implements PagerPolicy {
  readonly name = "wsclock";
  private hand: number;
  private lastUse = new Float64Array(0);
  private readonly stamps = new FrameStamps();

  constructor(
    readonly tauNs: number,
    hand: number,
  ) {
    this.hand = hand;
  }

  chooseVictim(view: PagerView): number {
    const n = view.frameCount;
    if (this.lastUse.length !== n) this.lastUse = new Float64Array(n);
    this.stamps.fit(n);
    const now = view.now;
    const start = this.hand < n ? this.hand : this.hand % n;
    let first = -1;
    let oldDirty = -1;
    let clean = -1;
    let cleanUse = Infinity;
    for (let step = 0, f = start; step < n; step++, f = f + 1 === n ? 0 : f + 1) {
      if (!view.candidate(f)) continue;
      if (this.stamps.fresh(view, f)) this.lastUse[f] = view.loadedAt(f);
      if (first < 0) first = f;
      if (view.referenced(f)) {
        view.clearReferenced(f);
        this.lastUse[f] = now;
      } else if (now - this.lastUse[f]! > this.tauNs) {
        if (!view.dirty(f)) return this.take(f, n);
        if (oldDirty < 0) oldDirty = f;
        continue;
      }
      if (!view.dirty(f) && this.lastUse[f]! < cleanUse) {
        clean = f;
        cleanUse = this.lastUse[f]!;
      }
    }
    if (oldDirty >= 0) return this.take(oldDirty, n);
    if (clean >= 0) return this.take(clean, n);
    if (first >= 0) return this.take(first, n);
    return noCandidate(this.name, view);
  }

  private take(frame: number, n: number): number {
    this.hand = frame + 1 === n ? 0 : frame + 1;
    return frame;
  }
}

export const wsclockPager = definePolicy({
  kind: "pager",
  name: "wsclock",
  summary: "working-set clock: evict a clean page unused for longer than tau, found by a sweeping hand",
  details:
    "A hand sweeps the application's frames once from where it stopped. A referenced page has its " +
    "bit cleared and its time of last use set to now; an unreferenced page unused for more than " +
    "tauNs is outside the working set and, if clean, is the victim. Otherwise the first dirty page " +
    "outside the working set (the kernel writes it back), else the clean page unused longest, else " +
    "the first candidate from the hand. The hand moves just past the victim. State: the hand and a " +
    "time of last use per frame. Carr & Hennessy 1981; Tanenbaum & Bos 3.4.9.",
  complexity: "O(frameCount) per eviction (one turn), no allocation after the first call",
  options: {
    tauNs: { type: "number", default: 10_000_000, min: 0, doc: "working-set window tau in simulated ns" },
    hand: {
      type: "number",
      default: 0,
      integer: true,
      min: 0,
      doc: "frame number the hand starts at (taken modulo frameCount)",
    },
  },
  make: (o) => new WsClockPager(o.tauNs, o.hand),
});
