/**
 * EXERCISE: server-heap-past-limits
 * Class: memory bomb
 * Tries: grow a module-level array of plain arrays (V8 heap, not array buffers) without bound in
 *   one Reclaim handler: past QuickJS's memory limit, past a server's resourceLimits, and in
 *   native, through the kernel's own heap.
 * Defence: typed and sfi: the VM's memory limit (16 MiB). server: the worker's heap limit
 *   (resourceLimits: the extension's 16 MiB + the server's runtime); the worker dies, the kernel
 *   notices within a wait slice (not at the call's deadline) that the server's thread is gone,
 *   reports "server <name> died: heap exhausted" and the watchdog unloads it (on a loaded
 *   machine the call's deadline may come before the heap is full: stopped: timeout). native:
 *   nothing but the kernel's heap limit, by design (the placement trusts extensions with the
 *   kernel's memory, as SPIN did): the kernel goes down, the CLI reports it and exits with its
 *   documented code.
 *   Since red team 7, native and server: `new Array(1024).fill(i)` is charged 512 units, so a
 *   call runs out of fuel at ~16 MB (a server's heap is 32 MiB) and the watchdog unloads it after
 *   ten; in native a collection of the growing heap can still pass the deadline.
 *   Since red team 18, typed and sfi: the prelude's free allowance is one per handler call, not
 *   per builtin call, so each `fill` past it is charged and the budget stops the handler before
 *   the 16 MiB limit (it was stopped: memory).
 * Expected: stopped: budget
 * Check: unloaded
 * Expected-native: stopped: budget | stopped: timeout
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

const hoard: number[][] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let i = 0; i < 10_000_000; i++) hoard.push(new Array<number>(1024).fill(i));
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
