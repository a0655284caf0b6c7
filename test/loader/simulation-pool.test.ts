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
import net from "node:net";
import { Worker } from "node:worker_threads";
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
import { resolveLoadOptions } from "../../extensions/loader/load-options.js";
import { prepareInWorker } from "../../extensions/loader/prepare-in-worker.js";
import { defaultHeapMb, superviseHere, supervisedWorkerScript } from "../../extensions/loader/supervised-run.js";
import { compiledQuickJS } from "../../sandbox/engine.js";
import { SERVER_EXIT_WAIT_MS, leftAfterJob } from "../../extensions/loader/worker-leftovers.js";
import { enterBuiltinNesting, leaveBuiltinNesting } from "../../sandbox/native/bounded-builtins.js";
import { swapBuiltinCharger } from "../../sandbox/native/builtin-fuel.js";
import { makeServerVM } from "../sandbox/helpers.js";
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

  it("a run with an extension in a V8 placement runs in the pool's simulation process, reused, not in a worker of this process", async () => {
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

describe("a worker started ahead (spin load starts it while the extension is checked)", () => {
  it("is the worker the run takes, and the run gives a fresh worker's bytes", async () => {
    const p = await prepare("nondeterminism", "typed");
    const fresh = bytes(await run(p));
    const ahead = new SimulationPool();
    try {
      const script = supervisedWorkerScript()!;
      ahead.prestart(script, await compiledQuickJS(), defaultHeapMb(), [{ mode: "typed" }]);
      expect({ started: ahead.started, reused: ahead.reused }).toEqual({ started: 1, reused: 0 });
      expect(bytes(await run(p, ahead))).toBe(fresh);
      // The run started no worker of its own: it took the one started ahead.
      expect({ started: ahead.started, reused: ahead.reused }).toEqual({ started: 1, reused: 1 });
    } finally {
      await ahead.close();
    }
    // A closed pool starts nothing.
    ahead.prestart(supervisedWorkerScript()!, undefined, defaultHeapMb(), [{ mode: "typed" }]);
    expect(ahead.started).toBe(1);
  });
});

/**
 * The V8 placements in pooled workers, as the simulation's process runs them (supervised-host.ts:
 * `superviseHere` with its pool; here in this process): `native` runs its guest in a Compartment
 * of the worker's own realm (locked down by SES), `server` in threads the worker starts. A worker
 * serves runs of one realm only (hardened or not), waits for its server threads to end, is ended
 * after a job that could have stopped our own code between two steps (a native stack overflow)
 * or that left anything behind, and starts each job as a fresh worker would
 * (extensions/loader/worker-leftovers.ts).
 */
describe("warm simulation workers, V8 placements", () => {
  // One heap limit for every run, so that only the realm tells the workers apart.
  const heapMb = 512;
  /** Native and server runs that keep seeded state, fault (budget, exception, an unresolved promise whose reaction runs after the run) or make a regex at run time, interleaved with a QuickJS run. */
  const V8_RUNS: readonly [exercise: string, mode: ModeName][] = [
    ["nondeterminism", "native"],
    ["spy-foreign-events", "server"],
    ["kernel-call-flood", "native"],
    ["nondeterminism", "typed"],
    ["fuel-after-await", "native"],
    ["memory-bomb-array", "server"],
    // Its regex's verdict, worked out inside the guest's call, is charged to it: a verdict kept from the job before was not (worker-leftovers.ts, startJobAsFresh).
    ["regex-backref-constructor", "native"],
  ];

  /**
   * A run in this process's workers (a pooled one with `pool`), as bytes: its report and VMs, but
   * a server VM's heap after the run only checked against its limit: it is the server thread's V8
   * heap in use (server-worker.ts), which depends on when its collector last ran, and differs from
   * one fresh run to the next (measured: 9.53 to 9.69 MB in four). "load-error" for a refused load.
   */
  const runHere = async (p: Prepared, pool?: SimulationPool): Promise<string> => {
    const { message: m } = await superviseHere(
      { job: "run", config: p.config },
      {
        extensions: p.extensions,
        options: resolveLoadOptions({ check: true, limits: p.ex.limits }),
        heapMb,
        ...(pool ? { pool } : {}),
      },
      {},
    );
    if (m.type === "load-error") return "load-error";
    if (m.type !== "done") throw new Error(`${p.name}: ${m.type}`);
    return JSON.stringify({
      report: m.report,
      vms: m.vms.map((vm, i) =>
        m.report.extensions[i]?.mode === "server"
          ? { ...vm, memoryUsed: vm.memoryUsed !== null && vm.memoryUsed > 0 && vm.memoryUsed <= vm.memoryLimit }
          : vm,
      ),
    });
  };

  it("native and server runs one after the other in pooled workers give the bytes of each run in a fresh worker, one worker per realm", async () => {
    const pool = new SimulationPool();
    try {
      const prepared: Prepared[] = [];
      for (const [name, mode] of V8_RUNS) prepared.push(await prepare(name, mode));
      const fresh = new Map<string, string>();
      for (const p of prepared) fresh.set(p.name, await runHere(p));
      for (const round of [1, 2])
        for (const p of prepared) expect(await runHere(p, pool), `${p.name}, round ${round}`).toBe(fresh.get(p.name));
      // Two workers ran them all: one whose realm native locked down, one (QuickJS and server runs) never locked.
      expect(pool.started).toBe(2);
      expect(pool.reused).toBe(2 * prepared.length - 2);
      expect(new Set(fresh.values()).size).toBe(prepared.length);
    } finally {
      await pool.close();
    }
  });

  it("a worker is ended after a native stack overflow or a native extension that failed to load, and its run's bytes are a fresh worker's", async () => {
    const pool = new SimulationPool();
    try {
      const warmUp = await prepare("nondeterminism", "native");
      const overflow = await prepare("field-init-depth", "native");
      const failsToLoad = await prepare("oom-then-unload", "native");
      const alone = await runHere(overflow);
      await runHere(warmUp, pool);
      expect(pool.started).toBe(1);
      // In the warm worker: the same bytes; then that worker is not given back.
      expect(await runHere(overflow, pool)).toBe(alone);
      expect([pool.started, pool.reused]).toEqual([1, 1]);
      await runHere(warmUp, pool);
      expect([pool.started, pool.reused]).toEqual([2, 1]);
      expect(await runHere(failsToLoad, pool)).toBe("load-error");
      await runHere(warmUp, pool);
      expect([pool.started, pool.reused]).toEqual([3, 2]);
    } finally {
      await pool.close();
    }
  });

  it("what a job leaves behind is seen: a server thread still running, a builtin walk under way, a fuel charger set, a handle (a listening socket)", async () => {
    const before = await leftAfterJob([], 50);
    /** What is listed now and was not before (as a multiset: the test process has handles of its own). */
    const added = async (serverExitWaitMs = 50): Promise<string[]> => {
      const rest = [...before];
      return (await leftAfterJob([], serverExitWaitMs)).filter((x) => {
        const at = rest.indexOf(x);
        if (at < 0) return true;
        rest.splice(at, 1);
        return false;
      });
    };
    expect(await added()).toEqual([]);
    expect(await leftAfterJob(["a taint"], 50)).toContain("a taint");

    const server = await makeServerVM(
      'const { defineExtension } = require("spin-kernel/extension");\nexports.default = defineExtension({ handlers: {} });\n',
      "server.js",
    );
    expect(await added()).toEqual(["1 server thread(s) still running"]);
    // A wait the thread outlives takes its 'exit' listener off again: none is left per job that asked.
    const thread = (server as unknown as { worker: Worker }).worker;
    expect(thread).toBeInstanceOf(Worker);
    const listeners = thread.listenerCount("exit");
    for (let i = 0; i < 3; i++) expect(await added()).toEqual(["1 server thread(s) still running"]);
    expect(thread.listenerCount("exit")).toBe(listeners);
    server.dispose();
    // Waited for as a pooled worker waits (a disposed server ends within milliseconds, or seconds on a loaded machine).
    expect(await added(SERVER_EXIT_WAIT_MS * 10)).toEqual([]);

    enterBuiltinNesting("a test's walk", "arrays");
    try {
      expect(await added()).toEqual(["a builtin walk under way (nesting 1)"]);
    } finally {
      leaveBuiltinNesting();
    }
    const previous = swapBuiltinCharger(() => {});
    try {
      expect(await added()).toEqual(["a guest call's fuel charger still set"]);
    } finally {
      swapBuiltinCharger(previous);
    }
    const socket = net.createServer().listen(0, "127.0.0.1");
    try {
      expect(await added()).toEqual(["TCPServerWrap"]);
    } finally {
      await new Promise((resolve) => socket.close(resolve));
    }
    expect(await added()).toEqual([]);
  });
});
