/**
 * EXERCISE: builtin-arraylike-length
 * Class: unpolled C builtins
 * Tries: call Array.prototype.includes on an array-like whose length is the string
 *   "9007199254740991": the meter used to trust a numeric length only, while the C builtin
 *   applies ToLength to the string and loops 2^53 times without an interrupt poll (found by a
 *   red team: spin load never returned; with "100000000" each invocation held the host 4 s
 *   against a 1,000 ms timeout, and the report showed no violation).
 * Defence: the prelude charges every metered builtin by the length the builtin itself will
 *   compute (ToLength of any primitive, the internal length of a typed array, the string of a
 *   string method's receiver), whatever the receiver (array-likes through call, apply or
 *   Reflect); the budget stops it at once. Behind it, the host watchdog.
 * Expected: stopped: budget
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const numbers: number[] = [1, 2, 3];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const fake = { length: "9007199254740991" };
      const found = numbers.includes.call(fake, 42);
      const first = args.resident[found ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
