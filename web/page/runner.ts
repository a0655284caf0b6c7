/**
 * Runs in the run worker (web/workers/run-worker.ts). One run at a time; Stop terminates the
 * worker, which ends whatever it was doing (the kernel, a guest call, a type check), and the next
 * run starts a fresh one. The checking phase has the type check's time limit, as in the CLI: past
 * it the worker is terminated and the run is refused with `typecheck-timeout`.
 */
import type { RunMessage, RunPhase, RunRequest } from "../shared/protocol.js";

export type RunEnd =
  | { readonly kind: "message"; readonly message: Exclude<RunMessage, { type: "progress" }> }
  | { readonly kind: "stopped" }
  | { readonly kind: "typecheck-timeout"; readonly limitMs: number };

export interface RunCallbacks {
  onProgress(phase: RunPhase, done: number, total: number): void;
}

export class Runner {
  private worker: Worker | undefined;
  private active: { finish: (end: RunEnd) => void; timer: number | undefined } | undefined;

  constructor(private readonly workerUrl: string) {}

  get running(): boolean {
    return this.active !== undefined;
  }

  /** Start the worker early (its TypeScript and QuickJS warm up meanwhile). */
  warm(): void {
    this.getWorker();
  }

  private getWorker(): Worker {
    if (this.worker === undefined) this.worker = new Worker(this.workerUrl, { type: "module", name: "spin-run" });
    return this.worker;
  }

  private kill(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }

  run(req: RunRequest, checkLimitMs: number, callbacks: RunCallbacks): Promise<RunEnd> {
    if (this.active !== undefined) return Promise.reject(new Error("internal: a run is already going"));
    const worker = this.getWorker();
    return new Promise<RunEnd>((resolve) => {
      const finish = (end: RunEnd): void => {
        if (this.active?.finish !== finish) return;
        if (this.active.timer !== undefined) clearTimeout(this.active.timer);
        this.active = undefined;
        worker.onmessage = null;
        worker.onerror = null;
        resolve(end);
      };
      this.active = { finish, timer: undefined };
      worker.onmessage = (e: MessageEvent<RunMessage>) => {
        const m = e.data;
        if (m.type !== "progress") return finish({ kind: "message", message: m });
        const active = this.active;
        if (active === undefined) return;
        if (m.phase === "checking" && active.timer === undefined) {
          active.timer = window.setTimeout(() => {
            this.kill();
            finish({ kind: "typecheck-timeout", limitMs: checkLimitMs });
          }, checkLimitMs);
        } else if (m.phase !== "checking" && active.timer !== undefined) {
          clearTimeout(active.timer);
          active.timer = undefined;
        }
        callbacks.onProgress(m.phase, m.done, m.total);
      };
      worker.onerror = (e) => {
        this.kill();
        finish({
          kind: "message",
          message: { type: "internal-error", message: `the run worker failed: ${e.message}` },
        });
      };
      worker.postMessage(req);
    });
  }

  /** Stop the run now: the worker is terminated mid-instruction. */
  stop(): void {
    const active = this.active;
    if (active === undefined) return;
    this.kill();
    active.finish({ kind: "stopped" });
  }
}
