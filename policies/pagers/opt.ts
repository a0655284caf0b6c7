/** OPT (Belady's MIN): evict the page whose next use is furthest in the future. */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { noCandidate } from "./common.js";

export class OptPager implements PagerPolicy {
  readonly name = "opt";

  /**
   * The candidate with the largest nextUse: a page never used again (Infinity) first; ties go to
   * the lowest frame number.
   */
  chooseVictim(view: PagerView): number {
    let victim = -1;
    let furthest = -Infinity;
    for (let f = 0, n = view.frameCount; f < n; f++) {
      if (!view.candidate(f)) continue;
      const d = view.nextUse(f);
      // `victim < 0` also covers a NaN nextUse from a confused oracle: still return a candidate.
      if (d > furthest || victim < 0) {
        furthest = d;
        victim = f;
        if (d === Infinity) break; // nothing beats never; the lowest such frame wins the tie
      }
    }
    return victim >= 0 ? victim : noCandidate(this.name, view);
  }
}

export const optPager = definePolicy({
  kind: "pager",
  name: "opt",
  summary: "Belady's optimal: evict the page whose next use is furthest away (needs the future)",
  details:
    "The victim is the candidate frame with the largest nextUse, pages never used again first; ties " +
    "go to the lowest frame number. It needs the oracle view.nextUse, so it is a yardstick for " +
    "trace-driven runs: no policy has fewer faults on a single-threaded reference string. Stateless.",
  complexity: "O(frameCount) per eviction (stops early at a never-used page), no allocation",
  options: {},
  make: () => new OptPager(),
});
