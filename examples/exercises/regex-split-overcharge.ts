/**
 * EXERCISE: regex-split-overcharge
 * Class: accounting
 * Tries: nothing hostile: a well-behaved handler splits a 3,000-character line on a regex
 *   (`"ab,".repeat(1000).split(/,/)`, microseconds of work). In the V8 placements V8's
 *   RegExp.prototype[Symbol.split] makes a sticky copy of the regex and calls its `exec` at
 *   EVERY position of the subject (not at every match); the exec wrapper charges each call for
 *   the rest of the subject from lastIndex times the source (builtin-fuel.ts chargeRegexMatch),
 *   so one split costs ~n^2/2 cells: 3,000 characters are ~4.5 M units, past the whole budget
 *   (990,000): every call is a budget violation, ~49.5 ms of simulated time is charged for each,
 *   and the watchdog unloads the extension. The same split costs 1 unit a call in typed.
 * Defence: a sticky match attempt is anchored where it starts, so it is charged for at most the
 *   pattern's longest match and one character more (sandbox/native/regexp-cost.ts), not for the
 *   rest of the subject: the split costs ~9,000 units, three a character. A pattern with an
 *   unbounded repetition (`/\s+/`) is still charged for the rest of the subject at each
 *   position: an anchored attempt of it can really scan that far.
 * Expected: contained: results-valid
 * Check: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const parts = "ab,".repeat(1000).split(/,/);
      const first = args.resident[parts.length > 5000 ? 1 : 0];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
