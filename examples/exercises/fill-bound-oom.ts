/**
 * EXERCISE: fill-bound-oom
 * Class: resource hog
 * Tries: one array at the walking-builtin bound (2^24 elements, allowed), filled in C++ by Array.prototype.fill: 128 MiB of elements in one builtin call, past a server worker's heap limit (16 MiB + runtime).
 * Defence: server: its realm bounds lengths for its small heap (sandbox/native/realm.ts,
 *   SMALL_HEAP_LENGTH_BOUND, 2^19): `new Array(2 ** 24)` itself is refused with a RangeError
 *   before V8 makes its 128 MiB store (before 2026-12-02 only the fill was, and the store alone
 *   was an intermittent fatal out-of-memory of the simulation's process: ESCAPED (host abort)
 *   in 2 of 5 full matrix runs). native: the kernel's realm keeps the 2^24 bound; the kernel's heap limit ends
 *   the run as designed ("kernel down: heap", exit 4, with a report). typed, sfi (QuickJS): the
 *   budget stops the fill.
 *   native: the fill is charged its 2^24 elements before it runs (~4 M units, red team 7):
 *   budget, where the kernel's heap ended the run.
 * Expected: stopped: budget
 * Expected-native: stopped: budget
 * Expected-server: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

const kept: number[][] = [];

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      for (let i = 0; i < 1; i++) kept.push(new Array<number>(2 ** 24).fill(i));
      const first = args.resident[kept.length > 100 ? 1 : 0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
