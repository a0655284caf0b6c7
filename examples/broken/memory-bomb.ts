/**
 * BROKEN ON PURPOSE: a handler that keeps memory it never gives back. Each Reclaim appends
 * a 32 MiB string to a module-level array until the VM's memory limit (16 MiB by default) is hit.
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
const hoard: string[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      // 32 MiB of "x" per call: twice the VM's whole memory limit.
      hoard.push(String(args.vpn).repeat(1 << 25));
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
