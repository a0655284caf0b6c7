/**
 * A whole run with extensions loaded: in this thread (`runWithExtensions`, what many tests use) or
 * in a supervised worker under the host watchdog (`runSupervisedWithExtensions`: `spin load`,
 * `spin exercise`).
 */
import type { MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { builtinPolicies } from "../../policies/index.js";
import type { ExtensionRunReport } from "./account.js";
import { ExtensionLoadError, withFrames, type LoadProblem } from "./errors.js";
import { EventFile } from "./event-file.js";
import { loadExtensions, resolveLoadOptions, type ExtensionRequest, type LoadOptions } from "./load.js";
import { typedMode } from "./modes.js";
import { prepareExtension, type PreparedWithLocations } from "./prepare.js";
import type { VmSummary } from "./supervised-protocol.js";
import { runSupervised, type HostTimes } from "./supervised-run.js";

export { builtinPolicies };

export type { ExtensionRunReport };

export interface RunHooks {
  readonly onProgress?: (done: number, total: number) => void;
}

/** Build the machine, load the extensions into it, run it, and report both. */
export async function runWithExtensions(
  config: MachineConfig,
  requests: ExtensionRequest[],
  options: LoadOptions = {},
  hooks: RunHooks = {},
): Promise<ExtensionRunReport> {
  const kernel = new Kernel(config, builtinPolicies);
  const loaded = await loadExtensions(kernel, requests, options);
  try {
    const events =
      options.eventsFile === undefined ? undefined : new EventFile(options.eventsFile, { run: "extensions" });
    let report: RunReport;
    try {
      report = kernel.run({
        check: options.check ?? false,
        timing: options.timing ?? false,
        timeline: options.timeline ?? false,
        ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
        ...(events ? { onEvent: events.write } : {}),
      });
    } finally {
      events?.close();
    }
    return { ...report, extensions: loaded.reports() };
  } finally {
    loaded.dispose();
  }
}

export interface SupervisedLoadOptions extends LoadOptions {
  /** URL of an ES module whose default export is host functions every VM gets (tests, embedders). */
  hostModule?: string;
  /** Heap limit of the simulation worker (MiB); default: this thread's own. */
  heapMb?: number;
}

export interface SupervisedRunResult {
  readonly report: ExtensionRunReport;
  /** Each extension's VM after the run (logs, heap), in load order. */
  readonly vms: readonly VmSummary[];
  /** Host-time figures (not deterministic): the longest guest call, the kills. */
  readonly host: HostTimes;
}

/**
 * The same run as `runWithExtensions`, with the simulation in a worker under the host watchdog
 * (supervised-run.ts): the extensions are checked and compiled here, then run there, where no
 * guest call can hold the host past its deadline and the grace. What `spin load` and
 * `spin exercise` use.
 */
export async function runSupervisedWithExtensions(
  config: MachineConfig,
  requests: readonly ExtensionRequest[],
  options: SupervisedLoadOptions = {},
  hooks: RunHooks = {},
): Promise<SupervisedRunResult> {
  const mode = options.mode ?? typedMode;
  const prepared: PreparedWithLocations[] = [];
  for (const request of requests)
    prepared.push(await prepareExtension(config, request, mode, options.typeCheckLimitMs));
  return runPreparedSupervised(config, prepared, options, hooks);
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
  const settings = resolveLoadOptions(options);
  const outcome = await runSupervised(
    {
      config,
      extensions: prepared,
      options: settings,
      ...(options.hostModule !== undefined ? { hostModule: options.hostModule } : {}),
      ...(options.heapMb !== undefined ? { heapMb: options.heapMb } : {}),
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

/**
 * The same machine with the built-in policies only: the baseline `spin load` compares against.
 * With `eventsFile`, its records are appended to that file (after the run with extensions), marked
 * `"run": "built-in"`.
 */
export function runBaseline(
  config: MachineConfig,
  options: Pick<LoadOptions, "check" | "timing" | "timeline" | "eventsFile"> = {},
): RunReport {
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
