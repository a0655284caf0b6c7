/**
 * Entry of the simulation's process (host-process.ts): a Node process started by the loader for
 * runs that can abort their host (a V8 placement loaded). It runs each job it is sent as the
 * loader runs one in its own process (supervised-run.ts, `superviseHere`: a simulation worker,
 * warm from this process's pool, under the host watchdog, kills replayed), one job at a time, and sends the result back as data.
 * Source positions are asked of the process that started it, which holds the source maps. If V8
 * aborts this process, that process sees it end and reports it; nothing here needs to.
 */
import { SimulationDied } from "./errors.js";
import type { FailureData, HostJob, HostMessage, HostRequest } from "./host-process.js";
import { SimulationPool } from "./simulation-pool.js";
import { superviseHere } from "./supervised-run.js";

const send = process.send?.bind(process);
if (send === undefined) {
  process.stderr.write("spin: the simulation's process needs an IPC channel (it is started by spin itself)\n");
  process.exit(2);
}
const post = (m: HostMessage): void => {
  send(m);
};

/**
 * Warm simulation workers for this process's jobs, one after the other (simulation-pool.ts: a
 * worker serves runs of one realm, is checked for what each job left, and starts each job as a
 * fresh one would). Idle, they hold nothing up: the process ends with them.
 */
const pool = new SimulationPool();

/** Position requests waiting for their answer, by number. */
const waiting = new Map<number, (p: { line: number; column: number } | undefined) => void>();
let asked = 0;

function failure(e: unknown): FailureData {
  if (e instanceof Error) {
    return {
      name: e instanceof SimulationDied ? e.name : "Error",
      message: e.message,
      nativeExtensions: e instanceof SimulationDied ? [...e.nativeExtensions] : [],
      ...(e.stack !== undefined ? { stack: e.stack } : {}),
    };
  }
  return { name: "Error", message: String(e), nativeExtensions: [] };
}

async function runJob(job: HostJob): Promise<void> {
  const extensions = job.extensions.map((e, i) => ({
    ...e,
    mapPosition: (line: number, column: number) =>
      new Promise<{ line: number; column: number } | undefined>((resolve) => {
        const seq = ++asked;
        waiting.set(seq, resolve);
        post({ type: "map", seq, extension: i, line, column });
      }),
  }));
  try {
    const { message, host } = await superviseHere(
      job.job,
      {
        extensions,
        options: job.options,
        pool,
        ...(job.hostModule !== undefined ? { hostModule: job.hostModule } : {}),
        ...(job.heapMb !== undefined ? { heapMb: job.heapMb } : {}),
      },
      { onProgress: (done, total) => post({ type: "progress", done, total }) },
    );
    post({ type: "result", message, host });
  } catch (e) {
    post({ type: "failed", error: failure(e) });
  }
}

process.on("message", (m: HostRequest) => {
  if (m.type === "position") {
    waiting.get(m.seq)?.(m.position);
    waiting.delete(m.seq);
  } else {
    void runJob(m.job);
  }
});
// The process that started it has gone, or is done with it: nothing is left to answer.
process.on("disconnect", () => process.exit(0));
