/**
 * EXERCISE: reclaim-foreign-clear
 * Class: reclaim foreign pages
 * Tries: give up a valid victim of its own, but clear the referenced bits of frames that have
 *   since moved to the other application (remembered from earlier events), so that the other
 *   application's pager evicts its hot pages.
 * Defence: the kernel's validator for PhysAddr.Reclaim: every clearReferenced frame must belong
 *   to this application, or the whole decision is refused and the default policy decides.
 * Expected: refused: kernel validation
 * Expected-sfi: stopped: sfi check
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

const seen: Frame[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (const r of args.resident) if (!seen.includes(r.frame)) seen.push(r.frame);
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // Every frame ever seen: those now held by the other application included.
      return { victim: first.frame, clearReferenced: [...seen] };
    },
  },
});
