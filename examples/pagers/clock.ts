/**
 * Clock (second chance) as an extension. A hand sweeps this application's frames in frame
 * order; a referenced page loses its bit (returned in `clearReferenced`, which the kernel
 * applies) and is passed over; the first unreferenced page is the victim, and the hand stops
 * just past it. The hand is module state: it survives from one Reclaim to the next.
 *
 * Run it:
 *   npx spin load examples/pagers/clock.ts --scenario examples/scenarios/looping.json
 *
 * Expect: the same run as the built-in Clock (`npx spin run examples/scenarios/looping.json
 * --pager clock`): 17,880 faults for 17,880 references (a 72-page loop in 64 frames defeats
 * Clock), 1,673 write-backs, report.check OK, no violations; and 14 faults on textbook.json
 * (`--pager clock`), as the built-in. See loop-aware.ts for a pager that
 * beats it on this scenario.

 */
import { defineExtension, type Frame } from "spin-kernel/extension";

/** The frame number the hand points at; module state (a top-level literal is allowed). */
const hand = { at: 0 };

export default defineExtension({
  name: "clock",
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const pages = args.resident; // in frame order
      const n = pages.length;
      // Start at the first resident frame at or after the hand, wrapping round.
      let start = 0;
      while (start < n && (pages[start]?.frame ?? 0) < hand.at) start++;
      if (start === n) start = 0;

      const cleared: Frame[] = [];
      // One full turn: the first unreferenced page wins. If all are referenced, after the turn
      // every bit is cleared and the hand takes the page it started at (as the built-in does).
      for (let step = 0; step < n; step++) {
        const page = pages[(start + step) % n];
        if (page === undefined) continue;
        if (!page.referenced) {
          hand.at = page.frame + 1;
          return { victim: page.frame, clearReferenced: cleared };
        }
        cleared.push(page.frame);
      }
      const first = pages[start];
      if (first === undefined) throw new Error("no resident page to give back");
      hand.at = first.frame + 1;
      // The victim's own bit does not matter: it is unmapped. Clear the others.
      return { victim: first.frame, clearReferenced: cleared.filter((f) => f !== first.frame) };
    },
  },
});
