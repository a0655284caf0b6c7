/**
 * EXERCISE: memory-bomb-array
 * Class: memory bomb
 * Tries: grow a module-level array of 2 MiB buffers without bound inside one handler, to
 *   exhaust the host's memory.
 * Defence: the VM's memory limit (16 MiB): QuickJS's allocator refuses, the VM is retired as
 *   dead and the watchdog unloads the extension.
 * Expected: stopped: memory
 * Check: unloaded
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const hoard: { vpn: number; pad: Float64Array }[] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let i = 0; i < 10_000_000; i++) hoard.push({ vpn: args.vpn + i, pad: new Float64Array(1 << 18) });
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
