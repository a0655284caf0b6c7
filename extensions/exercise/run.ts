/**
 * The exercise runner: load one attack (and its well-behaved neighbour, if any) into a small
 * scenario in one execution mode, run it with the kernel's checks on, and say where the attack
 * was stopped: a cell of the containment matrix.
 *
 * The order of defences an exercise meets, and the stop each one gives:
 *   type check with a time limit (typed mode)  rejected: type-check time limit
 *   type check                                  rejected: type check (TSnnnn at line L)
 *   verifier                                    rejected: verifier (rule-id at L:C)
 *   module evaluation in the sandbox            stopped: <limit> (module evaluation)
 *   sfi run-time checks (sfi mode)              stopped: sfi check
 *   the sandbox's limits, per invocation        stopped: budget | timeout | memory | stack
 *   the extension's host time for the run       stopped: host time
 *   the kernel's result schema and validators   refused: kernel validation
 *   the dispatcher catching a guest exception   contained: exception | contained: unresolved promise
 *   an extra check of the exercise              contained: <check> (deterministic, log-capped, ...)
 * and ESCAPED when the extension ran without any of these noticing, or a check failed.
 *
 * Every run also records the kernel's own verdict (`report.check.ok`: invariants hold and no
 * write was lost) and whether the host is alive: after the run, a fresh sandbox VM must still
 * boot and the host must still be answering (an escape that crashed the host would end the
 * matrix right there).
 */
import { withFreeExtensions, type MachineConfig } from "../../kernel/config.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { eventBound, eventsProcessed, runSize } from "../../kernel/machine/progress.js";
import { hasUnsafeCharacter, visible } from "../visible.js";
import { ExtensionInputError } from "../loader/errors.js";
import { createSandboxVM } from "../../sandbox/vm.js";
import { resolveLimits, type SandboxLimits } from "../../sandbox/limits.js";
import { loadWorkload } from "../../workloads/index.js";
import { EXTENSION_INPUT, readInputText } from "../../workloads/read-input.js";
import { checkPolicyChoice } from "../../policies/index.js";
import { ExtensionRejected } from "../diagnostics.js";
import {
  ExtensionLoadError,
  SimulationAborted,
  SimulationDied,
  SimulationHeld,
  SupervisedLoadError,
  SimulationPool,
  executionModes,
  packageRoot,
  runBaseline,
  prepareExtension,
  runPreparedSupervised,
  type ExecutionMode,
  type ExtensionReport,
  type ExtensionRequest,
  type ExtensionRunReport,
  type LogLine,
  type PreparedWithLocations,
} from "../loader/index.js";
import { PLACEMENTS, type ModeName } from "../loader/modes.js";
import { prepareInWorker } from "../loader/prepare-in-worker.js";
import path from "node:path";
import { callMarks } from "./call-marks.js";
import { CHECKS, ExerciseFormatError, scenarioFile, type CheckName, type Exercise } from "./catalogue.js";
import {
  TYPECHECK_LIMIT_MS,
  fromDiagnostic,
  fromLoadProblem,
  fromViolation,
  matchesExpected,
  outcome,
  type Outcome,
} from "./verdict.js";

export { TYPECHECK_LIMIT_MS, matchesExpected, type Outcome } from "./verdict.js";

export type { ModeName };

export interface CheckResult {
  readonly name: CheckName | "invariants" | "host-alive";
  readonly ok: boolean;
  readonly detail: string;
}

export interface Cell {
  readonly mode: ModeName;
  readonly outcome: Outcome;
  readonly expected: string;
  readonly asExpected: boolean;
  /** `report.check.ok` of the run (invariants + nothing lost); null when nothing ran. */
  readonly kernelCheckOk: boolean | null;
  readonly hostAlive: boolean;
  readonly checks: readonly CheckResult[];
  readonly violations: number;
  readonly unloaded?: string;
  /** Host time of the cell (not deterministic; not in --json unless asked). */
  readonly ms: number;
  /**
   * The longest host time of any one guest call in the cell's runs (ms), killed calls included:
   * what the host watchdog bounds by the call's deadline + its grace. Null when nothing ran.
   * Not deterministic; in --json only with --timing.
   */
  readonly longestCallMs: number | null;
  /** Guest calls the host watchdog killed in the cell's runs. */
  readonly kills: number;
}

export interface MatrixRow {
  readonly name: string;
  readonly attackClass: string;
  readonly tries: string;
  readonly defence: string;
  readonly file: string;
  readonly cells: Partial<Record<ModeName, Cell>>;
}

/** Did this row fail the run (an escape, a failed check, a dead host)? */
export function cellFailed(c: Cell): boolean {
  return c.outcome.stop === "ESCAPED" || c.kernelCheckOk === false || !c.hostAlive || c.checks.some((k) => !k.ok);
}

// ---- one run ------------------------------------------------------------------------------

interface RunResult {
  readonly report: RunReport;
  readonly extensions: ExtensionReport[];
  /** The attacker's log lines and what its VM dropped. */
  readonly logs: readonly string[];
  readonly logDropped: number;
  readonly space: number;
  /** The attacker's heap after the run (undefined if its VM is dead) and its limit. */
  readonly memoryUsed: number | undefined;
  readonly memoryLimit: number;
  readonly longestCallMs: number;
  readonly kills: number;
}

/** One run of extensions prepared once per cell, under the host watchdog (the simulation in a supervised worker, as `spin load` runs it), with the exercise's limits. */
async function runOnce(
  config: MachineConfig,
  prepared: readonly PreparedWithLocations[],
  limits: Partial<SandboxLimits>,
  pool: SimulationPool | undefined,
): Promise<RunResult> {
  const run = await runPreparedSupervised(config, prepared, { check: true, limits, ...(pool ? { pool } : {}) });
  const { extensions, ...report } = run.report;
  const attacker = run.vms[0]!;
  return {
    report,
    extensions,
    logs: attacker.logs,
    logDropped: attacker.logDropped,
    space: config.apps.findIndex((a) => a.name === extensions[0]!.app),
    memoryUsed: attacker.memoryUsed ?? undefined,
    memoryLimit: attacker.memoryLimit,
    longestCallMs: run.host.longestCallMs,
    kills: run.host.kills.length,
  };
}

/** Why the last host probe failed (for the report). */
export let lastProbeFailure: string | undefined;

/** A fresh VM boots and answers: the host (and its QuickJS engine) survived. */
export async function hostAlive(): Promise<boolean> {
  // Generous limits: the probe asks whether the host can still create and run a VM, not
  // whether it can do so within a handler's deadline on a loaded machine.
  const created = await createSandboxVM({
    source:
      'import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ name: "probe", handlers: {} });\n',
    filename: "probe.js",
    limits: { timeoutMs: 30_000, budget: 100_000 },
  });
  if (!created.ok) {
    lastProbeFailure = `${created.error.kind}: ${created.error.message}`;
    return false;
  }
  const ok = created.value.state === "alive" && created.value.manifest.name === "probe";
  created.value.dispose();
  return ok;
}

const neighbourView = (e: ExtensionReport) => ({
  invocations: e.invocations,
  instructions: e.instructions,
  violationCount: e.violationCount,
  violations: e.violations,
  unloaded: e.unloaded ?? null,
  logLines: e.logLines,
});

/**
 * The text `spin load` prints for a run (render/extension-report.ts), handed in by the caller:
 * rendering sits above the runner.
 */
export type ReportRenderer = (withExtensions: ExtensionRunReport, baseline: RunReport) => string;

export interface ExerciseOptions {
  /** Needed by the `report-unforged` check; without it that check fails (it is never skipped). */
  readonly renderReport?: ReportRenderer;
  /**
   * Extensions already checked and compiled, by exercise file and placement's preparation (see
   * `preparationKey`): `native` and `server` run the same prepared code, so a matrix running
   * both prepares each exercise once. Filled as cells run.
   */
  readonly prepared?: Map<string, readonly PreparedWithLocations[] | ExtensionRejected>;
  /**
   * Warm simulation workers for the cell's runs (extensions/loader/simulation-pool.ts): the runs
   * of QuickJS placements reuse them, each run from a new kernel and new VMs; without it, a
   * worker per run.
   */
  readonly pool?: SimulationPool;
}

/** Placements whose preparation is the same code (the V8 placements: type check, verifier, fuel pass). */
function preparationKey(file: string, mode: ModeName): string {
  return `${file}\0${PLACEMENTS[mode].engine === "quickjs" ? mode : "v8"}`;
}

/**
 * The verdict of a run whose kernel died: allowed, "kernel down (by design)", only where the
 * placement trusts extensions with the kernel's memory (`native`, as SPIN did); anywhere else an
 * escape.
 */
export function kernelDown(e: SimulationDied, mode: ModeName): Outcome {
  // A held thread is not the heap death native trusts its extensions with: the kernel's thread
  // ran on inside a builtin past terminate(), and the host process must be killed to end it.
  if (e instanceof SimulationHeld) return outcome("ESCAPED", "held thread", undefined, e.message);
  const nativeHeap = PLACEMENTS[mode].engine === "compartment" && e.nativeExtensions.length > 0;
  // V8 aborted the simulation's process (host-process.ts): the kernel's heap in native, by
  // design, if V8 said it ran out of memory; anything else (a server's abort, a crash) an escape.
  if (e instanceof SimulationAborted && !(nativeHeap && e.outOfMemory))
    return outcome("ESCAPED", "host abort", undefined, e.message);
  return nativeHeap
    ? outcome("kernel down: heap", undefined, undefined, e.message)
    : outcome("ESCAPED", "kernel", undefined, `the simulation died: ${e.message}`);
}

/**
 * Every string in `v` replaced by a harmless word (`s1`, `s2`…; equal strings by the same word, so
 * the report pairs applications with their extensions as before): what the report of the same run
 * looks like when no string can add a line.
 */
function harmless<T>(v: T, words: Map<string, string> = new Map()): T {
  if (typeof v === "string") {
    let w = words.get(v);
    if (w === undefined) words.set(v, (w = `s${words.size + 1}`));
    return w as T;
  }
  if (Array.isArray(v)) return v.map((x) => harmless(x, words)) as T;
  if (v !== null && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, harmless(x, words)])) as T;
  return v;
}

/**
 * `report-unforged`: render the report of the run as `spin load` prints it; it must hold no raw
 * control character, and exactly as many lines as the report of the same run with every string
 * replaced by a harmless word (so no name, message or position added one).
 */
function reportCheck(
  render: ReportRenderer | undefined,
  withExt: ExtensionRunReport,
  baseline: RunReport,
): CheckResult {
  const name = "report-unforged";
  if (render === undefined)
    return {
      name,
      ok: false,
      detail: "no report renderer was given to the runner (spin exercise run and the matrix tests give it)",
    };
  const text = render(withExt, baseline);
  const lines = text.split("\n").length;
  const words = new Map<string, string>();
  const expected = render(harmless(withExt, words), harmless(baseline, words)).split("\n").length;
  const raw = hasUnsafeCharacter(text);
  const ok = !raw && lines === expected;
  return {
    name,
    ok,
    detail: ok
      ? `${lines} report lines, as with harmless strings; no raw control character`
      : `${raw ? "a raw control character in the report; " : ""}${lines} lines where harmless strings give ${expected}`,
  };
}

/**
 * `logs-placed`: every kept log line has the position the sandbox read from the call stack, in
 * the exercise's own file, at a call of its source (call-marks.ts: where the engine marks the
 * kernel.log call, or the call through which the kernel reached it), judged on the parsed
 * source, not on a line's text (a line's text can claim any position; the report's is the
 * kernel's; and a comment can hold `kernel.log(`).
 */
export function logsPlacedCheck(logs: readonly LogLine[], ex: Exercise): CheckResult {
  const name = "logs-placed";
  const calls = callMarks(ex.absFile, readInputText(ex.absFile, EXTENSION_INPUT));
  const placed = logs.filter((l) => {
    const m = l.position === undefined ? null : /^(.+):(\d+):(\d+)$/.exec(l.position);
    return m !== null && path.resolve(packageRoot(), m[1]!) === ex.absFile && calls.has(`${m[2]}:${m[3]}`);
  });
  const ok = logs.length > 0 && placed.length === logs.length;
  return {
    name,
    ok,
    detail:
      logs.length === 0
        ? "the extension kept no log line"
        : `${placed.length} of ${logs.length} kept lines placed at a call of ${ex.file}`,
  };
}

/**
 * Prepare a `With:` neighbour. It is the exercise's fixture, not its attack: one that does not
 * check or load (a file that is not an extension, one the placement refuses) is a mistake in the
 * header, said as such (exit 2), not a verdict on the placement (red team 12: an unloadable
 * neighbour made every cell ESCAPED).
 */
async function neighbour(
  where: string,
  request: ExtensionRequest,
  prepare: (r: ExtensionRequest) => Promise<PreparedWithLocations>,
): Promise<PreparedWithLocations> {
  try {
    return await prepare(request);
  } catch (e) {
    if (!(e instanceof ExtensionRejected || e instanceof ExtensionLoadError || e instanceof ExtensionInputError))
      throw e;
    const d = e instanceof ExtensionRejected ? e.diagnostics[0] : undefined;
    const why =
      d !== undefined ? `${d.code} at ${d.line}:${d.column}: ${visible(d.message, 200)}` : visible(e.message, 300);
    throw new ExerciseFormatError(`${where}: With: ${visible(request.file, 200)} does not load: ${why}`);
  }
}

/**
 * Prepare the attacker. Input the loader refuses before any check (an `App:` naming no
 * application of the scenario, a file that is not .ts) is the header's mistake (exit 2), not an
 * escape of every cell (red team 13, exercise-app-header); its refusals by the checks are verdicts.
 */
async function attackerPrepared(
  ex: Exercise,
  request: ExtensionRequest,
  prepare: (r: ExtensionRequest) => Promise<PreparedWithLocations>,
): Promise<PreparedWithLocations> {
  try {
    return await prepare(request);
  } catch (e) {
    if (e instanceof ExtensionInputError) throw new ExerciseFormatError(`${ex.appAt}: ${visible(e.message, 300)}`);
    throw e;
  }
}

/** Run one exercise in one mode: the matrix cell. */
export async function runExercise(ex: Exercise, modeName: ModeName, options: ExerciseOptions = {}): Promise<Cell> {
  const started = performance.now();
  const mode: ExecutionMode = executionModes[modeName];
  const expected = ex.expected[modeName];
  const root = packageRoot();
  const config = loadWorkload(scenarioFile(ex.scenario, path.dirname(ex.absFile)), {}, checkPolicyChoice);
  const attacker: ExtensionRequest = ex.app !== undefined ? { file: ex.file, app: ex.app } : { file: ex.file };
  const neighbours: ExtensionRequest[] = ex.with.map((w) =>
    w.app !== undefined ? { file: w.file, app: w.app } : { file: w.file },
  );
  const abs = (r: ExtensionRequest): ExtensionRequest => ({ ...r, file: path.resolve(root, r.file) });

  const runs: RunResult[] = [];
  /** Host figures of a load refused under the watchdog (no run, but guest calls: module evaluation). */
  const loadTimes: { longestCallMs: number; kills: number }[] = [];
  const finish = async (
    o: Outcome,
    run: RunResult | undefined,
    checks: CheckResult[],
    heldThread = false,
  ): Promise<Cell> => {
    // A held thread leaves the host unable to end normally (the CLI kills itself): not alive.
    const alive = !heldThread && (await hostAlive());
    const att = run?.extensions[0];
    let final = o;
    if (!alive)
      checks.push({
        name: "host-alive",
        ok: false,
        detail: heldThread
          ? "a thread of the host is held inside a builtin past terminate(); only killing the process ends it"
          : `a fresh VM could not be created after the run: ${lastProbeFailure ?? "?"}`,
      });
    const failed = checks.find((c) => !c.ok);
    if (failed !== undefined && o.stop !== "ESCAPED")
      final = outcome("ESCAPED", failed.name, undefined, `${failed.name} failed: ${failed.detail}`);
    return {
      mode: modeName,
      outcome: final,
      expected,
      asExpected: matchesExpected(final, expected),
      kernelCheckOk: run === undefined ? null : run.report.check.ok,
      hostAlive: alive,
      checks,
      violations: att?.violationCount ?? 0,
      ...(att?.unloaded ? { unloaded: att.unloaded.reason } : {}),
      ms: Math.round(performance.now() - started),
      longestCallMs:
        runs.length + loadTimes.length === 0
          ? null
          : Math.max(...runs.map((r) => r.longestCallMs), ...loadTimes.map((t) => t.longestCallMs)),
      kills: runs.reduce((n, r) => n + r.kills, 0) + loadTimes.reduce((n, t) => n + t.kills, 0),
    };
  };

  // 1. Check and compile the attacker and its neighbours once for the cell's runs, as spin load
  //    does: the type check under the exercise's time limit, in a worker with its own heap limit
  //    (both modes run the checker while loading, sfi for its warnings: a type-level bomb would
  //    hang the host or exhaust its memory, as it did in sfi mode before the limit), then the
  //    mode's checks (type check + verifier, or SFI's rewrite). 2. Load (module evaluation) and run.
  const requests = [attacker, ...neighbours].map(abs);
  const prepared: PreparedWithLocations[] = [];
  let run: RunResult;
  try {
    const key = preparationKey(ex.file, modeName);
    const shared = options.prepared?.get(key);
    if (shared instanceof ExtensionRejected) throw shared;
    if (shared !== undefined) prepared.push(...shared.map((p) => ({ ...p, mode: mode.name })));
    else {
      try {
        // As `spin load` prepares (supervised-load.ts): the whole check and compilation in the type
        // check's worker, one check instead of two; a mode that cannot be given as data in this thread.
        const prepare = (request: ExtensionRequest) =>
          mode.spec !== undefined
            ? prepareInWorker(config, request, mode.spec, TYPECHECK_LIMIT_MS)
            : prepareExtension(config, request, mode, TYPECHECK_LIMIT_MS);
        prepared.push(await attackerPrepared(ex, requests[0]!, prepare));
        for (const [i, request] of requests.slice(1).entries())
          prepared.push(await neighbour(ex.with[i]!.at, request, prepare));
      } catch (e) {
        if (e instanceof ExtensionRejected) options.prepared?.set(key, e);
        throw e;
      }
      options.prepared?.set(key, prepared);
    }
    run = await runOnce(config, prepared, ex.limits, options.pool);
    runs.push(run);
  } catch (e) {
    // A mistake in the exercise's header is the exercise's, not a verdict on the placement.
    if (e instanceof ExerciseFormatError) throw e;
    if (e instanceof ExtensionRejected) {
      const d = e.diagnostics[0];
      return finish(d === undefined ? outcome("rejected: load") : fromDiagnostic(d), undefined, []);
    }
    if (e instanceof ExtensionLoadError) {
      // A module evaluation the host watchdog killed is a guest call like any other: its host time counts.
      if (e instanceof SupervisedLoadError)
        loadTimes.push({ longestCallMs: e.host.longestCallMs, kills: e.host.kills.length });
      return finish(fromLoadProblem(e.problems[0]!), undefined, []);
    }
    if (e instanceof SimulationDied) return finish(kernelDown(e, modeName), undefined, [], e instanceof SimulationHeld);
    // Anything else thrown out of the kernel while it ran the attack is an escape.
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return finish(outcome("ESCAPED", "kernel", undefined, `the run threw: ${msg}`), undefined, []);
  }

  const att = run.extensions[0]!;
  const checks: CheckResult[] = [];
  checks.push({
    name: "invariants",
    ok: run.report.check.ok,
    detail: run.report.check.ok
      ? "invariants hold, nothing lost"
      : `${run.report.check.violations.length} invariant violations, ${run.report.check.lostWrites.length} lost writes`,
  });

  // 3. The exercise's own checks.
  for (const name of ex.checks[modeName]) {
    if (name === "deterministic") {
      const again = await runOnce(config, prepared, ex.limits, options.pool);
      runs.push(again);
      const same =
        JSON.stringify([run.report, run.extensions, run.logs]) ===
        JSON.stringify([again.report, again.extensions, again.logs]);
      checks.push({ name, ok: same, detail: same ? "two runs identical" : "two runs differ" });
    } else if (name === "neighbour-unaffected") {
      if (neighbours.length === 0) {
        checks.push({ name, ok: false, detail: "the exercise has no With: neighbour" });
        continue;
      }
      // Both runs with extension work free in simulated time: the check is about what the
      // attacker can do to its neighbour's state and accounts. What its charged time does to the
      // neighbour (it delays it, by exactly that time where nothing else moves: one CPU) is
      // simulated time's business (docs/MACHINE.md, "Extensions in simulated time"), and a
      // delay moves disk completions relative to references, so it may move counts too.
      const free = withFreeExtensions(config);
      const both = await runOnce(free, prepared, ex.limits, options.pool);
      const alone = await runOnce(free, prepared.slice(1), ex.limits, options.pool);
      runs.push(both, alone);
      const apps = new Set(run.extensions.slice(1).map((e) => e.app));
      const view = (r: RunResult, offset: number) => ({
        apps: r.report.apps.filter((a) => apps.has(a.name)),
        exts: r.extensions.slice(offset).map(neighbourView),
      });
      const a = JSON.stringify(view(both, 1));
      const b = JSON.stringify(view(alone, 0));
      const n = both.extensions[1]!;
      checks.push({
        name,
        ok: a === b,
        detail:
          a === b
            ? `${[...apps].join(", ")}: same faults, invocations and instructions as alone (${n.invocations} invocations, ${n.violationCount} violations)`
            : `${[...apps].join(", ")}: accounts differ from a run without the attacker`,
      });
    } else if (name === "log-capped") {
      // The limits the run was given (the exercise's Limits: over the defaults), not the defaults:
      // lines a header allowed are no escape (red team 16, log-capped-ignores-limits).
      const { maxLogEntries: max, maxLogChars } = resolveLimits(ex.limits);
      // A line cut at maxLogChars is kept with a "…" after it.
      const ok = att.logLines <= max && run.logs.every((l) => l.length <= maxLogChars + 1);
      checks.push({
        name,
        ok,
        detail: `kept ${att.logLines} lines (cap ${max}), dropped ${run.logDropped}, longest ${Math.max(0, ...run.logs.map((l) => l.length))} chars`,
      });
    } else if (name === "own-space-only") {
      const spaces = run.logs.flatMap((l) => [...l.matchAll(/space (\d+)/g)].map((m) => Number(m[1])));
      const foreign = spaces.filter((s) => s !== run.space);
      checks.push({
        name,
        ok: spaces.length > 0 && foreign.length === 0,
        detail:
          spaces.length === 0
            ? "the extension saw no event"
            : `${spaces.length} events seen, ${foreign.length} of another application`,
      });
    } else if (name === "memory-bounded") {
      const used = run.memoryUsed;
      const ok = used === undefined || used <= run.memoryLimit;
      const mib = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;
      checks.push({
        name,
        ok,
        detail: used === undefined ? "VM retired" : `heap ${mib(used)} of ${mib(run.memoryLimit)} after the run`,
      });
    } else if (name === "results-valid") {
      const ok = att.violationCount === 0 && att.invocations > 0;
      checks.push({ name, ok, detail: `${att.invocations} results, all accepted by the kernel's validators` });
    } else if (name === "traps-inert") {
      const ok = att.violationCount === 0 && att.invocations > 0;
      checks.push({ name, ok, detail: `${att.invocations} invocations, ${att.violationCount} violations` });
    } else if (name === "bounded-work") {
      const size = runSize(config);
      const events = eventsProcessed(run.report);
      const bound = eventBound(size);
      const stuck = run.report.check.violations.filter((v) => v.invariant === "progress").length;
      checks.push({
        name,
        ok: stuck === 0 && events <= bound,
        detail: `${events} events for ${size.ops} ops (${(events / Math.max(1, size.ops)).toFixed(1)} per op; bound ${bound}), ${stuck} progress violations`,
      });
    } else if (name === "work-charged") {
      const min = ex.minChargeNs ?? Number.POSITIVE_INFINITY;
      const each = att.invocations > 0 ? att.chargedNs / att.invocations : 0;
      checks.push({
        name,
        ok: att.invocations > 0 && each >= min,
        detail: `${att.invocations} invocations charged ${att.chargedNs} ns, ${Math.round(each)} ns each (at least ${min} asked), fuel ${att.fuel}`,
      });
    } else if (name === "logs-placed") {
      checks.push(logsPlacedCheck(att.logs, ex));
    } else if (name === "faults-as-thrown") {
      const thrown = att.violationsByKind.exception ?? 0;
      const others = Object.entries(att.violationsByKind).filter(([k, n]) => k !== "exception" && (n ?? 0) > 0);
      checks.push({
        name,
        ok: att.violationCount > 0 && thrown === att.violationCount,
        detail: `${att.violationCount} faults, ${thrown} exceptions${others.length > 0 ? `; also ${others.map(([k, n]) => `${n} ${k}`).join(", ")}` : ""}`,
      });
    } else if (name === "every-overrun-recorded") {
      const ok = att.invocations > 0 && att.violationCount === att.invocations;
      checks.push({ name, ok, detail: `${att.invocations} invocations, ${att.violationCount} violations recorded` });
    } else if (name === "report-unforged") {
      checks.push(
        reportCheck(
          options.renderReport,
          { ...run.report, extensions: run.extensions },
          runBaseline(config, { check: true }),
        ),
      );
    } else if (name === "unloaded") {
      checks.push({
        name,
        ok: att.unloaded !== undefined,
        detail: att.unloaded ? `unloaded: ${att.unloaded.reason}` : "never unloaded",
      });
    }
  }

  // 4. Where was it stopped?
  const first = att.violations[0];
  let o: Outcome;
  if (first !== undefined) {
    const where = first.position?.startsWith(root + path.sep) ? first.position.slice(root.length + 1) : first.position;
    o = fromViolation(first, where, resolveLimits(ex.limits));
  } else {
    const containing = ex.checks[modeName].find((c) => c !== "unloaded" && c !== "neighbour-unaffected");
    o =
      containing !== undefined
        ? outcome(`contained: ${containing}`, undefined, undefined, CHECKS[containing])
        : outcome("ESCAPED", undefined, undefined, `ran ${att.invocations} invocations without any violation`);
  }
  return finish(o, run, checks);
}

export interface MatrixOptions extends ExerciseOptions {
  readonly modes: readonly ModeName[];
  readonly onRow?: (row: MatrixRow) => void;
}

/**
 * Run exercises in every mode asked for, in order; the runs of QuickJS placements share warm
 * simulation workers (the options' pool, or one for this matrix).
 */
export async function runMatrix(exercises: readonly Exercise[], options: MatrixOptions): Promise<MatrixRow[]> {
  const rows: MatrixRow[] = [];
  const pool = options.pool ?? new SimulationPool();
  try {
    for (const ex of exercises) rows.push(await matrixRow(ex, { ...options, pool }));
  } finally {
    if (options.pool === undefined) await pool.close();
  }
  return rows;
}

/** One exercise in every mode asked for: its row. */
async function matrixRow(ex: Exercise, options: MatrixOptions): Promise<MatrixRow> {
  const cells: Partial<Record<ModeName, Cell>> = {};
  const prepared = new Map<string, readonly PreparedWithLocations[] | ExtensionRejected>();
  for (const m of options.modes) cells[m] = await runExercise(ex, m, { ...options, prepared });
  const row: MatrixRow = {
    name: ex.name,
    attackClass: ex.attackClass,
    tries: ex.tries,
    defence: ex.defence,
    file: ex.file,
    cells,
  };
  options.onRow?.(row);
  return row;
}
