/** The messages between a supervised run (supervised-run.ts) and its worker (supervised-worker.ts), as data. */
import type { MachineConfig } from "../../kernel/config.js";
import type { CompiledWasm } from "../../sandbox/engine.js";
import type { SandboxLimits } from "../../sandbox/limits.js";
import type { LoadProblem } from "./errors.js";
import type { Kill } from "./heartbeat.js";
import type { ExtensionRunReport } from "./account.js";
import type { HandlerLocations } from "./locate.js";

/** A prepared extension as it crosses to the worker (its source map stays in the main thread). */
export interface ExtensionForWorker {
  readonly file: string;
  readonly app: string;
  readonly mode: string;
  readonly js: string;
  readonly statsLine: string;
  readonly locations: HandlerLocations;
}

export interface RunSettings {
  readonly limits: SandboxLimits;
  readonly maxViolations: number;
  readonly eventTimeoutMs: number;
  readonly timing: boolean;
  readonly check: boolean;
  readonly timeline: boolean;
  /** The per-event record's file (JSON Lines), written by the worker; rewritten from the start by each attempt. */
  readonly eventsFile?: string;
}

/** What a worker does: run a simulation, or only `spin check`'s load-time step (load-check.ts). */
export type WorkerJob = { readonly job: "run"; readonly config: MachineConfig } | { readonly job: "check" };

export interface WorkerInput {
  readonly job: WorkerJob;
  readonly extensions: readonly ExtensionForWorker[];
  readonly options: RunSettings;
  /** Heartbeat and decision log (heartbeat.ts). */
  readonly heartbeat: SharedArrayBuffer;
  /** Answers to position requests: [answered, found, line, column]. */
  readonly mapReply: SharedArrayBuffer;
  /** Calls killed in earlier attempts of this run. */
  readonly kills: readonly Kill[];
  /** URL of an ES module whose default export is host functions for every VM. */
  readonly hostModule?: string;
  /**
   * QuickJS, compiled once in the main thread (a WebAssembly.Module crosses without recompiling);
   * none for a run with no QuickJS extension.
   */
  readonly quickjs?: CompiledWasm;
}

/** What a pooled worker starts with (simulation-pool.ts); its jobs come as messages (PoolJob). */
export interface PooledWorkerData {
  readonly pooled: true;
  /**
   * QuickJS, compiled once in the main thread, for every job; absent in a worker started for a
   * job in V8 placements alone (a later job that runs QuickJS brings it, WorkerInput.quickjs).
   */
  readonly quickjs?: CompiledWasm;
}

/** One job for a pooled worker. */
export interface PoolJob {
  readonly input: WorkerInput;
}

/** What the run learnt about each extension's VM, besides its report. */
export interface VmSummary {
  readonly logs: readonly string[];
  readonly logDropped: number;
  /** Heap in use after the run; null when the VM was retired. */
  readonly memoryUsed: number | null;
  readonly memoryLimit: number;
}

export type WorkerMessage =
  | { readonly type: "map"; readonly extension: number; readonly line: number; readonly column: number }
  | { readonly type: "progress"; readonly done: number; readonly total: number }
  | { readonly type: "load-error"; readonly problems: LoadProblem[] }
  | { readonly type: "input-error"; readonly message: string }
  | { readonly type: "output-error"; readonly message: string }
  | { readonly type: "checked"; readonly problems: LoadProblem[] }
  | { readonly type: "done"; readonly report: ExtensionRunReport; readonly vms: VmSummary[] }
  /** A pooled worker after its job: ready for the next, unless the job left handles behind. */
  | { readonly type: "idle"; readonly leftBehind?: readonly string[] };

/** What ends a supervised job: the worker's last message of the job. */
export type SupervisedResult = Extract<
  WorkerMessage,
  { type: "done" | "load-error" | "input-error" | "output-error" | "checked" }
>;

/** Host-time figures of a supervised run (not deterministic). */
export interface HostTimes {
  /** The longest host time of any one guest call, killed calls included (ms). */
  readonly longestCallMs: number;
  /** The killed calls (heartbeat.ts's Kill: its number, deadline and host time). */
  readonly kills: readonly Kill[];
  /** Workers started: 1 + kills. */
  readonly attempts: number;
}
