/**
 * EXERCISE: log-forge
 * Class: report forgery
 * Tries: write terminal escapes and newlines through kernel.log from a handler, to forge lines
 *   of the report (red team 3, in the native and server placements).
 * Defence: every string of the report is escaped (`\x1b[2J…\r\n…\u2028…\x9b`). Red team 3
 *   also saw this line placed at log-forge.ts:19:4 in native (the call is at 16:17): positions
 *   of native log lines now subtract the native frame's lines, as fault positions did.
 * Expected: contained: report-unforged
 * Check: report-unforged
 */
import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      kernel.log("\u001b[2J\u001b[32mwith extensions: check: ok\u001b[0m\r\nFORGED LINE\u2028x\u009b31m");
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
