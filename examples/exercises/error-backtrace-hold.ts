/**
 * EXERCISE: error-backtrace-hold
 * Class: beyond metering
 * Tries: hold the host with work no meter sees: QuickJS builds an error's backtrace in C when
 *   the error is made, over every frame on the stack, with no tick (about 4 µs a frame, more in
 *   a long function: each frame's line is found by decoding the function's line table from its
 *   start). At the bottom of a recursion 400 deep, each JSON.parse of "{" makes a SyntaxError
 *   in C whose backtrace has 400 frames: about 1.6 ms of C for a few ticks, thousands of them
 *   between two interrupt polls.
 * Defence: typed, sfi: none that meters it (no option of this QuickJS caps a backtrace, no hook
 *   sees an error made in C): the deadline at the next poll, or, when the polls are too far
 *   apart, the host watchdog, kills the call: `stopped: timeout`, the first stop that comes, as
 *   for other unmetered C work (docs/EXERCISES.md, Left open). V8 placements: V8 keeps 10 frames
 *   of a stack (Error.stackTraceLimit, kept by SES), so the errors are cheap and the handler
 *   finishes; the 400-deep recursion is under their 512 frames.
 * Expected: stopped: timeout
 * Expected-native: contained: results-valid
 * Expected-server: contained: results-valid
 * Check-native: results-valid
 * Check-server: results-valid
 */
import { defineExtension } from "spin-kernel/extension";

function errors(text: string, count: number): number {
  let made = 0;
  for (let i = 0; i < count; i++) {
    try {
      const parsed: unknown = JSON.parse(text);
      made += parsed === null ? 0 : 2;
    } catch {
      made++;
    }
  }
  return made;
}

function down(n: number, text: string): number {
  return n === 0 ? errors(text, 5000) : down(n - 1, text);
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const made = down(400, "{");
      const first = args.resident[made % args.resident.length];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
