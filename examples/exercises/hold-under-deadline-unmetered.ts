/**
 * EXERCISE: hold-under-deadline-unmetered
 * Class: beyond metering
 * Tries: hold the host on every event for a large part of the deadline, never past it, inside
 *   one C call that nothing meters: a typed array built from an 8-million-element array-like is
 *   one constructor call (the prelude does not wrap constructors) of about a quarter of a second,
 *   with no interrupt poll. Each invocation ends under its 1,000 ms deadline, so neither the
 *   budget, the soft timeout nor the host watchdog's kill ever fires; across a run the holds add
 *   up without a bound (the BigInt version, hold-under-deadline, held spin load 418 s on
 *   scan-heavy.json with no violation).
 * Defence: each extension's host time for the run (runTimeMs, all its calls together, default
 *   60 s; 0.75 s here so the exercise is quick: three calls' holds on a quiet machine): the call
 *   that uses it up fails with a host-time violation (at its deadline: the VM's last call is due
 *   when its host time is), and the
 *   watchdog unloads the extension at once; the built-in policy decides from then on. The
 *   per-call timeout is raised past the run's host time, so that on a loaded machine (where one
 *   constructor call can take over a second) the run's host time is still what stops it.
 * Expected: stopped: host time
 * Limits: runTimeMs=750, timeoutMs=5000
 * Check: unloaded
 * Expected-native: contained: exception
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const bytes = new Uint8Array({ length: 8_000_000 }).length; // one call, ~0.25 s in C
      const first = args.resident[bytes % 2];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
