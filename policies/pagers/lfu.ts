/**
 * LFU (least frequently used): evict the page referenced the fewest times while resident.
 *
 * Source: E. J. O'Neil, P. E. O'Neil and G. Weikum, "The LRU-K Page Replacement Algorithm for
 * Database Disk Buffering", SIGMOD 1993, §1 and §2.1: LFU keeps a reference count per page and
 * drops the page with the smallest count; its weakness is that counts never age, so a page that
 * was hot once stays resident after its use ends ("pages that were referenced frequently in the
 * past ... remain in the buffer"). This is in-cache LFU: the count starts again when a page is
 * mapped back in.
 */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { noCandidate } from "./common.js";

export class LfuPager implements PagerPolicy {
  readonly name = "lfu";
  readonly countsAccesses = true;

  /** The candidate with the fewest accesses; ties to the least recently used, then the lowest frame. */
  chooseVictim(view: PagerView): number {
    let victim = -1;
    let fewest = Infinity;
    let oldest = Infinity;
    for (let f = 0, n = view.frameCount; f < n; f++) {
      if (!view.candidate(f)) continue;
      const count = view.accesses(f);
      const last = view.lastAccess(f);
      if (victim < 0 || count < fewest || (count === fewest && last < oldest)) {
        victim = f;
        fewest = count;
        oldest = last;
      }
    }
    return victim >= 0 ? victim : noCandidate(this.name, view);
  }
}

export const lfuPager = definePolicy({
  kind: "pager",
  name: "lfu",
  summary: "least frequently used: evict the page with the fewest references since it was mapped",
  details:
    "The victim is the candidate whose page has been referenced the fewest times since it was " +
    "mapped in (view.accesses, counted by the kernel on every hit, not sampled); ties go to the " +
    "least recently used, then the lowest frame. Counts never decay, so a page hot long ago can " +
    "stay while the current working set is paged out (O'Neil, O'Neil & Weikum 1993). Stateless.",
  complexity: "O(frameCount) per eviction, no allocation",
  options: {},
  make: () => new LfuPager(),
});
