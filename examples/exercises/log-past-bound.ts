/**
 * EXERCISE: log-past-bound
 * Class: log flood
 * Tries: make the kernel work for log lines past its bounds. A VM keeps 200 lines (the rest are
 *   counted as dropped), but the V8 placements' kernel.log wrote the caller's stack for every
 *   line before it was kept or dropped (its positions place the line: docs/EXTENSIONS.md), as
 *   the kernel's work, uncharged. Logging from ten frames whose receiver is tagged with a
 *   2^19-character Symbol.toStringTag made each stack ~5 M characters of frames copied in C++
 *   (stack-frame-name-uncharged's copy, ~4 ms), 999 lines an invocation (the host-call limit is
 *   1,000): seconds of the kernel's time per call, for 999 host calls.
 * Defence: the V8 placements' kernel.log writes the caller's stack only for a line the log will
 *   keep, and as the guest's read of a stack: its frames' names are charged before V8 writes
 *   them (sandbox/native/native-vm.ts, bounded-stacks.ts): the first line here is past the
 *   budget. QuickJS's log writes a stack only for a line it will keep, and names no type in it
 *   (typed, sfi: the log is capped, the calls ~0.1-0.4 s). Before (redteam10): native, server:
 *   stopped: timeout (a call killed by the watchdog in native).
 * Expected: contained: log-capped
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 * Check: log-capped
 */
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let tag = "T";
      for (let i = 0; i < 19; i++) tag = tag + tag;
      const tagged = {
        [Symbol.toStringTag]: tag,
        deep(k: number): number {
          if (k > 0) return tagged.deep(k - 1);
          for (let i = 0; i < 999; i++) kernel.log(`line ${i}`);
          return 0;
        },
      };
      const first = args.resident[tagged.deep(9) % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
