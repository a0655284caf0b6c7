/**
 * The worker threads of a sweep: at most `size`, started when first needed, each running one task
 * at a time (worker.ts). A task goes to an idle worker, or waits for one. A worker that dies (its
 * heap limit) fails its task with SimulationDied and is replaced by the next task that needs one.
 */
import { Worker } from "node:worker_threads";
import { SimulationLimitError } from "../../kernel/config.js";
import { SimulationDied } from "../../extensions/loader/supervised-run.js";
import { compiledWorkerScript } from "../../extensions/worker-script.js";
import type { FromWorker, SweepTask, TaskReply, ToWorker, WorkerError } from "./protocol.js";
import { workerExecArgv } from "../../sandbox/worker-exec-argv.js";

/** Path of the compiled worker script, or undefined if it has not been built. */
export function sweepWorkerScript(): string | undefined {
  return compiledWorkerScript(import.meta.url, "bench/sweep", "worker.js");
}

interface Pending {
  readonly resolve: (reply: TaskReply) => void;
  readonly reject: (error: Error) => void;
}

/** An error a worker reported, as the class it was there when a user's input can cause it. */
function rebuilt(error: WorkerError): Error {
  if (error.name === "SimulationLimitError") return new SimulationLimitError(error.message);
  const e = new Error(`${error.name}: ${error.message} (in a sweep worker)`);
  if (error.stack !== undefined) e.stack = error.stack;
  return e;
}

export class SweepWorkers {
  private readonly idle: Worker[] = [];
  private readonly live = new Set<Worker>();
  private readonly waiting: ((worker: Worker) => void)[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private nextId = 0;
  private closed = false;

  constructor(
    readonly size: number,
    private readonly script: string,
    private readonly heapMb: number,
  ) {}

  async run(task: SweepTask): Promise<TaskReply> {
    const worker = await this.acquire();
    return new Promise<TaskReply>((resolve, reject) => {
      this.busy.set(worker, { resolve, reject });
      const message: ToWorker = { id: this.nextId++, task };
      worker.postMessage(message);
    });
  }

  /** Stop every worker (idle ones; a busy one's task is failed). */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.live];
    this.live.clear();
    this.idle.length = 0;
    await Promise.all(all.map((w) => w.terminate()));
  }

  private acquire(): Promise<Worker> {
    if (this.closed) return Promise.reject(new Error("internal: the sweep's workers are closed"));
    const idle = this.idle.pop();
    if (idle !== undefined) return Promise.resolve(idle);
    if (this.live.size < this.size) return Promise.resolve(this.start());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(worker: Worker): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(worker);
    else this.idle.push(worker);
  }

  private start(): Worker {
    const worker = new Worker(this.script, {
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb },
    });
    this.live.add(worker);
    worker.on("message", (m: FromWorker) => {
      const pending = this.busy.get(worker);
      this.busy.delete(worker);
      this.release(worker);
      if (m.ok) pending?.resolve(m.reply);
      else pending?.reject(rebuilt(m.error));
    });
    worker.on("error", (error: Error & { code?: unknown }) => {
      this.fail(
        worker,
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? new SimulationDied(
              `a sweep run ran out of memory (its heap limit is ${this.heapMb} MiB): the kernel's own data outgrew it; no report`,
            )
          : error,
      );
    });
    worker.on("exit", (code) => {
      this.fail(worker, new SimulationDied(`a sweep worker stopped (exit code ${code}) before reporting; no report`));
    });
    return worker;
  }

  /** A worker died: its task fails, and a task waiting for a worker gets a new one. */
  private fail(worker: Worker, error: Error): void {
    const pending = this.busy.get(worker);
    this.busy.delete(worker);
    if (!this.live.delete(worker)) return;
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    pending?.reject(error);
    const next = this.waiting.shift();
    if (next !== undefined && !this.closed) next(this.start());
  }
}
