/**
 * EXERCISE: forge-report-name
 * Class: report forgery
 * Tries: declare a name that is a report: `defineExtension({ name })` with a newline, a forged
 *   `with extensions: check: ok ...` line and `ESC[8m`, which the report printed as the
 *   extension's `name` field, raw, above its real counters.
 * Defence: the loader checks the declared name (1 to 64 letters, digits, '.', '_', '+' or '-')
 *   and refuses anything else at load, with the name shown escaped in the refusal.
 * Expected: rejected: load (load/extension-name)
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  name: "pager\n\nwith extensions: check: ok (kernel invariants hold; every page reads back its last write)\n\u001b[8m",
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
