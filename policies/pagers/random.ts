/** Random page replacement: a uniformly chosen candidate, from the kernel's seeded generator. */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { noCandidate } from "./common.js";

export class RandomPager implements PagerPolicy {
  readonly name = "random";

  /**
   * Two passes: count the candidates, draw k uniform in [0, count) with one view.random() call,
   * return the k-th candidate in frame order. Same seed, same victims.
   */
  chooseVictim(view: PagerView): number {
    const n = view.frameCount;
    let count = 0;
    for (let f = 0; f < n; f++) if (view.candidate(f)) count++;
    if (count === 0) return noCandidate(this.name, view);
    let k = Math.floor(view.random() * count);
    if (!(k >= 0)) k = 0; // NaN or negative from a broken generator
    if (k >= count) k = count - 1; // random() returned 1
    for (let f = 0; f < n; f++) {
      if (view.candidate(f) && k-- === 0) return f;
    }
    return noCandidate(this.name, view); // unreachable unless candidate() changed between passes
  }
}

export const randomPager = definePolicy({
  kind: "pager",
  name: "random",
  summary: "evict a uniformly random candidate (seeded: same seed, same run)",
  details:
    "Counts the candidate frames, draws one number from view.random() (the kernel's seeded, " +
    "per-application generator) and takes that candidate in frame-number order. No state of its " +
    "own; a useful baseline that no adversarial reference string can defeat systematically.",
  complexity: "O(frameCount) per eviction (two passes), one random draw, no allocation",
  options: {},
  make: () => new RandomPager(),
});
