/**
 * EXERCISE: json-parse-abort
 * Class: resource hog
 * Tries: a 2^28-character JSON text "0,0,...,0" built by concatenation (one repeat under the 2^21 bound, then doubling), then JSON.parse: V8 collects 2^27+1 elements and sizes a FixedArray past its maximum, a fatal CHECK (whole process). JSON.parse is not wrapped.
 * Defence: V8 placements: the JSON.parse wrapper (sandbox/native/bounded-builtins.ts) converts
 *   the text once and refuses, with a RangeError, a text longer than the string bound
 *   (MAX_STRING_LENGTH, 2^21) before V8 walks it (native; in a server the smaller bound of its realm, 2^19,
 *   refuses the repeat first). typed, sfi (QuickJS): the budget stops the doubling
 *   concatenation first.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let s = "0,".repeat(2 ** 20);
      for (let i = 0; i < 7; i++) s = s + s;
      const keys: unknown = JSON.parse(`[${s}0]`);
      if (keys === null) throw new Error("empty");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
