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

/**
 * Per-frame counters sampled from reference bits at clock ticks (NFU, Aging), kept so that a tick
 * costs what the application did since the previous one, not the machine's size: the kernel hands
 * `tick` the frames whose reference bit was set since the previous tick (PagerPolicy.tick), and
 * only those are visited. Every other counter is unchanged by a tick (NFU), or shifted right
 * (Aging), which is done lazily: a counter is stored with the tick count it was written at and
 * read shifted once per tick since (floor(floor(c / 2^j) / 2^k) = floor(c / 2^(j + k)) for a
 * counter of at most 32 bits, so the value is exactly the one shifting at every tick gives).
 * Without the list (a caller that does not have one), every frame is visited, as before.
 */
export class SampledCounters {
  private values = new Float64Array(0);
  /** The tick count each value was written at (Aging's lazy shift). */
  private writtenAt = new Float64Array(0);
  /** Ticks so far, `elapsed` summed. */
  private ticks = 0;
  private readonly stamps = new FrameStamps();

  /** `decay`: shift every counter right one bit per tick (Aging); NFU's counters never decay. */
  constructor(private readonly decay: boolean) {}

  /** The counter of `frame` now (0 for a page mapped since it was last looked at). */
  value(view: PagerView, frame: number): number {
    this.fit(view.frameCount);
    if (this.stamps.fresh(view, frame)) this.reset(frame);
    return this.current(frame);
  }

  /** The counter as last computed, without looking at the frame's page (for tests and teaching). */
  peek(frame: number): number {
    return frame < this.values.length ? this.current(frame) : 0;
  }

  /**
   * One clock tick, `elapsed` grid points since the previous one: each candidate frame of
   * `referenced` (all frames when absent) gets `update(its counter after the shift, R)` and its R
   * bit cleared. A frame listed twice is updated once.
   */
  tick(
    view: PagerView,
    elapsed: number,
    referenced: ArrayLike<number> | undefined,
    update: (shifted: number, referenced: boolean) => number,
  ): void {
    this.fit(view.frameCount);
    const before = this.ticks;
    this.ticks += this.decay ? Math.max(1, Math.floor(elapsed)) : 1;
    const n = referenced === undefined ? view.frameCount : referenced.length;
    for (let i = 0; i < n; i++) {
      const f = referenced === undefined ? i : referenced[i]!;
      if (!view.candidate(f) || this.writtenAt[f] === this.ticks) continue;
      if (this.stamps.fresh(view, f)) this.reset(f, before);
      const r = view.referenced(f);
      // Not referenced and not decaying: nothing changes (the frames the list leaves out).
      if (!r && !this.decay) continue;
      this.values[f] = update(this.current(f), r);
      this.writtenAt[f] = this.ticks;
      view.clearReferenced(f);
    }
  }

  private current(frame: number): number {
    const v = this.values[frame]!;
    return this.decay ? Math.floor(v / 2 ** (this.ticks - this.writtenAt[frame]!)) : v;
  }

  /** A page the counters have not seen in `frame`: no history yet, as of tick `at`. */
  private reset(frame: number, at = this.ticks): void {
    this.values[frame] = 0;
    this.writtenAt[frame] = at;
  }

  private fit(frameCount: number): void {
    if (this.values.length === frameCount) return;
    this.values = new Float64Array(frameCount);
    this.writtenAt = new Float64Array(frameCount).fill(this.ticks);
    this.stamps.fit(frameCount);
  }
}

/** Shared by NFU and Aging: the victim is the candidate with the smallest counter. */
export function lowestCounter(view: PagerView, counters: SampledCounters, policy: string): number {
  let victim = -1;
  let best = Infinity;
  let bestReferenced = true;
  let bestLoaded = Infinity;
  for (let f = 0, n = view.frameCount; f < n; f++) {
    if (!view.candidate(f)) continue;
    const c = counters.value(view, f); // a page mapped since the last tick has no history yet: 0
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

/**
 * NFU and Aging: a counter per frame, updated from the reference bits at clock ticks (the
 * subclass's update, through SampledCounters); the victim is the candidate with the lowest counter
 * (`lowestCounter`).
 */
export abstract class TickCounterPager implements PagerPolicy {
  abstract readonly name: string;
  abstract readonly tickNs: number;
  protected abstract readonly counters: SampledCounters;

  /** The counters, by frame (for tests and teaching; entries of frames not sampled are stale). */
  counter(frame: number): number {
    return this.counters.peek(frame);
  }

  abstract tick(view: PagerView, elapsed?: number, referenced?: ArrayLike<number>): void;

  chooseVictim(view: PagerView): number {
    return lowestCounter(view, this.counters, this.name);
  }
}

export class AgingPager extends TickCounterPager {
  readonly name = "aging";
  protected readonly counters = new SampledCounters(true);
  /** The value of the counter's leftmost bit. */
  private readonly top: number;

  constructor(
    readonly bits: number,
    readonly tickNs: number,
  ) {
    super();
    this.top = 2 ** (bits - 1);
  }

  /**
   * `elapsed` ticks since the last call: elapsed - 1 of them saw no reference (shift only), then
   * this one, which adds the R bits of the frames in `referenced` (the kernel's list: every frame
   * whose bit was set since the last tick; all frames when absent).
   */
  tick(view: PagerView, elapsed = 1, referenced?: ArrayLike<number>): void {
    const top = this.top;
    this.counters.tick(view, elapsed, referenced, (c, r) => c + (r ? top : 0));
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
  complexity:
    "O(frames referenced since the last tick) per tick, O(frameCount) per eviction, no allocation after the first call",
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
