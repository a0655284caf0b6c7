/**
 * Aging: a software approximation of LRU from reference bits sampled at clock ticks.
 *
 * Source: A. S. Tanenbaum and H. Bos, Modern Operating Systems, 4th ed., §3.4.7 "Simulating LRU
 * in Software" (Fig. 3-17). Each page has a counter; at every clock tick each counter is shifted
 * right one bit and the page's R bit is added at the left, then R is cleared. On a page fault the
 * page with the lowest counter is removed.
 */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { FrameStamps, noCandidate } from "./common.js";

/** Shared by NFU and Aging: the victim is the candidate with the smallest counter. */
export function lowestCounter(view: PagerView, counters: Float64Array, stamps: FrameStamps, policy: string): number {
  let victim = -1;
  let best = Infinity;
  let bestReferenced = true;
  let bestLoaded = Infinity;
  for (let f = 0, n = view.frameCount; f < n; f++) {
    if (!view.candidate(f)) continue;
    if (stamps.fresh(view, f)) counters[f] = 0; // mapped in since the last tick: no history yet
    const c = counters[f]!;
    const referenced = view.referenced(f);
    const loaded = view.loadedAt(f);
    // Ties (every page mapped since the last tick has counter 0): a page referenced since the last
    // tick is kept over one that was not; then the page mapped first goes (FIFO, as Clock would).
    if (
      victim < 0 ||
      c < best ||
      (c === best && (referenced === bestReferenced ? loaded < bestLoaded : bestReferenced))
    ) {
      victim = f;
      best = c;
      bestReferenced = referenced;
      bestLoaded = loaded;
    }
  }
  return victim >= 0 ? victim : noCandidate(policy, view);
}

/** Visit every frame the view's space owns and that is not in transit, refreshing stale entries. */
export function sampleFrames(
  view: PagerView,
  counters: Float64Array,
  stamps: FrameStamps,
  update: (counter: number, referenced: boolean) => number,
): void {
  for (let f = 0, n = view.frameCount; f < n; f++) {
    if (!view.candidate(f)) continue;
    if (stamps.fresh(view, f)) counters[f] = 0;
    counters[f] = update(counters[f]!, view.referenced(f));
    view.clearReferenced(f);
  }
}

/**
 * NFU and Aging: a counter per frame, updated from the reference bits at every clock tick (the
 * subclass's `tick`); the victim is the candidate with the lowest counter (`lowestCounter`).
 */
export abstract class TickCounterPager implements PagerPolicy {
  abstract readonly name: string;
  abstract readonly tickNs: number;
  protected counters = new Float64Array(0);
  protected readonly stamps = new FrameStamps();

  /** The counters, by frame (for tests and teaching; entries of frames not sampled are stale). */
  counter(frame: number): number {
    return this.counters[frame] ?? 0;
  }

  abstract tick(view: PagerView, elapsed?: number): void;

  chooseVictim(view: PagerView): number {
    this.fit(view);
    return lowestCounter(view, this.counters, this.stamps, this.name);
  }

  protected fit(view: PagerView): void {
    if (this.counters.length !== view.frameCount) this.counters = new Float64Array(view.frameCount);
    this.stamps.fit(view.frameCount);
  }
}

export class AgingPager extends TickCounterPager {
  readonly name = "aging";
  /** The value of the counter's leftmost bit. */
  private readonly top: number;

  constructor(
    readonly bits: number,
    readonly tickNs: number,
  ) {
    super();
    this.top = 2 ** (bits - 1);
  }

  /** `elapsed` ticks since the last call: elapsed - 1 of them saw no reference (shift only), then this one. */
  tick(view: PagerView, elapsed = 1): void {
    this.fit(view);
    const top = this.top;
    const idle = 2 ** Math.max(0, Math.floor(elapsed) - 1);
    sampleFrames(view, this.counters, this.stamps, (c, r) => Math.floor(Math.floor(c / idle) / 2) + (r ? top : 0));
  }
}

export const agingPager = definePolicy({
  kind: "pager",
  name: "aging",
  summary: "Tanenbaum's aging: per-page counters shifted right each tick with the R bit added at the left",
  details:
    "Every tickNs of simulated time (a clock interrupt from the kernel) each of the application's " +
    "resident pages has its counter shifted right one bit with its reference bit added at the left, " +
    "and the bit is cleared (ticks at which the application had done nothing just shift). The victim is the candidate with the lowest counter: a page used in a " +
    "recent tick outranks any page used only earlier. Ties (pages mapped since the last tick start " +
    "at 0) keep a page referenced since the last tick over one that was not, then evict the page " +
    "mapped first. State: one counter per frame. Tanenbaum & Bos, Modern Operating Systems, 3.4.7.",
  complexity: "O(frameCount) per tick and per eviction, no allocation after the first call",
  options: {
    bits: {
      type: "number",
      default: 8,
      integer: true,
      min: 1,
      max: 32,
      doc: "counter width (Tanenbaum's figure uses 8)",
    },
    tickNs: { type: "number", default: 10_000_000, integer: true, min: 1, doc: "simulated ns between clock ticks" },
  },
  make: (o) => new AgingPager(o.bits, o.tickNs),
});
