/**
 * Warm simulation workers, reused from run to run by a caller that runs many (the exercise
 * runner: hundreds of runs in the matrix). Starting a worker costs ~0.1 s of CPU (Node's start-up
 * and loading the compiled kernel, sandbox and loader), often more than the run itself.
 *
 * What is reused is the thread and its loaded modules, never a run's state: each job in a pooled
 * worker (supervised-worker.ts) builds a new kernel, a new clock and a new VM per extension (a
 * QuickJS VM a new QuickJS instance with its own linear memory, sandbox/engine.ts; a native VM a
 * new SES Compartment; a server VM a new thread); what the modules keep from job to job is pure
 * memos (a specialised runtime source, a regex verdict), the same for any history. A worker goes
 * back to the pool only when:
 *
 * - the run brought no host module (its functions are the embedder's, and may keep state);
 * - the job ended with a result and the worker says it is idle, with nothing left behind
 *   (supervised-worker.ts, `leftAfterJob`): no handle (a timer, a socket, a port: what
 *   process.getActiveResourcesInfo lists), no server thread still running (a `server` run's
 *   threads are ended with its VMs, and waited for), the hardened realm's per-thread state at
 *   rest (no builtin walk under way, no guest call's fuel charger set), and no V8-placed VM that
 *   overflowed V8's stack or died (a stack overflow in V8 can stop our own code between any two
 *   steps, so the thread is not trusted after one); a worker that was killed, died, or left
 *   something is ended;
 * - and it serves only runs of the same realm: `native` locks the worker's realm down with SES
 *   (frozen intrinsics, bounded builtins) once and for good, so a worker that ran a native
 *   extension serves only runs that load one (whose fresh worker would lock down the same way),
 *   and a worker that never did serves only runs that load none.
 *
 * test/loader/simulation-pool.test.ts runs different runs, in every placement, one after the
 * other in one pooled worker and compares every report with the same run's in a fresh worker,
 * byte for byte, and shows each of the conditions above ending a worker.
 *
 * Runs with a V8 placement run in a process of their own (host-process.ts); the pool keeps one
 * such process between them, idle (a process costs ~0.1 s of CPU to start), and that process
 * keeps a pool of its own (supervised-host.ts), whose warm workers serve its jobs as above. A
 * process whose job ended by a held thread or an internal error is ended; one that died is gone.
 */
import { Worker } from "node:worker_threads";
import type { CompiledWasm } from "../../sandbox/engine.js";
import { HostProcess } from "./host-process.js";
import { engineOf } from "./mode-names.js";
import type { PooledWorkerData } from "./supervised-protocol.js";
import { workerExecArgv } from "../../sandbox/worker-exec-argv.js";

/** The realm a run leaves its worker in: locked down by SES if it loads a `native` extension. */
export function realmAfter(extensions: readonly { readonly mode: string }[]): "hardened" | "plain" {
  return extensions.some((e) => engineOf(e.mode) === "compartment") ? "hardened" : "plain";
}

export class SimulationPool {
  /**
   * Idle workers by their heap limit (MiB: a worker's resource limits are set when it starts) and
   * realm (realmAfter).
   */
  private readonly idle = new Map<string, Worker[]>();
  /** What takes an idle worker off its list if it ends while waiting. */
  private readonly onExit = new Map<Worker, () => void>();
  private closed = false;
  /** An idle simulation's process (host-process.ts), kept for the next run with a V8 placement. */
  private host: HostProcess | undefined;
  /** Workers this pool started, and jobs given to a worker that had run one before. */
  started = 0;
  reused = 0;
  /** The same for simulation's processes (runs with a V8 placement). */
  hostsStarted = 0;
  hostsReused = 0;

  /** `maxIdle`: idle workers kept per heap limit and realm (runs one after the other need one). */
  constructor(private readonly maxIdle = 1) {}

  /**
   * An idle worker for a job running `extensions`, or a new one started warm (its job comes as a
   * message; QuickJS, when the job has any, comes with it).
   */
  take(
    script: string,
    quickjs: CompiledWasm | undefined,
    heapMb: number,
    extensions: readonly { readonly mode: string }[],
  ): Worker {
    const worker = this.idle.get(`${heapMb} ${realmAfter(extensions)}`)?.pop();
    if (worker !== undefined) {
      this.reused++;
      worker.off("exit", this.onExit.get(worker)!);
      this.onExit.delete(worker);
      worker.ref();
      return worker;
    }
    this.started++;
    const workerData: PooledWorkerData = { pooled: true, ...(quickjs !== undefined ? { quickjs } : {}) };
    return new Worker(script, {
      workerData,
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  }

  /** A worker whose job (running `extensions`) ended with a result and that said it is idle. */
  give(worker: Worker, heapMb: number, extensions: readonly { readonly mode: string }[]): void {
    const key = `${heapMb} ${realmAfter(extensions)}`;
    const idle = this.idle.get(key) ?? [];
    if (this.closed || idle.length >= this.maxIdle) {
      void worker.terminate();
      return;
    }
    this.idle.set(key, idle);
    idle.push(worker);
    // An idle worker holds nothing up: the process may end with it waiting.
    worker.unref();
    const gone = (): void => {
      this.onExit.delete(worker);
      const at = idle.indexOf(worker);
      if (at >= 0) idle.splice(at, 1);
    };
    this.onExit.set(worker, gone);
    worker.once("exit", gone);
  }

  /**
   * Start a worker for a job running `extensions` now and keep it idle until a run takes it: a run
   * that checks its extensions first (supervised-load.ts) overlaps the worker's start, its modules
   * loaded and QuickJS instantiated, with the check.
   */
  prestart(
    script: string,
    quickjs: CompiledWasm | undefined,
    heapMb: number,
    extensions: readonly { readonly mode: string }[],
  ): void {
    if (this.closed) return;
    this.give(this.take(script, quickjs, heapMb, extensions), heapMb, extensions);
  }

  /** The idle simulation's process, or a new one. */
  takeHost(): HostProcess {
    const host = this.host;
    this.host = undefined;
    if (host?.idle) {
      this.hostsReused++;
      return host;
    }
    host?.release();
    this.hostsStarted++;
    return HostProcess.start();
  }

  /** A simulation's process whose job ended with a result or a clean death of its simulation. */
  giveHost(host: HostProcess): void {
    if (this.closed || this.host !== undefined || !host.idle) {
      host.release();
      return;
    }
    // Idle, it holds nothing up: the process may end with it waiting (it leaves with its channel).
    host.hold(false);
    this.host = host;
  }

  /** End the idle workers and the idle simulation's process; those still running a job end after it. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    this.onExit.clear();
    const host = this.host;
    this.host = undefined;
    await Promise.all([...all.map((w) => w.terminate()), host?.end()]);
  }
}
