/**
 * The placements end to end (issue 10): the example extensions a student loads, each run by the
 * whole kernel on a scenario in every placement and as the built-in policy it mirrors, and the
 * run's host time divided by what the extension handled:
 *  - examples/pagers/fifo.ts, clock.ts and loop-aware.ts on the pagers' scenario (default
 *    examples/scenarios/zipf.json): µs per page fault, against the built-in FIFO, Clock and LRU
 *    (loop-aware is LRU until it sees a loop);
 *  - examples/schedulers/priority.ts on examples/scenarios/threads.json: µs per `Strand.Resume`,
 *    against the built-in priority scheduler.
 * A run's figure is everything the kernel did in it (references, faults, disk, the dispatcher and
 * the extension's calls) per handled event: what a user's `spin load` pays, not only the call.
 * Each (extension, placement) pair runs `reps` times, the pairs interleaved in a seeded shuffled
 * order each round, after one untimed warm-up run of each; each run has a fresh kernel and a
 * fresh VM (booting is not timed).
 *
 * Memory per extension, after its run: the QuickJS runtime's bytes (typed, sfi), the server
 * isolate's used heap (server), and for native, which has no heap of its own, the kernel heap's
 * growth per copy over several copies booted at once, after a full collection.
 */
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import type { MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { Prng } from "../../kernel/prng.js";
import { AttachedExtensions } from "../../extensions/loader/attach.js";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { resolveLoadOptions } from "../../extensions/loader/load-options.js";
import { MODE_NAMES, modeNamed, type ModeName } from "../../extensions/loader/modes.js";
import { packageRoot } from "../../extensions/loader/paths.js";
import { prepareExtension, type PreparedWithLocations } from "../../extensions/loader/prepare.js";
import { MEASURING_LIMITS } from "../../sandbox/limits.js";
import { builtinPolicies } from "../../policies/index.js";
import { loadWorkload, withOverrides } from "../../workloads/index.js";
import { shuffle } from "../interleave.js";
import { type PerEvent, perEvent } from "./per-event.js";

/** What one extension is measured on, and the built-in policy it is compared with. */
interface Subject {
  readonly name: string;
  readonly file: string;
  readonly scenario: string;
  readonly kind: "pager" | "scheduler";
  readonly builtin: string;
}

export interface EndToEndCell {
  /** µs of host time per handled unit (fault or `Strand.Resume`), median run and its 95% interval. */
  readonly perUnit: PerEvent;
  /** Handled units in one run (the same in every run: the kernel is deterministic). */
  readonly units: number;
  readonly faults: number;
  readonly simulatedNs: number;
}

export interface EndToEndPlaced extends EndToEndCell {
  readonly placement: ModeName;
  /** perUnit over the built-in policy's, same run. */
  readonly ratio: number;
  /**
   * Simulated µs charged for the extension's calls per handled unit: each call's crossing into
   * its placement plus its instructions (docs/MACHINE.md), summed over its bindings. It repeats
   * byte for byte, unlike the host time. (The run's whole simulated time, `simulatedNs`, moves by
   * more where several threads share the machine: the charges change the order of their faults.)
   */
  readonly chargedUsPerUnit: number;
  /** Bytes this extension holds (see `memoryMethod`), or null when not measured. */
  readonly memoryBytes: number | null;
  readonly memoryMethod: "quickjs runtime" | "server isolate heap" | "kernel heap growth per copy";
}

export interface EndToEndRow {
  readonly extension: string;
  readonly scenario: string;
  readonly unit: "fault" | "Strand.Resume";
  readonly builtinPolicy: string;
  readonly builtin: EndToEndCell;
  readonly placed: readonly EndToEndPlaced[];
}

export const DEFAULT_PAGER_SCENARIO = path.join("examples", "scenarios", "zipf.json");

function subjects(pagerScenario: string): Subject[] {
  const root = packageRoot();
  const pager = (name: string, builtin: string): Subject => ({
    name,
    file: path.join(root, "examples", "pagers", name),
    scenario: pagerScenario,
    kind: "pager",
    builtin,
  });
  return [
    pager("fifo.ts", "fifo"),
    pager("clock.ts", "clock"),
    pager("loop-aware.ts", "lru"),
    {
      name: "priority.ts",
      file: path.join(root, "examples", "schedulers", "priority.ts"),
      scenario: path.join(root, "examples", "scenarios", "threads.json"),
      kind: "scheduler",
      builtin: "priority",
    },
  ];
}

interface Run {
  readonly ms: number;
  readonly units: number;
  readonly faults: number;
  readonly simulatedNs: number;
  /** Simulated time charged for the extension's calls (0 for the built-in policy). */
  readonly chargedNs: number;
  readonly memoryBytes: number | null;
}

const options = resolveLoadOptions({ limits: MEASURING_LIMITS });

function unitsOf(subject: Subject, report: ReturnType<Kernel["run"]>): number {
  return subject.kind === "pager" ? report.totals.faults : (report.events["Strand.Resume"]?.raised ?? 0);
}

/** One run of the whole kernel, with the extension attached (booted untimed) or the built-in policy alone. */
async function runOnce(subject: Subject, config: MachineConfig, prepared?: PreparedWithLocations): Promise<Run> {
  const kernel = new Kernel(config, builtinPolicies);
  const attached = prepared
    ? new AttachedExtensions(kernel, {
        limits: options.limits,
        maxViolations: options.maxViolations,
        timing: false,
        eventTimeoutMs: options.eventTimeoutMs,
      })
    : undefined;
  try {
    if (attached && prepared) {
      await attached.attach(prepared);
      attached.watch();
    }
    const t0 = performance.now();
    const report = kernel.run({ check: false });
    const ms = performance.now() - t0;
    const ext = attached?.extensions[0];
    if (ext && (ext.account.violationCount > 0 || ext.account.unloaded))
      throw new Error(
        `bench: ${subject.name} in ${ext.mode} broke a rule on ${path.basename(subject.scenario)}: the figures would not be its handler's`,
      );
    return {
      ms,
      units: unitsOf(subject, report),
      faults: report.totals.faults,
      simulatedNs: report.simulatedNs,
      chargedNs: ext?.bindings.reduce((sum, b) => sum + b.account.chargedNs, 0) ?? 0,
      memoryBytes: ext?.vm.memoryUsage() ?? null,
    };
  } finally {
    attached?.dispose();
  }
}

/** A full collection, for the heap-growth figure (the flag is set once; `gc` is V8's own). */
function collector(): () => void {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  return () => gc();
}

/** The kernel heap's growth per native copy of `prepared`, over `copies` booted at once. */
async function nativeHeapPerCopy(prepared: PreparedWithLocations, copies: number): Promise<number> {
  const gc = collector();
  gc();
  const before = process.memoryUsage().heapUsed;
  const vms = [];
  try {
    for (let i = 0; i < copies; i++) {
      const created = await createExtensionVM("native", {
        source: prepared.js,
        filename: path.basename(prepared.file, ".ts"),
        limits: MEASURING_LIMITS,
      });
      if (!created.ok) throw new Error(`bench: ${prepared.file} in native: ${created.error.message}`);
      vms.push(created.value);
    }
    gc();
    return Math.max(0, (process.memoryUsage().heapUsed - before) / copies);
  } finally {
    for (const v of vms) v.dispose();
  }
}

const cell = (runs: readonly Run[]): EndToEndCell => {
  const us = runs.map((r) => (r.ms * 1000) / Math.max(1, r.units));
  return {
    perUnit: perEvent(us),
    units: runs[0]!.units,
    faults: runs[0]!.faults,
    simulatedNs: runs[0]!.simulatedNs,
  };
};

const MEMORY_METHOD = {
  typed: "quickjs runtime",
  sfi: "quickjs runtime",
  server: "server isolate heap",
  native: "kernel heap growth per copy",
} as const satisfies Record<ModeName, EndToEndPlaced["memoryMethod"]>;

/**
 * Every subject in every placement and as its built-in policy, `reps` interleaved rounds. Runs in
 * the realm the native placement has locked down (measure.ts boots native first).
 */
export async function measureEndToEnd(
  pagerScenario: string,
  reps: number,
  seed: number,
  onStep?: (label: string) => void,
): Promise<EndToEndRow[]> {
  const plan = await Promise.all(
    subjects(pagerScenario).map(async (subject) => {
      const loaded = loadWorkload(subject.scenario);
      const config =
        subject.kind === "pager"
          ? withOverrides(loaded, { pager: subject.builtin })
          : withOverrides(loaded, { scheduler: subject.builtin });
      const prepared: Partial<Record<ModeName, PreparedWithLocations>> = {};
      for (const m of MODE_NAMES) prepared[m] = await prepareExtension(config, { file: subject.file }, modeNamed(m));
      return { subject, config, prepared };
    }),
  );
  onStep?.("end-to-end: extensions prepared");

  type Key = `${number}:${ModeName | "builtin"}`;
  const runs = new Map<Key, Run[]>();
  const keys: Key[] = plan.flatMap((_, i) => [`${i}:builtin` as Key, ...MODE_NAMES.map((m) => `${i}:${m}` as Key)]);
  // One untimed run of each first: the first runs of a process pay for compiling the kernel's code.
  for (const key of keys) {
    const [at, placement] = key.split(":") as [string, ModeName | "builtin"];
    const p = plan[Number(at)]!;
    await runOnce(p.subject, p.config, placement === "builtin" ? undefined : p.prepared[placement]);
  }
  onStep?.("end-to-end: warmed up");
  const rng = new Prng(seed);
  for (let r = 0; r < reps; r++) {
    shuffle(keys, rng);
    for (const key of keys) {
      const [at, placement] = key.split(":") as [string, ModeName | "builtin"];
      const p = plan[Number(at)]!;
      const run = await runOnce(p.subject, p.config, placement === "builtin" ? undefined : p.prepared[placement]);
      runs.set(key, [...(runs.get(key) ?? []), run]);
    }
    onStep?.(`end-to-end: round ${r + 1} of ${reps}`);
  }

  const rows: EndToEndRow[] = [];
  for (const [i, p] of plan.entries()) {
    const builtin = cell(runs.get(`${i}:builtin`)!);
    const placed: EndToEndPlaced[] = [];
    for (const m of MODE_NAMES) {
      const own = runs.get(`${i}:${m}`)!;
      const c = cell(own);
      const memoryBytes =
        m === "native" ? await nativeHeapPerCopy(p.prepared.native!, 8) : (own[own.length - 1]!.memoryBytes ?? null);
      placed.push({
        ...c,
        placement: m,
        ratio: c.perUnit.us / builtin.perUnit.us,
        chargedUsPerUnit: own[0]!.chargedNs / 1000 / Math.max(1, c.units),
        memoryBytes,
        memoryMethod: MEMORY_METHOD[m],
      });
    }
    rows.push({
      extension: p.subject.name,
      scenario: path.basename(p.subject.scenario),
      unit: p.subject.kind === "pager" ? "fault" : "Strand.Resume",
      builtinPolicy: p.subject.builtin,
      builtin,
      placed,
    });
  }
  onStep?.("end-to-end: done");
  return rows;
}
