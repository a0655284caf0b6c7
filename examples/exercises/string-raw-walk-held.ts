/**
 * EXERCISE: string-raw-walk-held
 * Class: unpolled C builtins
 * Tries: hold the host in QuickJS's String.raw, walking a template's `raw` kept from call to
 *   call: an array of 2^19 empty strings is built honestly over a few calls (a fuel unit a
 *   `push`), then every later call passes it to `String.raw({ raw })` 400 times. js_string_raw
 *   reads and converts every element in C (~10 ns each) and makes an empty string: the prelude
 *   wraps String.raw only to charge the string it returns (nothing here), not the walk of its
 *   template's length, so each walk of 2^19 elements is a tick or two.
 * Defence: String.raw is charged by its template's raw's length before it runs, a tick an
 *   element in QuickJS (prelude.js) and a fuel unit an element in V8 (bounded-builtins.ts, where
 *   the wrapper had bounded the result's length and charged its characters only), as
 *   Array.prototype.join is by its receiver's: the budget, not the deadline, ends the loop.
 *   Before (red team 18, `spin exercise run findings/string-raw-walk-held.ts --mode all --json
 *   --timing`): stopped: timeout (1000 ms at the handler, 24:5) in all four placements; the host
 *   watchdog killed a call in typed, sfi and native (1,079, 1,144, 1,345 ms), the kernel ended
 *   the server at its deadline.
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: stopped: budget
 */
import { defineExtension } from "spin-kernel/extension";

const raw: string[] = [];
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (raw.length < 1 << 19) {
        for (let i = 0; i < 40_000 && raw.length < 1 << 19; i++) raw.push("");
      } else {
        const template = { raw };
        for (let i = 0; i < 400; i++) sink += String.raw(template).length;
      }
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
