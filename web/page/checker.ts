/**
 * The check as you type: requests go to the check worker (web/workers/check-worker.ts); only the
 * newest request's answer is shown. A check that goes past the time limit (a type-level bomb)
 * terminates the worker: the answer is a `typecheck-timeout` diagnostic, as `spin check` gives,
 * and the next check starts a fresh worker.
 */
import { DEFAULT_TYPECHECK_LIMIT_MS } from "../../extensions/check/limits.js";
import type { Diagnostic } from "../../extensions/diagnostics.js";
import type { CheckReply, CheckRequest, ModeName } from "../shared/protocol.js";

export interface CheckOutcome extends Omit<CheckReply, "id"> {
  readonly timedOut: boolean;
}

export class Checker {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending: { id: number; resolve: (o: CheckOutcome | undefined) => void; timer: number } | undefined;

  constructor(
    private readonly workerUrl: string,
    private readonly limitMs = DEFAULT_TYPECHECK_LIMIT_MS,
  ) {}

  /** Start the worker (and its TypeScript) early, so the first check does not wait for it. */
  warm(): void {
    this.getWorker();
  }

  private getWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const w = new Worker(this.workerUrl, { type: "module", name: "spin-check" });
    w.onmessage = (e: MessageEvent<CheckReply>) => {
      const p = this.pending;
      if (p === undefined || e.data.id !== p.id) return;
      clearTimeout(p.timer);
      this.pending = undefined;
      const { id: _id, ...reply } = e.data;
      p.resolve({ ...reply, timedOut: false });
    };
    this.worker = w;
    return w;
  }

  /**
   * Check `source`; resolves with the outcome, or undefined when a newer check replaced this one.
   */
  check(file: string, source: string, mode: ModeName, emit: boolean): Promise<CheckOutcome | undefined> {
    // A newer check makes the older one's answer useless: answer it with nothing.
    if (this.pending !== undefined) {
      clearTimeout(this.pending.timer);
      this.pending.resolve(undefined);
      this.pending = undefined;
    }
    const id = this.nextId++;
    const req: CheckRequest = { id, file, source, mode, emit };
    return new Promise((resolve) => {
      const timer = window.setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        this.worker?.terminate();
        this.worker = undefined;
        const d: Diagnostic = {
          file,
          line: 1,
          column: 1,
          source: "typescript",
          code: "typecheck-timeout",
          message: `type check exceeded ${this.limitMs} ms`,
        };
        resolve({ errors: [d], warnings: [], statsLine: "", ms: this.limitMs, timedOut: true });
      }, this.limitMs);
      this.pending = { id, resolve, timer };
      this.getWorker().postMessage(req);
    });
  }
}
