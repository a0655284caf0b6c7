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
import type { MachineConfig } from "../../kernel/config.js";
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
import type { RunFigures, SweepTask } from "./protocol.js";
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

/** One run of the plan: which configuration, which series, and where its row goes. */
interface Planned {
  readonly index: number;
  readonly workload: string;
  readonly seed: number;
  readonly frames: number;
  readonly series: SeriesInfo;
  readonly config: MachineConfig;
  readonly extension?: PreparedWithLocations;
}

function rowOf(p: Pick<Planned, "workload" | "seed" | "frames" | "series">, figures: RunFigures): SweepRow {
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

function stackRow(p: Pick<Planned, "workload" | "seed" | "series">, point: LruPoint, checkOk: boolean): SweepRow {
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
  const series = sweepSeries(request);
  if (series.length === 0)
    throw new SweepInputError("nothing to compare: give --pagers, --schedulers or --extension (or --all-pagers)");
  const total = request.workloads.length * Math.max(1, seeds.length) * frames.length * series.length;
  if (total > MAX_SWEEP_RUNS)
    throw new SweepInputError(
      `${total.toLocaleString("en-US")} runs (${request.workloads.length} workloads × ${Math.max(1, seeds.length)} seeds × ${frames.length.toLocaleString("en-US")} frame counts × ${series.length} series), at most ${MAX_SWEEP_RUNS.toLocaleString("en-US")} in one sweep: take fewer frame counts (1..1024x2), seeds or policies`,
    );

  // Load every workload once per seed (the seed chooses what the generators produce); check each
  // extension once, against the first workload, and point it at each workload's application.
  const loads: { workload: string; seed: number; config: MachineConfig }[] = [];
  for (const file of new Set(request.workloads))
    for (const seed of seeds.length === 0 ? [undefined] : seeds) {
      const config = loadWorkload(file, seed === undefined ? {} : { seed }, checkPolicyChoice);
      loads.push({ workload: file, seed: config.seed, config });
    }
  // A workload is called by its scenario's name, or by its file where two share a name.
  const nameOf = new Map(loads.map((l) => [l.workload, l.config.name]));
  const byName = new Set(nameOf.values()).size === nameOf.size;
  const label = (l: (typeof loads)[number]) => (byName ? l.config.name : l.workload);
  const prepared: PreparedWithLocations[] = [];
  for (const e of extensions)
    prepared.push(await prepareExtension(loads[0]!.config, e, request.mode ?? typedMode, request.typeCheckLimitMs));

  const plan: Planned[] = [];
  const stackRuns: { at: number; load: (typeof loads)[number]; series: SeriesInfo; config: MachineConfig }[] = [];
  const rows: (SweepRow | readonly SweepRow[] | undefined)[] = [];
  const notes: string[] = [];
  for (const load of loads) {
    const shared = workers > 1 ? sharedConfig(load.config) : load.config;
    for (const s of series) {
      const overrides = { pager: s.pager, scheduler: s.scheduler };
      if (s.pager === "lru" && request.stack !== false && request.check !== true) {
        const config = withOverrides(shared, overrides);
        stackRuns.push({ at: rows.length, load, series: s, config });
        rows.push(undefined);
        continue;
      }
      // The extension series come in the order of `extensions` (sweepSeries), after the built-in ones.
      const k = s.extension === undefined ? -1 : series.indexOf(s) - (series.length - extensions.length);
      for (const f of frames) {
        const config = withOverrides(shared, { ...overrides, frames: f });
        const extension = k < 0 ? undefined : { ...prepared[k]!, app: extensionApp(config, extensions[k]!) };
        plan.push({
          index: rows.length,
          workload: label(load),
          seed: load.seed,
          frames: f,
          series: s,
          config,
          ...(extension === undefined ? {} : { extension }),
        });
        rows.push(undefined);
      }
    }
  }

  let done = 0;
  const progress = () => request.onProgress?.(++done, total);
  const script = workers > 1 ? sweepWorkerScript() : undefined;
  if (workers > 1 && script === undefined)
    throw new Error("internal: the sweep's worker is not built (run npm run build)");
  const pool = script === undefined ? undefined : new SweepWorkers(workers, script, defaultHeapMb());
  try {
    const perform = async (task: SweepTask): Promise<unknown> => {
      if (pool !== undefined) {
        const reply = await pool.run(task);
        return reply.kind === "kernel" ? reply.figures : reply.profile;
      }
      if (task.kind === "lru-profile") return lruProfile(task.config, task.frames);
      return runFigures(new Kernel(task.config, builtinPolicies).run({ check: task.check }));
    };
    const check = request.check ?? false;
    const jobs: (() => Promise<void>)[] = [];
    for (const s of stackRuns)
      jobs.push(async () => {
        const profile = (await perform({ kind: "lru-profile", config: s.config, frames })) as ReturnType<
          typeof lruProfile
        >;
        const who = { workload: label(s.load), seed: s.load.seed, series: s.series };
        if (profile.exact) {
          notes.push(`${who.workload}: lru's curve from one pass (Mattson's stack algorithm)`);
          rows[s.at] = profile.points.map((point) => stackRow(who, point, true));
          for (let k = 0; k < frames.length; k++) progress();
          return;
        }
        notes.push(`${who.workload}: lru run by the kernel at each count (${profile.reason})`);
        const figures = await Promise.all(
          frames.map(async (f) => {
            const r = (await perform({
              kind: "kernel",
              config: withOverrides(s.config, { frames: f }),
              check,
            })) as RunFigures;
            progress();
            return rowOf({ ...who, frames: f }, r);
          }),
        );
        rows[s.at] = figures;
      });
    for (const p of plan)
      jobs.push(async () => {
        const figures =
          p.extension === undefined
            ? ((await perform({ kind: "kernel", config: p.config, check })) as RunFigures)
            : runFigures((await runPreparedSupervised(p.config, [p.extension], { check })).report);
        rows[p.index] = rowOf(p, figures);
        progress();
      });
    await runBounded(jobs, workers);
  } finally {
    await pool?.close();
  }
  return {
    workloads: [...new Map(loads.map((l) => [l.workload, l])).values()].map((l) => ({
      name: label(l),
      file: l.workload,
      fixedOrder: lruProfileApplies(withOverrides(l.config, { pager: "lru" })).exact,
    })),
    frames,
    series,
    rows: rows.flatMap((r) => (r === undefined ? [] : Array.isArray(r) ? r : [r as SweepRow])),
    notes: [...new Set(notes)].sort(),
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
