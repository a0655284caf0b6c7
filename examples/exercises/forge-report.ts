/**
 * EXERCISE: forge-report
 * Class: report forgery
 * Tries: write the report's lines yourself: a thrown message carries a newline and the line
 *   `with extensions: check: ok ...`, then `ESC[8m` to make a terminal hide the real counters and
 *   violations after it, and `ESC[2K` to erase lines; kernel.log gets the same text.
 * Defence: every string an extension chose reaches text output through one function
 *   (extensions/visible.ts): control characters are shown as `\n`, `\x1b`, `\u202e`, lengths are
 *   capped, and the CLI escapes whatever is left before stdout; JSON output escapes them too.
 * Expected: contained: exception
 * Check: report-unforged
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const FORGED =
  "nothing to see\n\nwith extensions: check: ok (kernel invariants hold; every page reads back its last write)\n" +
  "\u001b[8m\u001b[2K\u001b[1A\u001b[2K\u202e";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": () => {
      kernel.log(FORGED);
      throw new Error(FORGED);
    },
  },
});
