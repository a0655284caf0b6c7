/**
 * EXERCISE: event-time-cap
 * Class: handler multiplication
 * Tries: bind the most handlers one extension may (8) to PhysAddr.Reclaim, each holding the host
 *   for about 0.25 s in a C builtin no meter sees (a typed array built from an 8-million-element
 *   array-like): each stays under its own 500 ms timeout, but the batch of 8 runs in one
 *   crossing whose deadline grew with the number of handlers.
 * Defence: the time cap of one event, all its handlers together (2 × the timeout): the batch is
 *   stopped at 1,000 ms (by the host watchdog: inside a C builtin nothing polls), and every
 *   handler of the batch is recorded as a violation, also those that ran after the watchdog
 *   unloaded the extension. (The API's types allow an array of handlers, as docs/SANDBOX.md
 *   documents, so typed mode loads it as sfi mode does.) In native and server the Compartment
 *   has no typed arrays at all: the first handler throws, which is contained.
 * Expected: stopped: timeout
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 * Check-typed: every-overrun-recorded
 * Check-sfi: every-overrun-recorded
 * Limits: timeoutMs=500
 * Why the limit: half the default 1,000 ms with a third of the hold (it was three constructions
 *   against 1,000 ms): the same attack, a handler at half its deadline and the batch at twice the
 *   cap, for half the matrix's time.
 */
import { defineExtension, type Handler } from "spin-kernel/extension";

const hold: Handler<"PhysAddr.Reclaim"> = (args) => {
  const bytes = new Uint8Array({ length: 8_000_000 }).length;
  const first = args.resident[bytes % 2];
  if (first === undefined) throw new Error("no resident page");
  return { victim: first.frame };
};

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": [hold, hold, hold, hold, hold, hold, hold, hold],
  },
});
