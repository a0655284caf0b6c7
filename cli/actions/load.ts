/** What `spin load` does (cli/commands/load.ts defines its arguments). */
// Each from its own module, not the loader's index: this thread never loads the compiler (the
// extensions are checked in the type check's worker, extensions/loader/prepare-in-worker.ts).
import { ExtensionInputError, ExtensionLoadError, formatLoadProblem } from "../../extensions/loader/errors.js";
import type { LoadOptions } from "../../extensions/loader/load-options.js";
import { DEFAULT_MODE, modeSpecNamed } from "../../extensions/loader/mode-names.js";
import { defaultScenarioFile } from "../../extensions/loader/paths.js";
import type { ExtensionRequest } from "../../extensions/loader/request.js";
import { preparedCacheFromEnv } from "../../extensions/loader/prepared-cache.js";
import { runBaseline, runSupervisedFromSpec } from "../../extensions/loader/supervised-load.js";
import type { HostTimes } from "../../extensions/loader/supervised-run.js";
import type { SandboxLimits } from "../../sandbox/limits.js";
import { MODE_NAMES, isModeName } from "../../extensions/loader/mode-names.js";
import { jsonText, visible, visibleLines } from "../../extensions/visible.js";
import { sharedDecisions } from "../../extensions/loader/shared-decisions.js";
import { compareRuns } from "../../extensions/loader/comparison.js";
import { writeTimeline } from "./observe-files.js";
import { loadWorkload } from "../../workloads/index.js";
import { didYouMean } from "../../workloads/errors.js";
import { checkPolicyChoice, resolvePagerName, resolveSchedulerName } from "../../policies/index.js";
import { runEveryBuiltin } from "../../extensions/loader/baselines.js";
import { formatBuiltinRanking } from "../../render/builtin-ranking.js";
import { EXIT } from "../exit-codes.js";
import { formatComparison } from "../../render/extension-report.js";
import { progressReporter } from "../progress.js";
import { UsageError } from "../user-error.js";
import type { LoadFlags } from "../flags.js";

export async function loadAction(files: string[], flags: LoadFlags, out: (text: string) => void): Promise<void> {
  const result = await loadCommand(files, flags);
  if (result.problems) {
    process.stderr.write(visibleLines(`${result.problems}\n`));
    process.exitCode = EXIT.extensionRejected;
    return;
  }
  out(result.text!);
  if (!result.ok) process.exitCode = EXIT.kernelCheckFailed;
}

/** The watchdog's figures (with --timing: they differ from run to run). */
export function formatHostTimes(h: HostTimes): string {
  const kills =
    h.kills.length === 0
      ? "no call killed"
      : `${h.kills.length} call${h.kills.length === 1 ? "" : "s"} killed by the host watchdog and replayed as failed at the deadline (held ${h.kills.map((k) => k.heldMs.toFixed(0)).join(", ")} ms)`;
  return `host: longest guest call ${h.longestCallMs.toFixed(1)} ms; ${kills}; ${h.attempts} simulation worker${h.attempts === 1 ? "" : "s"}`;
}

/**
 * Split `file.ts@app` or `file.ts@app:placement` (that extension's placement, when it differs from
 * `--mode`); a plain file gets `defaultApp`.
 */
export function parseExtensionArg(arg: string, defaultApp: string | undefined, budget?: number): ExtensionRequest {
  const at = arg.lastIndexOf("@");
  if (at > 0 && !arg.slice(at + 1).includes("/") && /\.(m|c)?ts$/.test(arg.slice(0, at))) {
    let app = arg.slice(at + 1);
    const colon = app.lastIndexOf(":");
    let placement: ExtensionRequest["placement"];
    if (colon >= 0) {
      const name = app.slice(colon + 1);
      if (!isModeName(name))
        throw new UsageError(
          `${visible(arg)}: no placement named ${visible(JSON.stringify(name))} (placements: ${MODE_NAMES.join(", ")}).${didYouMean(name, MODE_NAMES)}`,
        );
      placement = modeSpecNamed(name, budget);
      app = app.slice(0, colon);
    }
    if (app === "") throw new UsageError(`${visible(arg)}: the application name after @ is empty`);
    return placement === undefined ? { file: arg.slice(0, at), app } : { file: arg.slice(0, at), app, placement };
  }
  return defaultApp === undefined ? { file: arg } : { file: arg, app: defaultApp };
}

export async function loadCommand(
  files: string[],
  flags: LoadFlags,
): Promise<{ text?: string; problems?: string; ok: boolean }> {
  if (flags.scenario && flags.trace) throw new UsageError("give either --scenario or --trace, not both");
  const workload = flags.scenario ?? flags.trace ?? defaultScenarioFile();
  // Checked here, in this thread: the simulation worker would meet an unknown name as an internal error.
  if (flags.pager !== undefined) resolvePagerName(flags.pager);
  if (flags.scheduler !== undefined) resolveSchedulerName(flags.scheduler);
  const config = loadWorkload(
    workload,
    { frames: flags.frames, seed: flags.seed, pager: flags.pager, scheduler: flags.scheduler },
    checkPolicyChoice,
  );
  const requests = files.map((f) => parseExtensionArg(f, flags.app, flags.budget));
  const limits: Partial<SandboxLimits> = {};
  if (flags.budget !== undefined) limits.budget = flags.budget;
  if (flags.timeoutMs !== undefined) limits.timeoutMs = flags.timeoutMs;
  if (flags.runTimeMs !== undefined) limits.runTimeMs = flags.runTimeMs;
  if (flags.memoryMb !== undefined) limits.memoryBytes = flags.memoryMb * 1024 * 1024;
  const options: LoadOptions = {
    limits,
    check: flags.check ?? false,
    timing: flags.timing ?? false,
    timeline: flags.timeline !== undefined,
  };
  if (flags.events !== undefined) options.eventsFile = flags.events;
  if (flags.maxViolations !== undefined) options.maxViolations = flags.maxViolations;
  if (flags.typeCheckLimitMs !== undefined) options.typeCheckLimitMs = flags.typeCheckLimitMs;
  const cache = preparedCacheFromEnv();
  const mode = modeSpecNamed(flags.mode ?? DEFAULT_MODE, flags.budget);

  const progress = progressReporter(config.name);
  let supervised: Awaited<ReturnType<typeof runSupervisedFromSpec>>;
  try {
    // The simulation runs in a worker under the host watchdog: no handler holds the host past
    // its deadline and the grace, whatever it does (docs/SANDBOX.md).
    supervised = await runSupervisedFromSpec(
      config,
      requests,
      mode,
      cache === undefined ? options : { ...options, cache },
      progress.onProgress ? { onProgress: progress.onProgress } : {},
    );
  } catch (error) {
    if (error instanceof ExtensionInputError) throw new UsageError(error.message);
    if (error instanceof ExtensionLoadError)
      return { problems: `spin: ${error.problems.map(formatLoadProblem).join("\n\n")}`, ok: false };
    throw error;
  } finally {
    progress.stop();
  }
  const withExt = supervised.report;
  const baseline = runBaseline(config, options);
  const builtins = flags.compareAll === undefined ? undefined : runEveryBuiltin(config, flags.compareAll, options);
  const ok = withExt.check.ok && baseline.check.ok && (builtins ?? []).every((r) => r.checkOk);
  const host = flags.timing ? { host: supervised.host } : {};
  const wrote: string[] = [];
  if (flags.events !== undefined) wrote.push(`events: ${visible(flags.events)}`);
  if (flags.timeline !== undefined && withExt.timeline !== undefined && baseline.timeline !== undefined) {
    wrote.push(
      writeTimeline(flags.timeline, `${config.name}: with extensions (solid) and the built-in policies (dashed)`, [
        { label: "with extensions", timeline: withExt.timeline },
        { label: "built-in", timeline: baseline.timeline },
      ]),
    );
  }
  if (flags.json) {
    const { extensions, ...run } = withExt;
    const comparison = compareRuns(withExt, baseline);
    const compareAll = builtins === undefined ? {} : { compareAll: { kind: flags.compareAll, runs: builtins } };
    const shared = { sharedDecisions: sharedDecisions(extensions) };
    return {
      text: jsonText({ withExtensions: run, baseline, comparison, extensions, ...shared, ...compareAll, ...host }),
      ok,
    };
  }
  const text = [formatComparison(withExt, baseline)];
  if (builtins !== undefined) {
    // Named as the load table names it (the extension's own name), not by its file.
    const label = withExt.extensions.map((e) => e.name).join(" + ");
    text.push(`\n${formatBuiltinRanking(flags.compareAll!, label, withExt, builtins)}`);
  }
  if (flags.timing) text.push(formatHostTimes(supervised.host));
  return { text: [...text, ...wrote].join("\n"), ok };
}
