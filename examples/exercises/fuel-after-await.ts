/**
 * EXERCISE: fuel-after-await
 * Class: resource hog
 * Tries: under-report its own fuel, and so the simulated time it is charged, in sfi: the handler
 *   is async and does its work after `await null`. The handler wrapper's `finally` reports the
 *   fuel spent up to the first await (1 unit); the continuation runs later, when the host drains
 *   the jobs, decrementing the same `__sfi_fuel` that the next handler's `__sfi_enter` resets
 *   without reporting: every loop iteration after the await is free. `spin load --mode sfi
 *   --timing` of this file vs the same handler without the await: fuel 21 vs 420,042, charged
 *   0.085 ms vs 21 ms (same work, same host time). Typed, native and server refuse an async
 *   Reclaim handler at the type check.
 * Defence: the fuel a continuation spends should be reported when the jobs have run (the prelude's
 *   collect reading __sfi_spent, as flushFuel does after an interrupt) and charged to the binding
 *   whose promise it settles.
 * Expected: rejected: type check
 * Expected-sfi: contained: exception
 */
import { defineExtension } from "spin-kernel/extension";

let sink = 0;
function work(): void {
  for (let i = 0; i < 20000; i++) sink += i % 7;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": async (args) => {
      await null;
      work();
      const first = args.resident[sink % 2];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
