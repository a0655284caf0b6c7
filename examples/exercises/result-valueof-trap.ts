/**
 * EXERCISE: result-valueof-trap
 * Class: results that lie
 * Tries: hang the kernel through coercion traps: a result carrying `valueOf`, `toString` and a
 *   `then` that spin forever, in the hope that the host coerces or awaits the result.
 * Defence: the host never touches a guest object: the guest serialises the result to JSON
 *   (functions are dropped) and the host parses a string. The traps never run, the result is
 *   valid, the extension works as a plain FIFO.
 * Expected: contained: traps-inert
 * Check: traps-inert
 */
import { defineExtension } from "spin-kernel/extension";

function spin(): number {
  let n = 0;
  while (n >= 0) n++;
  return n;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame, valueOf: spin, toString: () => String(spin()) };
    },
  },
});
