/**
 * EXERCISE: builtin-object-keys
 * Class: unpolled C builtins
 * Tries: list the keys of a 200,000-key object a thousand times: each Object.keys is one C call
 *   of about 70 ms, bounded by the memory limit, but a thousand of them are a thousand ticks.
 * Defence: the prelude charges Object.keys, values, entries and getOwnPropertyNames by the list
 *   they return, four ticks a key (and assign, freeze, seal by the keys they go through); the V8
 *   placements' wrappers (sandbox/native/bounded-builtins.ts) charge 16 fuel units a key, an
 *   index's as a named key's (issue 10, contain15): the first call's 200,000 keys are ~3.2 M
 *   units. Before: native, server: stopped: timeout (each call one unit; the deadline ended
 *   the loop).
 * Expected: stopped: budget
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
