/** Clock (second chance): a hand sweeps the frames; a referenced page loses its bit and is passed over. */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { noCandidate } from "./common.js";

export class ClockPager implements PagerPolicy {
  readonly name = "clock";
  /** The next frame the hand looks at. Per instance, i.e. per application. */
  private hand: number;

  constructor(hand: number) {
    this.hand = hand;
  }

  /**
   * Sweep frame numbers from the hand, circularly, looking only at candidates: a referenced
   * candidate has its bit cleared (view.clearReferenced) and is passed; the first unreferenced
   * candidate is the victim, and the hand then points just past it.
   *
   * Termination: the sweep is bounded to two turns. After one turn every candidate has been
   * cleared, so the second turn stops at the first candidate at the latest. Should the view's
   * bits not stay cleared, we still stop, taking the first candidate the hand met.
   */
  chooseVictim(view: PagerView): number {
    const n = view.frameCount;
    let f = this.hand < n ? this.hand : this.hand % n;
    let first = -1;
    for (let step = 0, steps = 2 * n; step < steps; step++) {
      if (view.candidate(f)) {
        if (!view.referenced(f)) {
          this.hand = f + 1 === n ? 0 : f + 1;
          return f;
        }
        if (first < 0) first = f;
        view.clearReferenced(f);
      }
      f = f + 1 === n ? 0 : f + 1;
    }
    if (first < 0) return noCandidate(this.name, view);
    this.hand = first + 1 === n ? 0 : first + 1;
    return first;
  }
}

export const clockPager = definePolicy({
  kind: "pager",
  name: "clock",
  summary: "second chance: a hand sweeps the frames, sparing (and clearing) referenced pages once",
  details:
    "A hand sweeps frame numbers 0..frameCount-1 circularly, looking only at the application's " +
    "candidate frames. A referenced candidate has its reference bit cleared and is passed over; the " +
    "first unreferenced one is the victim and the hand moves just past it. If every candidate is " +
    "referenced, the hand comes round to where it started and takes the first. The hand is the " +
    "instance's only state.",
  complexity: "O(frameCount) worst case per eviction (at most two turns), amortised O(1); no allocation",
  options: {
    hand: {
      type: "number",
      default: 0,
      integer: true,
      min: 0,
      doc: "frame number the hand starts at (taken modulo frameCount)",
    },
  },
  make: (o) => new ClockPager(o.hand),
});
