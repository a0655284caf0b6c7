/** FIFO page replacement: evict the page that has been resident longest. */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { noCandidate } from "./common.js";

export class FifoPager implements PagerPolicy {
  readonly name = "fifo";

  /** The candidate with the smallest loadedAt; ties go to the lowest frame number. */
  chooseVictim(view: PagerView): number {
    let victim = -1;
    let oldest = Infinity;
    for (let f = 0, n = view.frameCount; f < n; f++) {
      if (!view.candidate(f)) continue;
      const t = view.loadedAt(f);
      // Strict `<`, and `victim < 0` so that a page loaded at time Infinity (never, in practice)
      // is still a victim: we always return a candidate when there is one.
      if (t < oldest || victim < 0) {
        oldest = t;
        victim = f;
      }
    }
    return victim >= 0 ? victim : noCandidate(this.name, view);
  }
}

export const fifoPager = definePolicy({
  kind: "pager",
  name: "fifo",
  summary: "first in, first out: evict the page resident longest",
  details:
    "The victim is the candidate frame with the smallest loadedAt (the time its page was mapped); " +
    "ties go to the lowest frame number. References do not matter, so FIFO shows Belady's anomaly: " +
    "more frames can mean more faults. Stateless: the order is read from the frame table.",
  complexity: "O(frameCount) per eviction, no allocation",
  options: {},
  make: () => new FifoPager(),
});
