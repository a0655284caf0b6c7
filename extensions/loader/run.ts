/**
 * A whole run with extensions loaded: in this thread (`runWithExtensions`, what many tests use) or
 * in a supervised worker under the host watchdog (`runSupervisedWithExtensions`: `spin load`,
 * `spin exercise`).
 */
import type { MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { builtinPolicies } from "../../policies/index.js";
import { typeCheckWorkerScript } from "../check/timeout.js";
import type { RunReport } from "../../kernel/machine/report.js";
import type { ExtensionRunReport } from "./account.js";
import { EventFile } from "./event-file.js";
import { loadExtensions, type ExtensionRequest, type LoadOptions } from "./load.js";
import { typedMode } from "./modes.js";
import { prepareExtension, type PreparedWithLocations } from "./prepare.js";
import {
  runPreparedSupervised,
  runSupervisedFromSpec,
  type RunHooks,
  type SupervisedLoadOptions,
  type SupervisedRunResult,
} from "./supervised-load.js";

export { runBaseline, runPreparedSupervised, runSupervisedFromSpec, SupervisedLoadError } from "./supervised-load.js";
export type { RunHooks, SupervisedLoadOptions, SupervisedRunResult } from "./supervised-load.js";

export { builtinPolicies };

export type { ExtensionRunReport };

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
  // A mode given as data is checked in the type check's worker (one check, the compiler loaded once).
  if (mode.spec !== undefined && typeCheckWorkerScript() !== undefined)
    return runSupervisedFromSpec(config, requests, mode.spec, options, hooks);
  const prepared: PreparedWithLocations[] = [];
  for (const request of requests)
    prepared.push(await prepareExtension(config, request, mode, options.typeCheckLimitMs));
  return runPreparedSupervised(config, prepared, options, hooks);
}
