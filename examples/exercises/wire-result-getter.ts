/**
 * EXERCISE: wire-result-getter
 * Class: results that lie
 * Tries: return a result whose `victim` is a getter that answers a frame of this event's
 *   resident set the first time it is read and a stale frame (the last event's victim, no longer
 *   this application's to give) after,
 *   hoping that the wire, which carries fixed-shape results as numbers instead of JSON, reads the
 *   field twice (once to check the shape, once to send it) or leaves it to the host.
 * Defence: only plain data goes by the wire: a result with an accessor is encoded as JSON inside
 *   the guest, as before, so the getter runs once, there, under the budget; the kernel validates
 *   and uses that one value (the first, valid, answer).
 * Expected: contained: results-valid
 * Check: results-valid
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

const last: { victim: Frame | undefined } = { victim: undefined };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      const stale = last.victim ?? first.frame;
      last.victim = first.frame;
      const reads = { n: 0 };
      return {
        get victim(): Frame {
          reads.n++;
          return reads.n === 1 ? first.frame : stale;
        },
      };
    },
  },
});
