/**
 * BROKEN ON PURPOSE: a handler that keeps memory it never gives back. Each Reclaim appends
 * a 32 MiB array of numbers to a module-level array until the VM's memory limit (16 MiB by default) is hit.
 *
 * Run it:
 *   npx spin load examples/broken/memory-bomb.ts --scenario examples/scenarios/textbook.json
 *
 * Expected report: loaded; the first invocation ends in a `memory` violation ("guest ran out of memory", no
 * source position). An out-of-memory VM is dead: the loader retires it and the
 * extension is unloaded; the kernel goes on with the built-in pager (15 faults, as without the
 * extension). The run completes; check OK.
 */
import { defineExtension } from "spin-kernel/extension";

/** "A cache of everything we have seen": module state that grows without bound. */
const hoard: Float64Array[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // 32 MiB of numbers per call: twice the VM's whole memory limit. (A typed array's store is
      // charged a tick per 64 bytes, so the memory limit comes before the budget; a 32 MiB
      // string is charged by its length and would be stopped by the budget first.)
      const cache = new Float64Array(1 << 22);
      cache[0] = args.vpn;
      hoard.push(cache);
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
