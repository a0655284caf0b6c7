/**
 * EXERCISE: builtin-repeat
 * Class: unpolled C builtins
 * Tries: one call to String.prototype.repeat building a 256 MiB string: a single C builtin
 *   that never polls the interrupt handler, so the instruction budget cannot stop it.
 * Defence: the VM's memory limit (16 MiB): QuickJS's allocator refuses the string.
 *   V8 placements: the string bound (sandbox/native/bounded-strings.ts, red team 4) refuses the
 *   string longer than 2^21 characters with a RangeError before anything walks it.
 *   Since red team 18 (the QuickJS prelude charges repeat by its result's length, whatever it
 *   is) the instruction budget refuses it before the allocator is asked.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Check-native: bounded-work
 * Expected-server: contained: exception
 * Check-server: bounded-work
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const big = "spin".repeat(1 << 26);
      const first = args.resident[big.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
