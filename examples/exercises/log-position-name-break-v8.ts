/**
 * EXERCISE: log-position-name-break-v8
 * Class: report forgery
 * Tries: place a kernel.log line where the extension chooses, in native and server. A fault's
 *   position there is read from V8's CallSites (frame-name-forge holds), but a log line's is read
 *   from the text of `new Error().stack` (sandbox/host-functions.ts framesIn, split at "\n"), and
 *   V8 writes a method's name as it is, line breaks included: a method named
 *   `x (<file>.js:<line>:<col>)\n    at y` writes a whole frame line of the author's choosing
 *   above its own. The line is the evaluated text's (the module's JavaScript line + the frame's 97 lines
 *   before it): 130:17 is the JavaScript line 33 (the `return { victim }`). typed and sfi refuse the
 *   key at load (sfi/function-name: function-names.ts), but that check is SFI analysis, which the
 *   V8 placements' fuel rewrite does not run (only sfi/reserved-name is kept there).
 * Defence: native and server read a log line's frames from V8's call sites (bounded-stacks.ts
 *   stackFramesOf on the host's own Error), never from the stack's text, as a fault's position
 *   already was. Before (red team 14): native and server ESCAPED (logs-placed): every line
 *   reported at the forged 130:17; typed and sfi refuse the name at load.
 * Expected: rejected: sfi rewrite (sfi/function-name)
 * Expected-native: contained: logs-placed
 * Expected-server: contained: logs-placed
 * Check: logs-placed
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const named = {
  "x (log-position-name-break-v8.js:130:17)\n    at y"(frame: number): void {
    kernel.log(`the kernel chose frame ${frame}`);
  },
};

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      named["x (log-position-name-break-v8.js:130:17)\n    at y"](first.frame);
      return { victim: first.frame };
    },
  },
});
