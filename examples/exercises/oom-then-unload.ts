/**
 * EXERCISE: oom-then-unload
 * Class: memory bomb
 * Tries: behave for a while (a valid FIFO-like choice), then allocate buffers of doubling size until memory runs
 *   out.
 * Defence: the VM's memory limit; after an out-of-memory error the VM is dead (never touched
 *   again, even to free it), the watchdog unloads the extension, and the application's built-in
 *   pager takes over for the rest of the run.
 * Expected: stopped: memory
 * Check: unloaded
 * Expected-native: rejected: load (load/exception)
 * Expected-server: rejected: load (load/exception)
 */
import { defineExtension } from "spin-kernel/extension";

const state = { calls: 0, keep: [new Float64Array(1)] };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      state.calls++;
      if (state.calls > 3) {
        for (let size = 1024; ; size *= 2) state.keep.push(new Float64Array(size));
      }
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
