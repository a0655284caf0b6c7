/**
 * Warm simulation workers (extensions/loader/simulation-pool.ts) carry nothing from one run to
 * the next: runs of different exercises, one after the other in one pooled worker, each give the
 * same bytes (the report, every extension's account, its log, its heap after the run) as the same
 * run in a fresh worker. The exercises chosen keep state a reused VM, kernel or clock would show:
 * a seeded Math.random and the simulated Date.now (nondeterminism), a log up to its cap
 * (log-flood), a VM unloaded after running out of memory (oom-then-unload), a heap filled to its
 * limit (memory-bomb-array), the events of one address space (spy-foreign-events). Each runs twice
 * in the pooled worker: a second run that remembered the first would differ from it.
 */
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseExercise, scenarioFile, type Exercise } from "../../extensions/exercise/catalogue.js";
import { TYPECHECK_LIMIT_MS } from "../../extensions/exercise/verdict.js";
import {
  SimulationPool,
  executionModes,
  packageRoot,
  runPreparedSupervised,
  type PreparedWithLocations,
  type SupervisedRunResult,
} from "../../extensions/loader/index.js";
import type { ModeName } from "../../extensions/loader/mode-names.js";
import { prepareInWorker } from "../../extensions/loader/prepare-in-worker.js";
import type { MachineConfig } from "../../kernel/config.js";
import { checkPolicyChoice } from "../../policies/index.js";
import { loadWorkload } from "../../workloads/index.js";

const RUNS: readonly [exercise: string, mode: ModeName][] = [
  ["nondeterminism", "typed"],
  ["log-flood", "sfi"],
  ["oom-then-unload", "typed"],
  ["memory-bomb-array", "sfi"],
  ["spy-foreign-events", "typed"],
];

interface Prepared {
  readonly name: string;
  readonly config: MachineConfig;
  readonly extensions: readonly PreparedWithLocations[];
  readonly ex: Exercise;
}

async function prepare(name: string, mode: ModeName): Promise<Prepared> {
  const spec = executionModes[mode].spec;
  if (spec === undefined) throw new Error(`the mode ${mode} is not given as data`);
  const ex = parseExercise(path.join(packageRoot(), "examples", "exercises", `${name}.ts`));
  const config = loadWorkload(scenarioFile(ex.scenario, path.dirname(ex.absFile)), {}, checkPolicyChoice);
  const requests = [{ file: ex.absFile, ...(ex.app ? { app: ex.app } : {}) }, ...ex.with];
  const extensions: PreparedWithLocations[] = [];
  for (const r of requests)
    extensions.push(
      await prepareInWorker(config, { ...r, file: path.resolve(packageRoot(), r.file) }, spec, TYPECHECK_LIMIT_MS),
    );
  return { name: `${name} [${mode}]`, config, extensions, ex };
}

/** What a run gives, as bytes: everything but the host's own timings. */
function bytes(run: SupervisedRunResult): string {
  return JSON.stringify({ report: run.report, vms: run.vms });
}

const run = (p: Prepared, pool?: SimulationPool) =>
  runPreparedSupervised(p.config, p.extensions, { check: true, limits: p.ex.limits, ...(pool ? { pool } : {}) });

describe("warm simulation workers", () => {
  const pool = new SimulationPool();
  afterAll(() => pool.close());

  it("runs one after the other in one pooled worker give the bytes of each run in a fresh worker", async () => {
    const prepared: Prepared[] = [];
    for (const [name, mode] of RUNS) prepared.push(await prepare(name, mode));
    const fresh = new Map<string, string>();
    for (const p of prepared) fresh.set(p.name, bytes(await run(p)));
    expect(pool.started).toBe(0);

    // Twice round, so that every run follows another (and the first runs again after the last).
    for (const round of [1, 2])
      for (const p of prepared) expect(bytes(await run(p, pool)), `${p.name}, round ${round}`).toBe(fresh.get(p.name));
    // One worker ran them all: the comparison above is of reused workers, not fresh ones.
    expect(pool.started).toBe(1);
    expect(pool.reused).toBe(2 * prepared.length - 1);
    // The runs differ from each other (the comparison could not pass with one report for all).
    expect(new Set(fresh.values()).size).toBe(prepared.length);
  });

  it("a run with an extension in a V8 placement takes no pooled worker and gives none back", async () => {
    const before = { started: pool.started, reused: pool.reused };
    const native = await prepare("nondeterminism", "native");
    const alone = bytes(await run(native));
    expect(bytes(await run(native, pool))).toBe(alone);
    expect({ started: pool.started, reused: pool.reused }).toEqual(before);
    // It ran in the pool's simulation process (extensions/loader/host-process.ts), which the next
    // such run reuses, with the same bytes.
    expect(bytes(await run(native, pool))).toBe(alone);
    expect({ hostsStarted: pool.hostsStarted, hostsReused: pool.hostsReused }).toEqual({
      hostsStarted: 1,
      hostsReused: 1,
    });
    // The next QuickJS run is served by the worker already idle, not by the native run's.
    await run(await prepare("nondeterminism", "typed"), pool);
    expect({ started: pool.started, reused: pool.reused }).toEqual({ ...before, reused: before.reused + 1 });
  });
});
