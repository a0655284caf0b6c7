/** The messages between a sweep (run.ts, pool.ts) and its workers (worker.ts), as data. */
import type { MachineConfig } from "../../kernel/config.js";
import type { LruProfile } from "../../policies/lru-profile.js";

/** What one run of the kernel gives a sweep: its totals, its simulated time, its check. */
export interface RunFigures {
  readonly references: number;
  readonly faults: number;
  readonly majorFaults: number;
  readonly minorFaults: number;
  readonly evictions: number;
  readonly writeBacks: number;
  readonly prefetches: number;
  readonly simulatedNs: number;
  /** The kernel's own check (invariants, nothing lost) held. */
  readonly checkOk: boolean;
}

export type SweepTask =
  /** One run of the kernel with the built-in policies; `config` has the run's overrides applied. */
  | { readonly kind: "kernel"; readonly config: MachineConfig; readonly check: boolean }
  /** LRU's counts at every frame count of `frames`, from one pass (policies/lru-profile.ts). */
  | { readonly kind: "lru-profile"; readonly config: MachineConfig; readonly frames: readonly number[] };

export type TaskReply =
  | { readonly kind: "kernel"; readonly figures: RunFigures }
  | { readonly kind: "lru-profile"; readonly profile: LruProfile };

export interface ToWorker {
  readonly id: number;
  readonly task: SweepTask;
}

/** An error in a worker, as data: its class name picks the class it is thrown again as. */
export interface WorkerError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
}

export type FromWorker =
  | { readonly id: number; readonly ok: true; readonly reply: TaskReply }
  | { readonly id: number; readonly ok: false; readonly error: WorkerError };
