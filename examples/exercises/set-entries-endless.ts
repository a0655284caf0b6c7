/**
 * EXERCISE: set-entries-endless
 * Class: runaway loop
 * Tries: an endless loop made of builtins alone, no guest code in it: `Array.from(s.entries(),
 *   s.add, s)` walks a Set's entries and, as its map function, adds each entry (a new [v, v]
 *   array every step) to the same Set, which the Set's iterator then visits: the walk never
 *   ends, and no step is a loop back-edge or a function entry of the extension's.
 * Defence: a Set's or a Map's iterator is charged by its size when made and each step past it
 *   (its wrapped `next`: sandbox/native/iterator-steps.ts; the prelude's "iteration charged",
 *   sixteen loop iterations a step past it), and Array.from of an iterable of unknown size is
 *   charged a step at a time as it walks, by a map function of its own (ARRAY_FROM_STEP_FUEL
 *   units; four loop iterations in QuickJS), each a JavaScript call where the interrupt can
 *   land: the endless walk runs out of fuel.
 * Found (redteam16, 2026-12-02, `spin exercise run findings/set-entries-endless.ts --mode all
 *   --timing`): typed, sfi: stopped: memory (16 MiB, calls of 513 and 261 ms); native: stopped:
 *   timeout (1000 ms at the handler, the watchdog's kill, 1,179 ms; 1,119 ms alone); server:
 *   stopped: memory (the worker's heap, 549 ms). Never the budget. A fatal abort of the host did
 *   not happen here: the heap grows at ~40 MB/s (the collector's work on a growing Set), so
 *   the deadline comes before the kernel's 512 MiB in native, and the server's growth is
 *   gradual.
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const s = new Set<unknown>([1]);
      const out = Array.from(s.entries(), s.add, s);
      sink += out.length;
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
