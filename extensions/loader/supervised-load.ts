/**
 * A run with extensions in a supervised worker (supervised-run.ts), and the baseline it is compared
 * with, without the compiler in this thread: the extensions come prepared, or are prepared in the
 * type check's worker from a mode given as data (prepare-in-worker.ts). What `spin load` and
 * `spin exercise` run; run.ts has the same with a mode object, and the run in this thread.
 */
import { EventFile } from "./event-file.js";
import type { MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { builtinPolicies } from "../../policies/index.js";
import { compiledQuickJS } from "../../sandbox/engine.js";
import type { ExtensionRunReport } from "./account.js";
import { ExtensionLoadError, withFrames, type LoadProblem } from "./errors.js";
import { resolveLoadOptions, type LoadOptions } from "./load-options.js";
import type { ModeSpec } from "./mode-names.js";
import { prepareInWorker } from "./prepare-in-worker.js";
import type { PreparedCache } from "./prepared-cache.js";
import type { ExtensionRequest, PreparedWithLocations } from "./request.js";
import { SimulationPool } from "./simulation-pool.js";
import type { VmSummary } from "./supervised-protocol.js";
import {
  canAbortHost,
  defaultHeapMb,
  runSupervised,
  supervisedWorkerScript,
  type HostTimes,
} from "./supervised-run.js";
import { HostProcess } from "./host-process.js";

export interface RunHooks {
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SupervisedLoadOptions extends LoadOptions {
  /** URL of an ES module whose default export is host functions every VM gets (tests, embedders). */
  hostModule?: string;
  /** Heap limit of the simulation worker (MiB); default: this thread's own. */
  heapMb?: number;
  /** Where extensions prepared before are kept (runSupervisedFromSpec; `spin load` passes the user's). */
  cache?: PreparedCache;
  /** Warm simulation workers to reuse where the run allows it (simulation-pool.ts; the exercise runner's). */
  pool?: SimulationPool;
}

export interface SupervisedRunResult {
  readonly report: ExtensionRunReport;
  /** Each extension's VM after the run (logs, heap), in load order. */
  readonly vms: readonly VmSummary[];
  /** Host-time figures (not deterministic): the longest guest call, the kills. */
  readonly host: HostTimes;
}

/**
 * `runSupervisedWithExtensions` (run.ts) for a mode given as data: each extension is checked and
 * compiled in the type check's worker, then the simulation runs in the supervised worker.
 */
export async function runSupervisedFromSpec(
  config: MachineConfig,
  requests: readonly ExtensionRequest[],
  mode: ModeSpec,
  options: Omit<SupervisedLoadOptions, "mode"> = {},
  hooks: RunHooks = {},
): Promise<SupervisedRunResult> {
  // A run that can abort its host runs in a process of its own (host-process.ts): started now, it
  // starts while the extensions are checked. Any other run needs QuickJS next, compiled now (off
  // this thread, by the engine); a failure here is the run's to report.
  const host =
    options.pool === undefined && canAbortHost(requests.map((r) => ({ mode: (r.placement ?? mode).name })))
      ? HostProcess.start()
      : undefined;
  // Any other run without a pool of its own gets a one-run pool whose worker starts now, while the
  // extensions are checked (the check runs in another process or thread): the worker's start
  // overlaps the check on the second core. A run with a host module is not pooled (supervised-run.ts).
  const warm =
    host === undefined && options.pool === undefined && options.hostModule === undefined
      ? new SimulationPool()
      : undefined;
  if (host === undefined)
    compiledQuickJS().then(
      (quickjs) => {
        const script = supervisedWorkerScript();
        if (warm === undefined || script === undefined) return;
        const placed = requests.map((r) => ({ mode: (r.placement ?? mode).name }));
        warm.prestart(script, quickjs, options.heapMb ?? defaultHeapMb(), placed);
      },
      () => undefined,
    );
  try {
    const prepared: PreparedWithLocations[] = [];
    for (const request of requests)
      prepared.push(await prepareInWorker(config, request, mode, options.typeCheckLimitMs, options.cache));
    return await runPrepared(config, prepared, warm === undefined ? options : { ...options, pool: warm }, hooks, host);
  } finally {
    host?.release();
    await warm?.close();
  }
}

/**
 * The run of `runSupervisedWithExtensions` for extensions already checked and compiled by
 * `prepareExtension` (their mode and type-check limit were chosen then): a caller that runs the
 * same extensions several times (the exercise runner's repeated runs) prepares them once.
 */
export async function runPreparedSupervised(
  config: MachineConfig,
  prepared: readonly PreparedWithLocations[],
  options: Omit<SupervisedLoadOptions, "mode" | "typeCheckLimitMs"> = {},
  hooks: RunHooks = {},
): Promise<SupervisedRunResult> {
  return runPrepared(config, prepared, options, hooks, undefined);
}

async function runPrepared(
  config: MachineConfig,
  prepared: readonly PreparedWithLocations[],
  options: Omit<SupervisedLoadOptions, "mode" | "typeCheckLimitMs">,
  hooks: RunHooks,
  host: HostProcess | undefined,
): Promise<SupervisedRunResult> {
  const settings = resolveLoadOptions(options);
  const outcome = await runSupervised(
    {
      config,
      extensions: prepared,
      options: settings,
      ...(options.hostModule !== undefined ? { hostModule: options.hostModule } : {}),
      ...(options.heapMb !== undefined ? { heapMb: options.heapMb } : {}),
      ...(options.pool !== undefined ? { pool: options.pool } : {}),
      ...(host !== undefined ? { host } : {}),
    },
    hooks,
  );
  if (!outcome.ok) {
    const text = new Map(prepared.map((p) => [p.file, p.text]));
    throw new SupervisedLoadError(
      outcome.problems.map((p) => withFrames([p], text.get(p.file) ?? "")[0]!),
      outcome.host,
    );
  }
  return outcome;
}

/** A load refused in a supervised run, with the host figures of its attempts (a killed module evaluation among them). */
export class SupervisedLoadError extends ExtensionLoadError {
  constructor(
    problems: readonly LoadProblem[],
    readonly host: HostTimes,
  ) {
    super(problems);
  }
}

/** The same machine with the built-in policies only: the baseline `spin load` compares against. */
export function runBaseline(
  config: MachineConfig,
  options: Pick<LoadOptions, "check" | "timing" | "timeline" | "eventsFile"> = {},
): RunReport {
  // With `eventsFile`, the records are appended (after the run with extensions), marked "built-in".
  const events =
    options.eventsFile === undefined ? undefined : new EventFile(options.eventsFile, { append: true, run: "built-in" });
  try {
    return new Kernel(config, builtinPolicies).run({
      check: options.check ?? false,
      timing: options.timing ?? false,
      timeline: options.timeline ?? false,
      ...(events ? { onEvent: events.write } : {}),
    });
  } finally {
    events?.close();
  }
}
