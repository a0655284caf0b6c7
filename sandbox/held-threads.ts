/**
 * Threads asked to stop that have not: the last backstop of the V8 placements. `worker.terminate()`
 * stops JavaScript at its next interrupt check, and V8 checks only between JavaScript steps: a
 * thread inside one long builtin (a C++ or Torque loop over a length: sandbox/native/
 * bounded-builtins.ts bounds every one found) runs on, and Node's process exit waits for it
 * (`process.exit()` joins every worker thread: measured by red team 3, the CLI never ended).
 * Each termination is recorded here; what is still running HELD_AFTER_MS after it was asked to
 * stop is held for good as far as this process can tell, and the command line ends the process
 * hard (cli/main.ts) after saying so.
 */
import type { Worker } from "node:worker_threads";

/**
 * How long a terminated thread may take to end before it counts as held. Above the longest
 * bounded builtin (measured: `Array.from({ length: 2 ** 24 })`, the bound, ran 1.1 s past
 * `terminate()` on a loaded 2-core machine), with room for load.
 */
export const HELD_AFTER_MS = 5_000;

interface Termination {
  readonly what: string;
  readonly askedAt: number;
  readonly exited: Promise<void>;
}

const pending = new Set<Termination>();

/**
 * `worker.terminate()`, recorded until the thread exits. `what` names what ran in it, for the
 * message if it never does (`the extension pager.ts (native placement)`).
 */
export function terminateWatched(worker: Worker, what: string): void {
  let record: Termination | undefined;
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", () => {
      if (record !== undefined) pending.delete(record);
      resolve();
    });
  });
  record = { what, askedAt: Date.now(), exited };
  pending.add(record);
  void worker.terminate();
}

/**
 * What is still running `HELD_AFTER_MS` after it was asked to stop, waiting as long as needed
 * for the most recent termination to reach that age (at once if none is pending).
 */
export async function heldThreads(heldAfterMs: number = HELD_AFTER_MS): Promise<string[]> {
  const waits = [...pending].map((t) => {
    // Cleared when the thread exits first: a timer left behind would hold the process's exit.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const aged = new Promise<void>((r) => {
      timer = setTimeout(r, Math.max(0, t.askedAt + heldAfterMs - Date.now()));
    });
    return Promise.race([t.exited, aged]).finally(() => clearTimeout(timer));
  });
  await Promise.all(waits);
  return [...pending].map((t) => t.what);
}
