/** LRU page replacement: evict the page whose last access is oldest. */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { noCandidate } from "./common.js";

export class LruPager implements PagerPolicy {
  readonly name = "lru";

  /** The candidate with the smallest lastAccess; ties go to the lowest frame number. */
  chooseVictim(view: PagerView): number {
    let victim = -1;
    let oldest = Infinity;
    for (let f = 0, n = view.frameCount; f < n; f++) {
      if (!view.candidate(f)) continue;
      const t = view.lastAccess(f);
      if (t < oldest || victim < 0) {
        oldest = t;
        victim = f;
      }
    }
    return victim >= 0 ? victim : noCandidate(this.name, view);
  }
}

export const lruPager = definePolicy({
  kind: "pager",
  name: "lru",
  summary: "least recently used: evict the page whose last access is oldest",
  details:
    "The victim is the candidate frame with the smallest lastAccess; ties go to the lowest frame " +
    "number (they never tie: lastAccess is a logical clock every access advances). The simulator " +
    "records an exact per-page recency stamp, so this is true LRU, not an " +
    "approximation. LRU is a stack algorithm: more frames never mean more faults. Stateless.",
  complexity: "O(frameCount) per eviction, no allocation",
  options: {},
  make: () => new LruPager(),
});
