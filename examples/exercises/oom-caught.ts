/**
 * EXERCISE: oom-caught
 * Class: memory bomb
 * Tries: behave for a while, then allocate buffers of doubling size until memory runs out, catching the
 *   out-of-memory error to carry on as if nothing happened (and keep its 16 MiB).
 * Defence: the VM's memory limit, enforced twice: QuickJS refuses the allocation inside the
 *   guest, and the host measures the VM's heap whenever its WASM memory grew. This exercise
 *   ESCAPED before the host-side check: QuickJS's accounting undercounts large blocks, so a
 *   guest that caught the error grew by ~16 MiB per invocation (208 MiB at the end of the run,
 *   under a 16 MiB limit). Now the VM is retired as out of memory after the first such
 *   invocation and the watchdog unloads the extension.
 * Expected: stopped: memory
 * Check: memory-bounded unloaded
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
        try {
          for (let size = 1024; ; size *= 2) state.keep.push(new Float64Array(size));
        } catch {
          // "Out of memory? Never mind."
        }
      }
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
