/**
 * EXERCISE: builtin-object-keys
 * Class: unpolled C builtins
 * Tries: list the keys of a 200,000-key object a thousand times: each Object.keys is one C call
 *   of about 70 ms, bounded by the memory limit, but a thousand of them are a thousand ticks.
 * Defence: the prelude charges Object.keys, values, entries and getOwnPropertyNames by the list
 *   they return (and assign, freeze, seal by the keys they go through).
 * Expected: stopped: budget
 * Expected-native: stopped: timeout
 * Expected-server: stopped: timeout
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const wide: Record<number, number> = {};
      for (let i = 0; i < 200_000; i++) wide[i] = i;
      let n = 0;
      for (let r = 0; r < 1000; r++) n += Object.keys(wide).length;
      const first = args.resident[n % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
