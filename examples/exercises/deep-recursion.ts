/**
 * EXERCISE: deep-recursion
 * Class: deep recursion
 * Tries: recurse without a base case, to overflow the host's (V8's) stack through the guest's.
 * Defence: the VM's stack limit (256 KiB, below what the host's stack can hold): QuickJS throws
 *   a stack overflow inside the guest; the VM survives and is asked again next time. V8
 *   placements: the fuel pass's count of call depth, 512 frames, far below V8's own stack.
 * Expected: stopped: stack
 */
import { defineExtension } from "spin-kernel/extension";

function down(n: number): number {
  return down(n + 1) + 1;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const i = down(0);
      const first = args.resident[i % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
