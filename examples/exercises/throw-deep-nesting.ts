/**
 * EXERCISE: throw-deep-nesting
 * Class: thrown non-Error values
 * Tries: throw an array nested 100,000 deep (built in a loop): the sandbox describes a thrown
 *   value that is not an Error by serialising it. Before the fix the prelude's serialisation had
 *   no depth bound, and QuickJS's serialiser recursed in C: typed and sfi held the host until the
 *   watchdog killed the call (`stopped: timeout`), or, in a smaller thread stack, the VM died of
 *   the host's RangeError.
 * Defence: the prelude describes thrown values with the nesting count of the extension's own
 *   JSON.stringify (256 levels, as the V8 placements' bounded JSON): past it the value is
 *   described as `<unprintable>` (its String() overflows QuickJS's stack, caught), and the call
 *   is an exception at the handler in every placement, every run.
 * Expected: contained: exception
 * Check: deterministic
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": () => {
      let deep: unknown[] = [];
      for (let i = 0; i < 100000; i++) deep = [deep];
      throw deep;
    },
  },
});
