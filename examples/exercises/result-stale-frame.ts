/**
 * EXERCISE: result-stale-frame
 * Class: results that lie
 * Tries: name another application's frame as the victim without forging anything: remember
 *   every Frame the kernel ever handed out, and once one of them has moved to the other
 *   application, propose it (a stale capability, type-correct all the way).
 * Defence: the kernel's validator for PhysAddr.Reclaim checks the victim against its frame
 *   table: it must exist, belong to this application and not be busy.
 * Expected: refused: kernel validation
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

const seen: Frame[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (const r of args.resident) if (!seen.includes(r.frame)) seen.push(r.frame);
      const current = args.resident.map((r) => r.frame);
      const stale = seen.find((f) => !current.includes(f));
      if (stale !== undefined) return { victim: stale };
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
