/**
 * `spin sweep`'s engine: workloads × seeds × frame counts × series (built-in pagers and schedulers,
 * extensions) → one row of figures per run, as data. The rows come out in the plan's order
 * whatever finished first, so that the same request gives the same bytes with one worker or many.
 *
 * Where it runs: built-in runs in this thread (`workers` 1) or in a pool of worker threads
 * (pool.ts), each configuration posted once with its operation streams in shared memory; an
 * extension's run in a supervised worker of its own under the host watchdog, as `spin load` runs
 * it, at most `workers` at a time. LRU's curve comes from one pass of Mattson's stack algorithm
 * (policies/lru-profile.ts) wherever that equals the kernel; its rows then have no simulated time.
 */
import os from "node:os";
import path from "node:path";
import { checkMachineConfig, MachineConfigError, type MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import {
  builtinPolicies,
  checkPolicyChoice,
  resolvePagerName,
  resolveSchedulerName,
  type PagerName,
  type SchedulerName,
} from "../../policies/index.js";
import { lruProfile, lruProfileApplies, type LruPoint } from "../../policies/lru-profile.js";
import { loadWorkload, withOverrides } from "../../workloads/index.js";
import {
  MAX_FRAMES,
  MAX_SWEEP_EXTENSIONS,
  MAX_SWEEP_FRAMES,
  MAX_SWEEP_RUNS,
  MAX_SWEEP_SEEDS,
  MAX_SWEEP_WORKERS,
  MAX_SWEEP_WORKLOADS,
} from "../../workloads/limits.js";
import {
  extensionApp,
  prepareExtension,
  runPreparedSupervised,
  typedMode,
  type ExecutionMode,
  type ExtensionRequest,
  type PreparedWithLocations,
} from "../../extensions/loader/index.js";
import { defaultHeapMb } from "../../extensions/loader/supervised-run.js";
import { runFigures } from "./figures.js";
import { SweepWorkers, sweepWorkerScript } from "./pool.js";
import type { RunFigures, SweepTask, TaskReply } from "./protocol.js";
import { sharedConfig } from "./shared-config.js";

/** A request that cannot be run as given: the message says what to change. */
export class SweepInputError extends Error {
  override readonly name = "SweepInputError";
}

export interface SweepRequest {
  /** Scenario (.json) and trace files. */
  readonly workloads: readonly string[];
  /** Seeds to load each workload with; default: each workload's own. */
  readonly seeds?: readonly number[];
  readonly frames: readonly number[];
  /** Built-in pagers (names or aliases): each is a series, crossed with `schedulers` if both are given. */
  readonly pagers?: readonly string[];
  readonly schedulers?: readonly string[];
  /** Extensions: each is a series of its own, with the workload's policies for the rest. */
  readonly extensions?: readonly ExtensionRequest[];
  readonly mode?: ExecutionMode;
  readonly typeCheckLimitMs?: number;
  /** Check the kernel's invariants in every run (slower). */
  readonly check?: boolean;
  /** LRU's curve from one pass where that is exact (default true; not with `check`); false: a kernel run per count. */
  readonly stack?: boolean;
  /** Runs at a time: 1 runs built-in policies in this thread. Default: the host's cores, at most 8. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SeriesInfo {
  /** What the tables, CSV and legend call it: `lru`, `lru/mlfq`, `aging.ts`. */
  readonly label: string;
  readonly pager?: PagerName;
  readonly scheduler?: SchedulerName;
  /** The extension's file, as given. */
  readonly extension?: string;
}

export interface SweepRow extends Omit<RunFigures, "simulatedNs"> {
  readonly workload: string;
  readonly seed: number;
  readonly frames: number;
  readonly series: string;
  /** `kernel`: a run of the kernel; `stack`: LRU's one pass (no simulated time). */
  readonly source: "kernel" | "stack";
  /** Faults per reference (0 when there are no references). */
  readonly missRatio: number;
  /** Simulated time of the run; null for a `stack` row. */
  readonly simulatedNs: number | null;
}

export interface SweepWorkload {
  /** What the rows call it: the scenario's name, or its file where two share a name. */
  readonly name: string;
  readonly file: string;
  /**
   * One thread makes every memory reference, so the order of the references does not depend on
   * the frames: more faults with more frames is then the policy's doing (Belady's anomaly), not a
   * change in how the threads interleave.
   */
  readonly fixedOrder: boolean;
}

export interface SweepResult {
  readonly workloads: readonly SweepWorkload[];
  readonly frames: readonly number[];
  readonly series: readonly SeriesInfo[];
  /** By workload, seed and series in the request's order, then frame counts ascending. */
  readonly rows: readonly SweepRow[];
  /** Where LRU's one pass was used, or why not. */
  readonly notes: readonly string[];
}

/** The default worker count: the host's cores, at most 8 (more gains nothing on a lab machine). */
export function defaultSweepWorkers(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

function checkCount(what: string, n: number, max: number, hint: string): void {
  if (n > max) throw new SweepInputError(`${what}: ${n} given, at most ${max} in one sweep; ${hint}`);
}

/** The series of a request, labelled uniquely, in the order given (pagers, then extensions). */
export function sweepSeries(request: Pick<SweepRequest, "pagers" | "schedulers" | "extensions">): SeriesInfo[] {
  const pagers = [...new Set((request.pagers ?? []).map(resolvePagerName))];
  const schedulers = [...new Set((request.schedulers ?? []).map(resolveSchedulerName))];
  const out: SeriesInfo[] = [];
  if (pagers.length > 0 && schedulers.length > 0) {
    for (const pager of pagers)
      for (const scheduler of schedulers) out.push({ label: `${pager}/${scheduler}`, pager, scheduler });
  } else {
    for (const pager of pagers) out.push({ label: pager, pager });
    for (const scheduler of schedulers) out.push({ label: scheduler, scheduler });
  }
  const taken = new Set(out.map((s) => s.label));
  for (const e of request.extensions ?? []) {
    const base = path.basename(e.file) + (e.app === undefined ? "" : `@${e.app}`);
    let label = base;
    for (let k = 2; taken.has(label); k++) label = `${base}#${k}`;
    taken.add(label);
    out.push({ label, extension: e.file });
  }
  return out;
}

/** Who a row is for: the workload's file (named at the end), seed, frame count and series. */
interface RowKey {
  readonly workload: string;
  readonly seed: number;
  readonly frames: number;
  readonly series: SeriesInfo;
}

function rowOf(p: RowKey, figures: RunFigures): SweepRow {
  return {
    workload: p.workload,
    seed: p.seed,
    frames: p.frames,
    series: p.series.label,
    source: "kernel",
    ...figures,
    missRatio: figures.references === 0 ? 0 : figures.faults / figures.references,
  };
}

function stackRow(p: Omit<RowKey, "frames">, point: LruPoint, checkOk: boolean): SweepRow {
  return {
    workload: p.workload,
    seed: p.seed,
    frames: point.frames,
    series: p.series.label,
    source: "stack",
    references: point.references,
    faults: point.faults,
    majorFaults: point.majorFaults,
    minorFaults: point.minorFaults,
    evictions: point.evictions,
    writeBacks: point.writeBacks,
    prefetches: 0,
    simulatedNs: null,
    checkOk,
    missRatio: point.references === 0 ? 0 : point.faults / point.references,
  };
}

export async function runSweep(request: SweepRequest): Promise<SweepResult> {
  const seeds = request.seeds ?? [];
  const frames = [...new Set(request.frames)].sort((a, b) => a - b);
  const extensions = request.extensions ?? [];
  const workers = request.workers ?? defaultSweepWorkers();
  checkCount("workloads", request.workloads.length, MAX_SWEEP_WORKLOADS, "run several sweeps");
  checkCount("--seeds", seeds.length, MAX_SWEEP_SEEDS, "take fewer seeds");
  checkCount("--frames", frames.length, MAX_SWEEP_FRAMES, "take fewer points (1..1024x2)");
  checkCount("--extension", extensions.length, MAX_SWEEP_EXTENSIONS, "run several sweeps");
  if (!Number.isSafeInteger(workers) || workers < 1 || workers > MAX_SWEEP_WORKERS)
    throw new SweepInputError(`--workers must be an integer from 1 to ${MAX_SWEEP_WORKERS}, got ${workers}`);
  if (request.workloads.length === 0) throw new SweepInputError("no workload to sweep: give a scenario or trace file");
  if (frames.length === 0) throw new SweepInputError("--frames: no frame counts");
  const badFrames = frames.find((f) => !Number.isSafeInteger(f) || f < 1 || f > MAX_FRAMES);
  if (badFrames !== undefined)
    throw new SweepInputError(`--frames: ${badFrames} is not a frame count from 1 to ${MAX_FRAMES}`);
  const series = sweepSeries(request);
  if (series.length === 0) throw new SweepInputError("nothing to compare: give --pagers, --schedulers or --extension");
  const total = request.workloads.length * Math.max(1, seeds.length) * frames.length * series.length;
  if (total > MAX_SWEEP_RUNS)
    throw new SweepInputError(
      `${total.toLocaleString("en-US")} runs (${request.workloads.length} workloads × ${Math.max(1, seeds.length)} seeds × ${frames.length.toLocaleString("en-US")} frame counts × ${series.length} series), at most ${MAX_SWEEP_RUNS.toLocaleString("en-US")} in one sweep: take fewer frame counts (1..1024x2), seeds or policies`,
    );

  // Each workload is loaded once per seed (the seed chooses what the generators produce), a few
  // loads at a time: the configurations of a batch are held while its runs go, then dropped, so
  // memory follows the workers, not the seeds. Each extension is checked once, against the first
  // workload, and pointed at each workload's application.
  const check = request.check ?? false;
  const useStack = request.stack !== false && !check;
  const todo = [...new Set(request.workloads)].flatMap((file) =>
    (seeds.length === 0 ? [undefined] : seeds).map((seed) => ({ file, seed })),
  );
  const nameOf = new Map<string, string>();
  const fixedOrder = new Map<string, boolean>();
  const rows: SweepRow[] = [];
  const notes: { file: string; text: string }[] = [];
  const prepared: PreparedWithLocations[] = [];
  let done = 0;
  const progress = () => request.onProgress?.(++done, total);
  const script = workers > 1 ? sweepWorkerScript() : undefined;
  if (workers > 1 && script === undefined)
    throw new Error("internal: the sweep's worker is not built (run npm run build)");
  const pool = script === undefined ? undefined : new SweepWorkers(workers, script, defaultHeapMb());
  const perform = async (task: SweepTask): Promise<TaskReply> => {
    if (pool !== undefined) return pool.run(task);
    if (task.kind === "lru-profile") return { kind: "lru-profile", profile: lruProfile(task.config, task.frames) };
    return { kind: "kernel", figures: runFigures(new Kernel(task.config, builtinPolicies).run({ check: task.check })) };
  };
  const kernelRun = async (config: MachineConfig): Promise<RunFigures> => {
    const reply = await perform({ kind: "kernel", config, check });
    if (reply.kind !== "kernel") throw new Error("internal: a sweep worker answered a kernel run with a profile");
    return reply.figures;
  };
  try {
    for (let from = 0; from < todo.length; from += workers) {
      const batch = todo.slice(from, from + workers).map(({ file, seed }) => {
        const config = loadWorkload(file, seed === undefined ? {} : { seed }, checkPolicyChoice);
        // Checked here, where a bad configuration is the user's error (exit 2), not in a worker.
        const { problems } = checkMachineConfig(config);
        if (problems.length > 0) throw new MachineConfigError(problems);
        nameOf.set(file, config.name);
        if (!fixedOrder.has(file))
          fixedOrder.set(file, lruProfileApplies(withOverrides(config, { pager: "lru" })).exact);
        return { file, seed: config.seed, config: workers > 1 ? sharedConfig(config) : config };
      });
      if (prepared.length === 0)
        for (const e of extensions)
          prepared.push(
            await prepareExtension(batch[0]!.config, e, request.mode ?? typedMode, request.typeCheckLimitMs),
          );

      // One slot per run (a stack pass fills all its frame counts), in the output's order.
      const slots: (SweepRow | readonly SweepRow[] | undefined)[] = [];
      const jobs: (() => Promise<void>)[] = [];
      for (const load of batch)
        for (const [i, s] of series.entries()) {
          const who = { workload: load.file, seed: load.seed, series: s };
          const overrides = { pager: s.pager, scheduler: s.scheduler };
          if (s.pager === "lru" && useStack) {
            const at = slots.push(undefined) - 1;
            const config = withOverrides(load.config, overrides);
            jobs.push(async () => {
              const reply = await perform({ kind: "lru-profile", config, frames });
              if (reply.kind !== "lru-profile")
                throw new Error("internal: a sweep worker answered a profile with a run");
              const profile = reply.profile;
              if (profile.exact) {
                notes.push({ file: load.file, text: "lru's curve from one pass (Mattson's stack algorithm)" });
                slots[at] = profile.points.map((point) => stackRow(who, point, true));
                for (let k = 0; k < frames.length; k++) progress();
                return;
              }
              notes.push({ file: load.file, text: `lru run by the kernel at each count (${profile.reason})` });
              slots[at] = await Promise.all(
                frames.map(async (f) => {
                  const figures = await kernelRun(withOverrides(config, { frames: f }));
                  progress();
                  return rowOf({ ...who, frames: f }, figures);
                }),
              );
            });
            continue;
          }
          // The extension series come last, in the order of `extensions` (sweepSeries).
          const k = s.extension === undefined ? -1 : i - (series.length - extensions.length);
          for (const f of frames) {
            const at = slots.push(undefined) - 1;
            const config = withOverrides(load.config, { ...overrides, frames: f });
            jobs.push(async () => {
              const figures =
                k < 0
                  ? await kernelRun(config)
                  : runFigures(
                      (
                        await runPreparedSupervised(
                          config,
                          [{ ...prepared[k]!, app: extensionApp(config, extensions[k]!) }],
                          { check },
                        )
                      ).report,
                    );
              slots[at] = rowOf({ ...who, frames: f }, figures);
              progress();
            });
          }
        }
      await runBounded(jobs, workers);
      for (const slot of slots) if (slot !== undefined) rows.push(...(Array.isArray(slot) ? slot : [slot as SweepRow]));
    }
  } finally {
    await pool?.close();
  }

  // A workload is called by its scenario's name, or by its file where two share a name.
  const byName = new Set(nameOf.values()).size === nameOf.size;
  const label = (file: string) => (byName ? nameOf.get(file)! : file);
  return {
    workloads: [...nameOf.keys()].map((file) => ({
      name: label(file),
      file,
      fixedOrder: fixedOrder.get(file)!,
    })),
    frames,
    series,
    rows: rows.map((r) => ({ ...r, workload: label(r.workload) })),
    notes: [...new Set(notes.map((n) => `${label(n.file)}: ${n.text}`))].sort(),
  };
}

/** Run `jobs`, at most `limit` at a time; the first failure is thrown once all have settled. */
async function runBounded(jobs: readonly (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      try {
        await job();
      } catch (error) {
        errors.push(error);
        next = jobs.length;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
  if (errors.length > 0) throw errors[0];
}
