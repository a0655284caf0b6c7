/**
 * EXERCISE: builtin-typed-array-from-arraylike
 * Class: beyond metering
 * Tries: build a typed array from an 8-million-element array-like, a hundred times: each
 *   construction is one C call of about a quarter of a second, and a hundred of them are a few
 *   hundred ticks, not one interrupt poll, so neither the budget nor the deadline is ever checked.
 *   The prelude charges a typed array's construction from a length, a typed array, an iterable
 *   or a buffer, but leaves this loop over an array-like unmetered, on purpose: it is what
 *   metering misses (there will always be another one), kept for the watchdog.
 * Defence: the host watchdog. The simulation runs in a supervised worker; an invocation still
 *   running 25 ms after its deadline is killed, and a fresh worker replays the run with that
 *   invocation failed as a timeout (docs/SANDBOX.md). Nothing is lost: the report is that of a
 *   run stopped at the deadline.
 * Expected: stopped: timeout
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Limits: timeoutMs=250
 * Why the limit: in typed and sfi a hundred quarter-second constructions always outlast it, so
 *   any deadline shows the watchdog's stop; 250 ms instead of the default 1,000 keeps the matrix
 *   quick, and is still 50 times the V8 placements' longest call (their refusal: under 5 ms).
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let bytes = 0;
      for (let i = 0; i < 100; i++) bytes += new Uint8Array({ length: 8_000_000 }).length;
      const first = args.resident[bytes % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
