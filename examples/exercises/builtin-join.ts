/**
 * EXERCISE: builtin-join
 * Class: unpolled C builtins
 * Tries: join an array of 4 million holes with a 16-character separator: one C call building a
 *   64 MiB string without polling the interrupt handler.
 * Defence: the prelude's metering of C builtins charges join one tick per element before it
 *   runs (4 million ticks: 400 polls, four times the budget); without it, the VM's memory limit.
 *   native: the join is charged a unit an element before it runs (red team 7): budget.
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Check-native: bounded-work
 * Expected-server: contained: bounded-work | contained: exception | stopped: memory | stopped: timeout
 * Check-server: bounded-work
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const holes = new Array<number>(1 << 22);
      const joined = holes.join("0123456789abcdef");
      const first = args.resident[joined.length % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
