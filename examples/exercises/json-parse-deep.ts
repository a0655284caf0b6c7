/**
 * EXERCISE: json-parse-deep
 * Class: deep recursion
 * Tries: JSON.parse of a text nested 100,000 deep ("[[[…]]]", made by repeat). QuickJS's parser
 *   recurses in C once per level, and its stack check measures a stack that grows little per
 *   level: before the fix, in the simulation worker's 4 MiB stack QuickJS's own check stopped it
 *   (`stopped: stack`), in a 1 MiB thread (the CLI's main thread, a test) the host's stack ran out
 *   first at 6,000 to 10,000 levels and the VM died of the host's RangeError: what stopped it
 *   depended on where the VM ran.
 * Defence: typed, sfi: the prelude's JSON.parse reads a text of more than 4,096 characters
 *   before QuickJS parses it and refuses one nested deeper than 256 (outside its strings) with a
 *   RangeError, every run (sandbox/guest/prelude.js). V8 placements: V8's parser is iterative (a
 *   text nested 10^5 deep parses the same way every run), so the text parses and the result is
 *   a valid victim.
 * Expected: contained: exception
 * Expected-native: contained: results-valid
 * Expected-server: contained: results-valid
 * Check: deterministic
 * Check-native: results-valid
 * Check-server: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const n = 100000;
      const parsed: unknown = JSON.parse("[".repeat(n) + "]".repeat(n));
      const first = args.resident[parsed === null ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
