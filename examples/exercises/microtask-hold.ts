/**
 * EXERCISE: microtask-hold
 * Class: work outside the guest call
 * Tries: a handler returns at once, having scheduled a bound builtin as a promise reaction:
 *   Array.prototype.forEach over an array-like of length 2^53-1 (red team 3). No guest function
 *   runs, so no fuel check; it runs when the simulation worker drains its microtasks after the
 *   run, outside any guest call: the heartbeat showed no call, the watchdog had nothing to kill,
 *   and the worker never exited.
 * Defence: the bound on walking builtins refuses the walk wherever it runs (a rejected reaction
 *   nobody sees); behind it, a simulation worker that has reported but does not exit is
 *   terminated, and one that does not stop ends the process hard (sandbox/held-threads.ts).
 *   QuickJS runs the reaction inside the guest's job loop, under the watchdog: killed past the
 *   deadline. In V8 the run finishes, every thread done, and the refused walk is a rejected
 *   promise nobody sees.
 * Expected: stopped: timeout
 * Expected-native: contained: bounded-work
 * Expected-server: contained: bounded-work
 * Check-native: bounded-work
 * Check-server: bounded-work
 * Limits: timeoutMs=250
 * Why the limit: in typed and sfi the reaction's walk never ends, so any deadline shows the
 *   watchdog's stop; 250 ms instead of the default 1,000 keeps the matrix quick, and is still 50
 *   times the V8 placements' longest call (under 5 ms).
 */
import { defineExtension, kernel } from "spin-kernel/extension";

const numbers: number[] = [1, 2, 3];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const fake = { length: 9007199254740991 };
      void Promise.resolve().then(numbers.forEach.bind(fake, (x: number) => kernel.log(String(x))));
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
