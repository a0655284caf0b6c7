/**
 * A run, as `spin load` does it: the scenario or trace parsed by the project's parsers, the
 * extensions loaded by the project's loader (type check, verifier or SFI rewrite, a QuickJS
 * sandbox each, the watchdog), the kernel run, then the same machine with the built-in policies.
 * In a Web Worker: the page stays responsive, and Stop terminates this worker whatever the guest
 * or the kernel is doing (even a `while (true) {}` the sandbox did not get to interrupt).
 */
import { checkExtension } from "../../extensions/check/pipeline.js";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import {
  fromDiagnostic,
  fromLoadProblem,
  fromViolation,
  matchesExpected,
  outcome,
  type Outcome,
} from "../../extensions/exercise/verdict.js";
// The loader's modules one by one: its index also exports the supervised run (Node worker threads).
import { ExtensionInputError, ExtensionLoadError } from "../../extensions/loader/errors.js";
import { loadExtensions, type LoadOptions } from "../../extensions/loader/load.js";
import { executionModes } from "../../extensions/loader/modes.js";
import type { MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { builtinPolicies, checkPolicyChoice } from "../../policies/registry.js";
import { WorkloadError } from "../../workloads/errors.js";
import { MAX_FRAMES } from "../../workloads/limits.js";
import { parseScenario } from "../../workloads/scenario.js";
import { parseTrace, traceConfig } from "../../workloads/trace.js";
import { compiledQuickJS } from "../../sandbox/engine.js";
import { PACKAGE_ROOT, apiDeclarationFile } from "../adapters/paths.js";
import type { FaultSeries, LogLine, RunMessage, RunPhase, RunRequest, Verdict } from "../shared/protocol.js";
import { FaultTimeline } from "./fault-timeline.js";

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<RunRequest>) => void) | null;
  postMessage(m: RunMessage): void;
};
const post = (m: RunMessage): void => scope.postMessage(m);
const progress = (phase: RunPhase, done = 0, total = 0): void => post({ type: "progress", phase, done, total });

function configOf(req: RunRequest, frames = req.frames): MachineConfig {
  const w = req.workload;
  const overrides = frames === undefined ? {} : { frames };
  if (w.kind === "trace") return traceConfig(parseTrace(w.text, w.file), overrides);
  // Trace files a scenario names are looked for beside it, in the (file-less) package folder.
  return parseScenario(w.text, w.file, overrides, `${PACKAGE_ROOT}/${w.file.replace(/[^/]*$/, "")}`, checkPolicyChoice);
}

/** Count every page fault the kernel raises, at its simulated time; the raise itself is untouched. */
function observeFaults(kernel: Kernel): FaultTimeline {
  const timeline = new FaultTimeline();
  const dispatcher = kernel.dispatcher;
  const raise = dispatcher.raise.bind(dispatcher);
  dispatcher.raise = ((event, key, args) => {
    if (event === "Translation.PageNotPresent") timeline.add(kernel.now);
    return raise(event, key, args);
  }) as typeof dispatcher.raise;
  return timeline;
}

function loadOptions(req: RunRequest): LoadOptions {
  // An exercise runs with the limits of its header (Limits:), as `spin exercise` runs it.
  const limits = req.exercise?.limits !== undefined ? { limits: req.exercise.limits } : {};
  return { mode: executionModes[req.mode], ...limits };
}

async function runWithExtensions(
  req: RunRequest,
  config: MachineConfig,
  onProgress?: (done: number, total: number) => void,
) {
  const kernel = new Kernel(config, builtinPolicies);
  const timeline = observeFaults(kernel);
  // The checking phase (type check, verifier, module evaluation) has the page's time limit.
  progress("checking");
  const loaded = await loadExtensions(
    kernel,
    req.extensions.map((e) => ({ file: e.file, source: e.text, ...(e.app !== undefined ? { app: e.app } : {}) })),
    loadOptions(req),
  );
  try {
    progress("running");
    const report = kernel.run(onProgress ? { onProgress } : {});
    const extensions = loaded.reports();
    const logs: LogLine[] = extensions.flatMap((ext) => ext.logs.map((l) => ({ extension: ext.name, ...l })));
    return { report, extensions, logs, series: timeline.series(report.simulatedNs) as FaultSeries };
  } finally {
    loaded.dispose();
  }
}

function runBaseline(config: MachineConfig) {
  const kernel = new Kernel(config, builtinPolicies);
  const timeline = observeFaults(kernel);
  const report = kernel.run();
  return { report, series: timeline.series(report.simulatedNs) as FaultSeries };
}

function verdictOf(req: RunRequest, o: Outcome, note?: string): Verdict | undefined {
  if (req.exercise === undefined) return undefined;
  const expected = req.exercise.expected;
  return {
    label: o.label,
    stop: o.stop,
    expected,
    asExpected: matchesExpected(o, expected),
    ...(note !== undefined ? { note } : {}),
  };
}

async function run(req: RunRequest): Promise<void> {
  const config = configOf(req);
  const started = performance.now();
  const withExt = await runWithExtensions(req, config, (done, total) => progress("running", done, total));
  const extMs = performance.now() - started;
  progress("baseline");
  const baseStarted = performance.now();
  const baseline = runBaseline(config);
  const baseMs = performance.now() - baseStarted;
  let verdict: Verdict | undefined;
  if (req.exercise !== undefined) {
    const attacker = withExt.extensions[0];
    const first = attacker?.violations[0];
    if (first !== undefined) verdict = verdictOf(req, fromViolation(first, first.position));
    else {
      const containing = req.exercise.checks.find((c) => c !== "unloaded" && c !== "neighbour-unaffected");
      verdict =
        containing !== undefined
          ? verdictOf(
              req,
              outcome(`contained: ${containing}`),
              `no violation: the runner's ${containing} check decides this one (spin exercise run ${req.exercise.name}); the page does not run it`,
            )
          : verdictOf(
              req,
              outcome(
                "ESCAPED",
                undefined,
                undefined,
                `ran ${attacker?.invocations ?? 0} invocations without any violation`,
              ),
            );
    }
  }
  post({
    type: "result",
    withExtensions: withExt.report,
    extensions: withExt.extensions,
    baseline: baseline.report,
    logs: withExt.logs,
    series: { withExtensions: withExt.series, baseline: baseline.series },
    ...(verdict !== undefined ? { verdict } : {}),
    ms: { extensions: extMs, baseline: baseMs },
  });
}

/** Frame counts around the scenario's own: a quarter of it to twice it. */
export function sweepFramesAround(frames: number): number[] {
  const wanted = [0.25, 0.5, 0.75, 1, 1.5, 2].map((k) => Math.min(MAX_FRAMES, Math.max(1, Math.round(frames * k))));
  return [...new Set(wanted)].sort((a, b) => a - b);
}

async function sweep(req: RunRequest): Promise<void> {
  const frames = req.sweepFrames ?? sweepFramesAround(configOf(req).frames);
  const points = [];
  let scenario = "";
  let builtin = "";
  for (const [i, f] of frames.entries()) {
    progress("sweeping", i, frames.length);
    const config = configOf(req, f);
    scenario = config.name;
    const base = runBaseline(config).report;
    const ext = await runWithExtensions(req, config);
    const app = req.extensions[0]?.app ?? config.apps[0]!.name;
    builtin = base.apps.find((a) => a.name === app)?.pager ?? "";
    points.push({
      frames: f,
      builtin: base.apps.find((a) => a.name === app)!.faults,
      extension: ext.report.apps.find((a) => a.name === app)!.faults,
    });
  }
  progress("sweeping", frames.length, frames.length);
  post({ type: "sweep", scenario, builtin, extension: req.extensions[0]?.file ?? "", points });
}

scope.onmessage = (event) => {
  const req = event.data;
  const work = req.kind === "sweep" ? sweep(req) : run(req);
  work.catch((error: unknown) => {
    if (error instanceof ExtensionRejected) {
      const d = error.diagnostics[0];
      post({
        type: "rejected",
        diagnostics: error.diagnostics,
        problems: [],
        ...(d !== undefined ? { verdict: verdictOf(req, fromDiagnostic(d)) } : {}),
      });
    } else if (error instanceof ExtensionLoadError) {
      post({
        type: "rejected",
        diagnostics: [],
        problems: error.problems,
        ...(error.problems[0] ? { verdict: verdictOf(req, fromLoadProblem(error.problems[0])) } : {}),
      });
    } else if (error instanceof ExtensionInputError || error instanceof WorkloadError) {
      post({ type: "input-error", message: error.message });
    } else {
      post({
        type: "internal-error",
        message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
    }
  });
};

// Warm up before the first request: parse the ES library and the API once and compile QuickJS, so
// that the page's time limit on the checking phase measures the extension, not the start-up
// (as extensions/check/time-limit.ts does for the CLI).
checkExtension(
  "warm-up.ts",
  'import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ handlers: {} });\n',
  {
    apiDeclarationFile: apiDeclarationFile(),
  },
);
void compiledQuickJS().catch(() => undefined);
