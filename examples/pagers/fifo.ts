/**
 * FIFO page replacement as an extension: give back the page that was mapped longest ago
 * (smallest `loadedAt`), whatever its reference bit says.
 *
 * Run it:
 *   npx spin load examples/pagers/fifo.ts --scenario examples/scenarios/textbook.json
 *
 * Expect: the classic reference string with 3 frames gives 15 faults, exactly what the built-in
 * FIFO pager gives (`npx spin run examples/scenarios/textbook.json --pager fifo`). The extension
 * report shows one `PhysAddr.Reclaim` handler, 12 invocations (15 faults - 3 free frames), no
 * violations.
 */
import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  name: "fifo",
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // `resident` is never empty when the kernel asks us: it picked this application because it
      // holds a frame that is not busy. Still, the types make us say what happens otherwise.
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page to give back");
      let oldest = first;
      for (const page of args.resident) {
        // Ties (pages mapped in the same simulated nanosecond) go to the lower frame number.
        if (page.loadedAt < oldest.loadedAt) oldest = page;
      }
      const victim: Frame = oldest.frame;
      return { victim };
    },
  },
});
