/**
 * EXERCISE: server-atomics-wait
 * Class: resource hog
 * Tries: block the thread the handler runs on with `Atomics.wait` on a fresh SharedArrayBuffer
 *   that nobody will ever notify: in a server (a worker thread, where blocking is allowed) the
 *   kernel would wait for a reply that never comes.
 * Defence: the V8 placements' Compartments have no SharedArrayBuffer and no Atomics (the
 *   handler throws a ReferenceError); QuickJS refuses to block its thread (TypeError). Were it to
 *   block anyway, a server past its deadline is killed (worker.terminate()).
 * Expected: contained: exception
 * Check: unloaded
 */
import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
