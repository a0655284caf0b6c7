/**
 * EXERCISE: log-position-object-key-name
 * Class: report forgery
 * Tries: choose the position the report gives a kernel.log line, in typed, through the name of
 *   a method whose computed key is an object typed `number` (array covariance: `number[]` seen
 *   as `(number | { toString(): string })[]`, which no rule refuses for numbers). The core
 *   pass's `__sfi_name`, which typed runs too, checks a key that is a string or a symbol for a
 *   line break, and passes any other value on as it is; the engine then converts the object to
 *   the property key by its toString, after the check: the method is named `x (<file>.js:L:C)`,
 *   a line break, `    at y`. QuickJS writes that name into every stack the method is on, so the
 *   stack kernel.log records starts with a line that reads as a whole frame of the extension's
 *   file at a position of the guest's choosing (here a decoy `new Error`'s, read from its own
 *   stack at run time, so no numbering is guessed). With a decoy at a call, the line would be
 *   placed at that call and the check would pass, fooled; with a fault (a throw in the method)
 *   the fault is placed the same way (frame-name-forge's defence, bypassed).
 * Defence: (what should hold) `__sfi_name` converts a key that is not a symbol to its property
 *   key first (once, as the engine would) and checks that string; the line is then placed at the
 *   kernel.log call, or the key traps (an sfi check).
 * Found (redteam18, 2026-12-02, `spin exercise run findings/log-position-object-key-name.ts
 *   --mode all --json`): typed ESCAPED (logs-placed: 0 of 16 kept lines placed at a call or a
 *   coercion; each at the decoy, 36:22); sfi stopped: sfi check (the method is outside SFI's
 *   function table: its indirect call traps at 65:30, before the name is seen); native and
 *   server contained: logs-placed (V8 placements read CallSites, not the stack's text). A symbol
 *   key with the same description traps in `__sfi_name` in typed (tried: stopped: sfi check).
 *   After (red team 18's fix, issue 10): `__sfi_name` converts a key that is not a string or a
 *   symbol to its property key (once: the engine then uses that string as it is) and checks the
 *   string: the method's key traps in typed and sfi (stopped: sfi check at the computed key), so
 *   no name with a line break is made and no frame line is forged (nor a fault's position, which
 *   is read from the same stacks); native and server as before. The handler also logs one honest
 *   line a call, so logs-placed has lines to judge.
 * Expected: stopped: sfi check
 * Expected-native: contained: logs-placed
 * Expected-server: contained: logs-placed
 * Check: logs-placed
 * Check-sfi: every-overrun-recorded
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const LOCATION = /\(([^()\s]+\.js:\d+:\d+)\)/;

/** The JavaScript position of this function's `new Error`, as QuickJS's stacks name it. */
function decoyLocation(): string {
  const e = new Error("decoy");
  const m = LOCATION.exec(e.stack ?? "");
  return m === null || m[1] === undefined ? "nowhere.js:1:1" : m[1];
}

// A key typed `number` that is an object (array covariance, which no rule refuses for numbers):
// `__sfi_name` sees an object, not a string or a symbol, and passes it; the engine then converts
// it to the property key, and the method's name, by its toString.
const keys: number[] = [];
const wider: (number | { toString: () => string })[] = keys;
let sink = 0;

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      // An honest line, at a call: the check has lines to judge (and keeps only such).
      kernel.log(`reclaim ${first.frame}`);
      if (keys.length === 0) {
        const name = `x (${decoyLocation()})\n    at y`;
        wider.push({ toString: () => name });
      }
      const key = keys[0];
      if (key !== undefined) {
        const say: Record<number, (frame: number) => void> = {
          [key](frame: number): void {
            kernel.log(`the kernel chose frame ${frame}`);
          },
        };
        const f = say[key];
        if (f !== undefined) f(first.frame);
      }
      sink += 1;
      return { victim: first.frame };
    },
  },
});
