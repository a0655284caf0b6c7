/**
 * EXERCISE: wire-args-poison
 * Class: results that lie
 * Tries: poison the arguments the sandbox keeps from one event to the next. Reclaim's resident
 *   list reaches the guest as edits on the rows it kept from the last event (the wire), so write
 *   into a page of `args.resident` (move it to frame 99) and push a forged page onto the list,
 *   then, at the next event, offer frame 99 as the victim if the poison is still there.
 * Defence: the rows kept between events are frozen (the write throws a TypeError, caught here),
 *   every handler gets a list of its own (what it pushed is gone at the next event), and the SFI
 *   capability set is the prelude's own, apart from any list a handler sees. Frame 99 never comes
 *   back: every result is a frame the kernel gave. (Typed mode refuses the type assertion that
 *   makes the readonly rows look writable; sfi mode runs it.)
 * Expected: rejected: verifier (no-type-assertion)
 * Expected-sfi: contained: results-valid
 * Check-sfi: results-valid
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

const FORGED = 99;
const tried = { writes: 0, refused: 0 };

interface Page {
  frame: number;
  vpn: number;
  referenced: boolean;
  dirty: boolean;
  loadedAt: number;
  lastAccess: number;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // Last event's poison, if it survived.
      for (const p of args.resident) if (p.frame === FORGED) return { victim: p.frame };
      const pages = args.resident as unknown as Page[];
      tried.writes++;
      try {
        pages[0]!.frame = FORGED;
      } catch {
        tried.refused++;
      }
      pages.push({ frame: FORGED, vpn: 4242, referenced: false, dirty: false, loadedAt: 0, lastAccess: 0 });
      return { victim: first.frame as Frame };
    },
  },
});
