/**
 * EXERCISE: arraylike-foreach
 * Class: unpolled C builtins
 * Tries: Array.prototype.forEach on an array-like whose length is 2^53-1 and which has no
 *   elements (red team 3). forEach calls back only for present elements: V8's Torque loop does
 *   one HasProperty per index, 2^53 times, with no interrupt check, so no fuel is spent (the
 *   callback never runs) and worker.terminate() cannot stop it: the native and server runs never
 *   ended, the CLI could not even exit.
 * Defence: QuickJS: its forEach is one long C call too, but QuickJS is WebAssembly, which
 *   worker.terminate() stops: the host watchdog kills the call past its deadline. V8
 *   placements: every length-walking builtin of the hardened realm refuses a receiver longer
 *   than 2^24 (sandbox/native/bounded-builtins.ts), a RangeError the handler throws. Behind it,
 *   the backstop: a thread that does not stop when terminated ends the process hard, with a
 *   "kernel down" message.
 * Expected: stopped: timeout
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Limits: timeoutMs=250
 * Why the limit: in typed and sfi the walk never ends, so any deadline shows the watchdog's stop;
 *   250 ms instead of the default 1,000 keeps the matrix quick, and is still 50 times the V8
 *   placements' longest call (their refusal: under 5 ms).
 */
import { defineExtension } from "spin-kernel/extension";

const numbers: number[] = [1, 2, 3];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const fake = { length: 9007199254740991 };
      let seen = 0;
      numbers.forEach.call(fake, () => {
        seen++;
      });
      const first = args.resident[seen > 0 ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
