/**
 * EXERCISE: microtask-flood
 * Class: microtask flood
 * Tries: from an async notification handler, queue a chain of promise reactions that never ends,
 *   so the job queue is never empty and the host's drain loop never returns.
 * Defence: the sandbox drains jobs in chunks under the invocation's budget and deadline, and the
 *   chain of settled promises it builds meets the VM's memory limit (checked by the host; this
 *   is what stops it first today); a fault that leaves jobs queued retires the VM (QuickJS
 *   cannot drop queued jobs), and the watchdog unloads the extension.
 * Expected: stopped: memory | stopped: budget | stopped: timeout
 * Check: unloaded
 * Expected-native: contained: unresolved promise
 * Expected-server: contained: unresolved promise
 */
import { defineExtension } from "spin-kernel/extension";

function again(n: number): Promise<number> {
  return Promise.resolve(n + 1).then(again);
}

export default defineExtension({
  handlers: {
    "Strand.Block": async (args) => {
      await again(args.thread);
    },
  },
});
