/**
 * NFU (not frequently used): a reference count kept in software from bits sampled at clock ticks.
 *
 * Source: A. S. Tanenbaum and H. Bos, Modern Operating Systems, 4th ed., §3.4.7 "Simulating LRU
 * in Software". At each clock tick the R bit of every page is added to the page's counter (and
 * cleared); on a page fault the page with the lowest counter is replaced. NFU never forgets: a page
 * used heavily long ago keeps its count, which is why Tanenbaum modifies it into Aging.
 */
import type { PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { SampledCounters, TickCounterPager } from "./aging.js";

export class NfuPager extends TickCounterPager {
  readonly name = "nfu";
  protected readonly counters = new SampledCounters(false);

  constructor(readonly tickNs: number) {
    super();
  }

  /**
   * Ticks at which the application did nothing add nothing: `elapsed` does not matter to NFU. Only
   * the frames in `referenced` (the kernel's list: every frame whose bit was set since the last
   * tick; all frames when absent) can change.
   */
  tick(view: PagerView, _elapsed = 1, referenced?: ArrayLike<number>): void {
    this.counters.tick(view, 1, referenced, (c, r) => (r ? c + 1 : c));
  }
}

export const nfuPager = definePolicy({
  kind: "pager",
  name: "nfu",
  summary: "not frequently used: count the ticks at which each page was referenced, evict the lowest",
  details:
    "Every tickNs of simulated time (a clock interrupt from the kernel) each of the application's " +
    "resident pages with its reference bit set has its counter incremented, and the bit is cleared. " +
    "The victim is the candidate with the lowest count; ties as for aging (referenced since the last " +
    "tick is kept, then the page mapped first goes). Counts start at 0 when a page is mapped and never decay, " +
    "so a page busy long ago outstays one in use now. State: one counter per frame. Tanenbaum & " +
    "Bos, Modern Operating Systems, 3.4.7.",
  complexity:
    "O(frames referenced since the last tick) per tick, O(frameCount) per eviction, no allocation after the first call",
  options: {
    tickNs: { type: "number", default: 10_000_000, integer: true, min: 1, doc: "simulated ns between clock ticks" },
  },
  make: (o) => new NfuPager(o.tickNs),
});
