/**
 * EXERCISE: log-capped-ignores-limits
 * Class: report forgery
 * Tries: log lines of 65,000 characters under a header that allows them (`Limits:
 *   maxLogChars=65536`): every line is within the extension's own limits, and the kernel keeps
 *   them whole, as the header asked.
 * Defence: the log's bounds (a VM keeps maxLogEntries lines of at most maxLogChars characters,
 *   and the two together at most 16 Mi characters, sandbox/limits.ts LOG_TEXT_BOUND), checked by
 *   the runner against the limits the run was given. Red team 16 found the runner's log-capped
 *   check reading the default limits (200 lines of 1,024 characters), not the header's: ESCAPED
 *   in all four ("kept 21 lines (cap 200), dropped 0, longest 65003 chars") for a run that kept
 *   to its limits, and `spin exercise run` exited 1 (findings/log-capped-ignores-limits.ts).
 * Expected: contained: log-capped
 * Check: log-capped
 * Limits: maxLogChars=65536
 */
import { defineExtension, kernel } from "spin-kernel/extension";

let line = "ab";
let n = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      while (line.length < 65000) line = line + line.slice(0, 8192);
      kernel.log(`${line.slice(0, 65000)} ${n}`);
      n++;
      const first = args.resident[n % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
