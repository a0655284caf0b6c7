/**
 * The host watchdog: a simulation (the kernel and its sandboxed extensions) runs in a worker
 * thread supervised by this thread, which can take control back from any guest call, even one
 * inside a single long C builtin that no metering saw, and loses nothing when it does.
 *
 * How: before every guest call the worker publishes the call's number and deadline in a shared
 * heartbeat (heartbeat.ts). This thread, idle, polls it every `POLL_MS`; a call still running
 * `KILL_MARGIN_MS` after its deadline is claimed and the worker terminated (V8 stops WASM code
 * within milliseconds). The run is deterministic except for its deadlines, and every deadline
 * that fired was logged, so a fresh worker replays the run to the killed call with the same
 * answers, fails that call with a timeout without running it (a violation at the handler, the
 * default policy deciding), and goes on. The report is the report of a run in which that call
 * was stopped at its deadline. Kills accumulate: each attempt replays all earlier ones.
 *
 * What a run costs the host, bounded: the watchdog unloads an extension at its first killed call
 * (attach.ts), so a run of E extensions has at most E kills and E + 1 attempts, each a prefix of
 * the last one plus the killed call (its deadline + the grace); and in each attempt an
 * extension's calls take at most its host time for the run (`runTimeMs`) + the grace. So the
 * whole run costs at most (E + 1) × (the kernel's own time + E × (runTimeMs + GRACE_MS)) + E ×
 * (the longest deadline + GRACE_MS), whatever the extensions do (docs/SANDBOX.md).
 *
 * The grace: a guest call holds the host at most its deadline + `GRACE_MS` (measured in
 * docs/SANDBOX.md). The supervised run returns data; printing it is cli/'s business.
 */
import v8 from "node:v8";
import { Worker } from "node:worker_threads";
import type { MachineConfig } from "../../kernel/config.js";
import type { CompiledWasm } from "../../sandbox/engine.js";
import { compiledWorkerScript } from "../worker-script.js";
import { ExtensionInputError, SimulationDied, SimulationHeld, type LoadProblem } from "./errors.js";
import { HELD_AFTER_MS, terminateWatched } from "../../sandbox/held-threads.js";
import { useLinearRegExpFallback } from "../../sandbox/native/linear-regexp.js";
import { visible } from "../visible.js";
import { OutputFileError } from "./event-file.js";
import { Heartbeat, PHASE_RUNNING, decisionCapacity, epochNow, type Decision, type Kill } from "./heartbeat.js";
import type { ResolvedLoadOptions } from "./load-options.js";
import type { PreparedWithLocations } from "./prepare.js";
import type { ExtensionRunReport } from "./account.js";
import { HostProcess } from "./host-process.js";
import { engineOf } from "./mode-names.js";
import type { SimulationPool } from "./simulation-pool.js";
import type {
  ExtensionForWorker,
  HostTimes,
  PoolJob,
  SupervisedResult,
  VmSummary,
  WorkerInput,
  WorkerJob,
  WorkerMessage,
} from "./supervised-protocol.js";
import { workerExecArgv } from "../../sandbox/worker-exec-argv.js";

export type { HostTimes };

export { SimulationDied, SimulationHeld };

/** How often the supervisor reads the heartbeat. */
export const POLL_MS = 5;
/** How far past its deadline a call may run before the supervisor kills the worker. */
export const KILL_MARGIN_MS = 25;
/**
 * What a guest call may hold the host beyond its deadline, guaranteed: the kill margin, one
 * poll, the termination, and room for a loaded machine (measured worst case: docs/SANDBOX.md).
 */
export const GRACE_MS = 250;

export interface SupervisedRunRequest {
  readonly config: MachineConfig;
  /** Extensions prepared in this thread (prepare.ts), in load order. */
  readonly extensions: readonly PreparedWithLocations[];
  readonly options: ResolvedLoadOptions;
  /** URL of an ES module whose default export is host functions every VM gets (tests, embedders). */
  readonly hostModule?: string;
  /** Heap limit of the simulation worker (MiB); default: this thread's own limit. */
  readonly heapMb?: number;
  /**
   * Warm workers to take the run's workers from and give them back to, where the run allows it
   * (simulation-pool.ts); without it, each attempt starts a worker of its own.
   */
  readonly pool?: SimulationPool;
  /**
   * A simulation's process started early for this run (`HostProcess.start()`, while the caller
   * prepares the extensions), used if the run can abort its host; ended after the run either way.
   */
  readonly host?: HostProcess;
}

export interface SupervisedRunHooks {
  readonly onProgress?: (done: number, total: number) => void;
}

/** A killed call, as the host figures list it (heartbeat.ts's Kill: its number, deadline and host time). */
export type KillRecord = Kill;

export type SupervisedOutcome =
  | {
      readonly ok: true;
      readonly report: ExtensionRunReport;
      readonly vms: readonly VmSummary[];
      readonly host: HostTimes;
    }
  | { readonly ok: false; readonly problems: readonly LoadProblem[]; readonly host: HostTimes };

/**
 * The simulation's heap limit when a `native` extension is loaded and none was asked for (MiB):
 * the extension shares the kernel's heap, as SPIN's shared the kernel's memory, so a heap bomb
 * takes the kernel down; with this limit it does so within a second or two, at a size that
 * leaves the machine alone, instead of at this thread's own limit (several GiB).
 */
export const NATIVE_KERNEL_HEAP_MB = 512;

/** Path of the compiled worker script, or undefined if it has not been built. */
export function supervisedWorkerScript(): string | undefined {
  return compiledWorkerScript(import.meta.url, "extensions/loader", "supervised-worker.js");
}

/** This thread's heap limit, in MiB: the simulation gets as much as it had in-process. */
export function defaultHeapMb(): number {
  return Math.ceil(v8.getHeapStatistics().heap_size_limit / 1048576);
}

type Result = SupervisedResult;
type Attempt =
  | { readonly kind: "result"; readonly message: Result }
  | { readonly kind: "killed"; readonly kill: KillRecord };

/** Run the simulation under the watchdog: killed calls are replayed as timeouts until it finishes. */
export async function runSupervised(
  request: SupervisedRunRequest,
  hooks: SupervisedRunHooks = {},
): Promise<SupervisedOutcome> {
  const { message: m, host } = await superviseJob({ job: "run", config: request.config }, request, hooks);
  if (m.type === "input-error") throw new ExtensionInputError(m.message);
  if (m.type === "output-error") throw new OutputFileError(m.message);
  if (m.type === "load-error") return { ok: false, problems: m.problems, host };
  if (m.type === "checked") throw new Error("internal: a run answered as a check");
  return { ok: true, report: m.report, vms: m.vms, host };
}

export interface SupervisedCheckRequest {
  /** One prepared extension (prepare.ts, or a mode's prepare with a stand-in application). */
  readonly extension: PreparedWithLocations;
  readonly options: ResolvedLoadOptions;
}

/**
 * `spin check`'s last step under the watchdog: evaluate the module and install its handlers into a
 * throwaway dispatcher (load-check.ts), in a worker, so that a module whose evaluation holds the
 * host inside one C call is stopped at its deadline as `spin load` stops it (load/timeout), not
 * after however long it computes.
 */
export async function checkSupervised(
  request: SupervisedCheckRequest,
): Promise<{ readonly problems: readonly LoadProblem[]; readonly host: HostTimes }> {
  const { message: m, host } = await superviseJob(
    { job: "check" },
    { extensions: [request.extension], options: request.options },
    {},
  );
  if (m.type === "input-error") throw new ExtensionInputError(m.message);
  if (m.type === "load-error" || m.type === "checked") return { problems: m.problems, host };
  throw new Error(`internal: a check answered as a run (${m.type})`);
}

/**
 * Whether a run of these extensions can abort the process it runs in: it loads an extension in a
 * V8 placement, whose guest code runs in V8 (`native`: the simulation worker's; `server`: a thread
 * of its own), where one allocation past a heap limit is fatal to the whole process
 * (host-process.ts). QuickJS placements run in WASM memory of their own, bounded before V8 sees it.
 */
export function canAbortHost(extensions: readonly { readonly mode: string }[]): boolean {
  return extensions.some((e) => engineOf(e.mode) !== "quickjs");
}

type Position = { line: number; column: number } | undefined;

/** An extension as a supervised job needs it: data for the worker, and its source map here (maybe asked of another process). */
export interface SupervisedExtension extends ExtensionForWorker {
  mapPosition(line: number, column: number): Position | Promise<Position>;
}

type JobRequest = Pick<SupervisedRunRequest, "options" | "hostModule" | "heapMb" | "pool"> & {
  readonly extensions: readonly SupervisedExtension[];
};

/**
 * Run `job` where its death is observed, not suffered: a job that can abort its process
 * (canAbortHost) in the simulation's process (host-process.ts; the pool's, when it has one),
 * any other here.
 */
async function superviseJob(
  job: WorkerJob,
  request: Pick<SupervisedRunRequest, "extensions" | "options" | "hostModule" | "heapMb" | "pool" | "host">,
  hooks: SupervisedRunHooks,
): Promise<{ message: Result; host: HostTimes }> {
  if (!canAbortHost(request.extensions)) {
    request.host?.release();
    return superviseHere(job, request, hooks);
  }
  const host = request.host?.idle ? request.host : (request.pool?.takeHost() ?? HostProcess.start());
  const outcome = await host.run(
    {
      job,
      extensions: request.extensions.map(forWorker),
      options: request.options,
      ...(request.hostModule !== undefined ? { hostModule: request.hostModule } : {}),
      ...(request.heapMb !== undefined ? { heapMb: request.heapMb } : {}),
    },
    request.extensions,
    hooks,
  );
  if (outcome.reusable && request.pool !== undefined) request.pool.giveHost(host);
  else host.release();
  if (outcome.kind === "error") throw outcome.error;
  return { message: outcome.message, host: outcome.host };
}

/** What of an extension crosses to the worker (its source map stays in the thread that supervises). */
function forWorker(e: ExtensionForWorker): ExtensionForWorker {
  return {
    file: e.file,
    app: e.app,
    mode: e.mode,
    js: e.js,
    statsLine: e.statsLine,
    locations: e.locations,
  };
}

/** Run `job` in workers of this process until one finishes: each kill is replayed in a fresh worker. */
export async function superviseHere(
  job: WorkerJob,
  request: JobRequest,
  hooks: SupervisedRunHooks,
): Promise<{ message: Result; host: HostTimes }> {
  const script = supervisedWorkerScript();
  if (script === undefined) throw new Error("internal: the simulation worker is not built (run npm run build)");
  // QuickJS only for a run that has a QuickJS extension: the simulation's process of a run in V8
  // placements alone neither loads nor compiles it (a tenth of its start).
  const quickjs = request.extensions.some((e) => engineOf(e.mode) === "quickjs")
    ? await (await import("../../sandbox/engine.js")).compiledQuickJS()
    : undefined;
  const capacity = decisionCapacity(request.extensions.length, request.options.maxViolations);
  const kills: KillRecord[] = [];
  let decisions: Decision[] = [];
  let longest = 0;
  for (;;) {
    const heartbeat = Heartbeat.create(capacity, decisions);
    const attempt = await runAttempt(script, job, request, quickjs, heartbeat, kills, hooks);
    longest = Math.max(longest, heartbeat.longestCallMs());
    if (attempt.kind === "killed") {
      decisions = heartbeat.decisions();
      kills.push(attempt.kill);
      longest = Math.max(longest, attempt.kill.heldMs);
      continue;
    }
    return { message: attempt.message, host: { longestCallMs: longest, kills, attempts: kills.length + 1 } };
  }
}

function runAttempt(
  script: string,
  job: WorkerJob,
  request: JobRequest,
  quickjs: CompiledWasm | undefined,
  heartbeat: Heartbeat,
  kills: readonly Kill[],
  hooks: SupervisedRunHooks,
): Promise<Attempt> {
  return new Promise<Attempt>((resolve, reject) => {
    const mapReply = new SharedArrayBuffer(16);
    const reply = new Int32Array(mapReply);
    const input: WorkerInput = {
      job,
      extensions: request.extensions.map(forWorker),
      options: request.options,
      heartbeat: heartbeat.buffer,
      mapReply,
      kills: [...kills],
      ...(quickjs !== undefined ? { quickjs } : {}),
      ...(request.hostModule !== undefined ? { hostModule: request.hostModule } : {}),
    };
    const natives = request.extensions.filter((e) => e.mode === "native").map((e) => e.file);
    const heapMb = request.heapMb ?? (natives.length > 0 ? NATIVE_KERNEL_HEAP_MB : defaultHeapMb());
    useLinearRegExpFallback();
    // A run that brought a host module is not pooled: its functions are the embedder's, and may
    // keep state (simulation-pool.ts lists what else a pooled worker must leave behind).
    const pool = request.hostModule === undefined ? request.pool : undefined;
    const worker =
      pool?.take(script, quickjs, heapMb, request.extensions) ??
      new Worker(script, {
        workerData: input,
        execArgv: workerExecArgv(),
        resourceLimits: { maxOldGenerationSizeMb: heapMb },
      });
    let killed: { kill: Omit<Kill, "heldMs">; startedAt: number } | undefined;
    let result: Result | undefined;
    let failure: Error | undefined;
    // The backstop (sandbox/held-threads.ts): a worker terminated, or done, that does not exit.
    const v8Placed = request.extensions.filter((e) => e.mode === "native" || e.mode === "server");
    const whatRan =
      v8Placed.length > 0
        ? v8Placed.map((e) => `${visible(e.file)} (${e.mode})`).join(", ")
        : "the simulation (no extension in a V8 placement)";
    let held: ReturnType<typeof setTimeout> | undefined;
    let stopping = false;
    const stop = (): void => {
      stopping = true;
      terminateWatched(worker, `the simulation worker running ${whatRan}`);
      held ??= setTimeout(() => {
        clearInterval(timer);
        reject(
          new SimulationHeld(
            `kernel down: ${whatRan} held the kernel inside a builtin that cannot be interrupted (native/server placement: V8 checks for interrupts only between JavaScript steps, and the thread did not stop within ${HELD_AFTER_MS} ms of being terminated); no report`,
            natives,
          ),
        );
      }, HELD_AFTER_MS);
    };

    const timer = setInterval(() => {
      if (killed !== undefined) return;
      const beat = heartbeat.read();
      if (beat.phase !== PHASE_RUNNING || epochNow() <= beat.deadline + KILL_MARGIN_MS) return;
      if (!heartbeat.claim(beat.seq)) return;
      killed = { kill: { seq: beat.seq, kind: beat.kind }, startedAt: beat.startedAt };
      stop();
    }, POLL_MS);

    const onMessage = (m: WorkerMessage): void => {
      if (m.type === "map") {
        const answer = (p: Position): void => {
          reply[1] = p ? 1 : 0;
          reply[2] = p?.line ?? 0;
          reply[3] = p?.column ?? 0;
          Atomics.store(reply, 0, 1);
          Atomics.notify(reply, 0);
        };
        // In the simulation's process the source maps are another process's: the answer comes later.
        const p = request.extensions[m.extension]?.mapPosition(m.line, m.column);
        if (p instanceof Promise) void p.then(answer, () => answer(undefined));
        else answer(p);
      } else if (m.type === "progress") {
        hooks.onProgress?.(m.done, m.total);
      } else if (m.type === "idle") {
        // A pooled worker after its job: back to the pool if it left nothing behind, else ended.
        // (Not one already being stopped: held past HELD_AFTER_MS, or claimed by a kill.)
        if (pool === undefined || result === undefined || stopping) return;
        if (m.leftBehind !== undefined) return stop();
        clearInterval(timer);
        clearTimeout(held);
        worker.off("message", onMessage).off("error", onError).off("exit", onExit);
        pool.give(worker, heapMb, request.extensions);
        resolve({ kind: "result", message: result });
      } else {
        result = m;
        // A worker exits (or, pooled, says it is idle) once it has reported; one that does not is
        // held (work it queued for later, a promise reaction, say, inside a builtin): stopped,
        // then given up on.
        held ??= setTimeout(() => {
          held = undefined;
          stop();
        }, HELD_AFTER_MS);
      }
    };
    const onError = (e: Error): void => {
      failure = e;
    };
    const onExit = (code: number): void => {
      clearInterval(timer);
      clearTimeout(held);
      if (killed !== undefined) {
        resolve({ kind: "killed", kill: { ...killed.kill, heldMs: epochNow() - killed.startedAt } });
      } else if (result !== undefined) {
        resolve({ kind: "result", message: result });
      } else if (failure !== undefined && (failure as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY") {
        reject(
          natives.length > 0
            ? new SimulationDied(
                `kernel down: heap exhausted (${heapMb} MiB) while running ${natives.map((f) => visible(f)).join(", ")} (native placement trusts extensions with the kernel's memory, as SPIN did); no report`,
                natives,
              )
            : new SimulationDied(
                `the simulation ran out of memory (its heap limit is ${heapMb} MiB): the kernel's own data outgrew it; no report`,
              ),
        );
      } else if (failure !== undefined) {
        reject(failure);
      } else {
        reject(new SimulationDied(`the simulation stopped before reporting (worker exit code ${code}); no report`));
      }
    };
    worker.on("message", onMessage).on("error", onError).on("exit", onExit);
    if (pool !== undefined) worker.postMessage({ input } satisfies PoolJob);
  });
}
