/**
 * EXERCISE: loop-in-handler
 * Class: runaway loop
 * Tries: spin forever in a PhysAddr.Reclaim handler, so the kernel never gets its victim and the
 *   machine stops.
 * Defence: the sandbox's instruction budget (100 interrupt polls per invocation); the interrupt
 *   cannot be caught by the guest.
 * Expected: stopped: budget
 *
 * Every invocation ends in a `budget` violation; the kernel's default pager decides each time and
 * the watchdog unloads the extension after 10 violations.
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let i = 0;
      while (args.resident.length >= 0) i++;
      throw new Error(`unreachable ${i}`);
    },
  },
});
