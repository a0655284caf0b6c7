/**
 * The four placements side by side, in one run (issue 10; docs/PLACEMENTS.md, docs/PERFORMANCE.md):
 * the same extensions checked by each placement's load-time work and run in its engine, through
 * the kernel's dispatcher (schema check, accounting and host timing on), against the built-in
 * native handler through the same dispatcher:
 *  - per event: a no-op `Translation.PageNotPresent` handler, and examples/pagers/clock.ts's
 *    `PhysAddr.Reclaim` with 64 resident pages (a real pager; its arguments built for each event
 *    as the kernel builds them, ReclaimArgs), as µs and as ratios to native;
 *  - per load: the placement's checks and compilation, and booting its VM (ms);
 *  - the server's kill: a handler that never returns, killed at its deadline (ms past it);
 *  - the Compartment call itself, in this (locked-down) realm and in a separate locked-down
 *    node:vm context (the alternative the issue asks to measure);
 *  - end to end (end-to-end.ts): the example pagers and the priority scheduler run by the whole
 *    kernel on a scenario, µs per handled fault or schedule, and memory per extension.
 * Blocks of the placements are interleaved in a seeded shuffled order and repeated: each
 * subject's figure is the median block with its 95% interval (bench/latency.ts), so that load on
 * a shared machine falls on all of them alike and a reader sees how much it moved them.
 *
 * `spin bench placement` runs it (cli/actions/bench.ts); report.ts draws the table and the chart.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import { nativeHandler } from "../../kernel/dispatcher/handler.js";
import { ReclaimArgs } from "../../kernel/machine/reclaim-args.js";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { MODE_NAMES, PLACEMENTS, executionModes, type ModeName } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";
import { packageRoot } from "../../extensions/loader/paths.js";
import { SandboxHandlerDomain } from "../../sandbox/handler.js";
import type { ExtensionVM } from "../../sandbox/vm.js";
import { MEASURING_LIMITS } from "../../sandbox/limits.js";
import { benchDispatcher, interleaved } from "../interleave.js";
import { finished, machineInfo, type MachineInfo } from "../machine.js";
import { DEFAULT_PAGER_SCENARIO, measureEndToEnd, type EndToEndRow } from "./end-to-end.js";
import type { PerEvent } from "./per-event.js";

export type { PerEvent };

export interface PlacementOptions {
  /** Events per block of the cheapest subjects (the built-in handlers); dearer ones raise fewer. */
  iterations: number;
  /** Rounds of interleaved blocks; 6 or more give each figure a 95% interval. */
  reps: number;
  seed: number;
  /** The pagers' scenario for the end-to-end runs. */
  scenario: string;
}

export const DEFAULT_PLACEMENT: PlacementOptions = {
  iterations: 20_000,
  reps: 7,
  seed: 7,
  scenario: DEFAULT_PAGER_SCENARIO,
};

export interface PlacementRow {
  placement: ModeName;
  engine: string;
  noop: PerEvent;
  noopRatio: number;
  reclaim: PerEvent;
  reclaimRatio: number;
  checkMs: number;
  bootMs: number;
}

export interface PlacementResult {
  schema: "spin-bench-placement/1";
  machine: MachineInfo;
  options: PlacementOptions;
  builtin: { noop: PerEvent; reclaim: PerEvent };
  rows: PlacementRow[];
  serverKill: { timeoutMs: number; heldMs: number };
  compartment: { processRealmUs: number; vmContextUs: number; vmContextLockdownMs: number };
  endToEnd: EndToEndRow[];
}

const NOOP = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ handlers: { "Translation.PageNotPresent": (args) => ({}) } });`;

const principal = { kind: "application", space: 0, name: "bench" } as const;

const key = { space: 0, vpn: 0, thread: 0 };
const pnpArgs = Array.from(
  { length: 1024 },
  (_, i) => ({ space: 0, thread: 0, vpn: i, access: "read", onSwap: false }) as never,
);
const resident = Array.from({ length: 64 }, (_, f) => ({
  frame: f,
  vpn: 4096 + f,
  referenced: f % 4 !== 3,
  dirty: f % 3 === 0,
  loadedAt: 1e6 * f,
  lastAccess: 2e6 * f,
}));
/**
 * As the kernel raises it: a ReclaimArgs whose resident list is built afresh for each event when
 * read (the built-in handler reads it), and whose rows a placement may read instead (the wire,
 * the native placement's kept list: kernel/events/rows.ts).
 */
const reclaimArgs = () =>
  new ReclaimArgs(
    0,
    7,
    () => resident.map((p) => ({ ...p })) as never,
    (visit) => {
      for (const p of resident) visit(p.frame, p.vpn, p.referenced ? 1 : 0, p.dirty ? 1 : 0, p.loadedAt, p.lastAccess);
      return resident.length;
    },
  ) as never;

/** The built-in floor of Reclaim: the same clock hand, as a trusted native handler. */
function nativeClock(): (args: { resident: readonly { frame: number; referenced: boolean }[] }) => unknown {
  let hand = 0;
  return (a) => {
    const pages = a.resident;
    const n = pages.length;
    let start = 0;
    while (start < n && pages[start]!.frame < hand) start++;
    if (start === n) start = 0;
    const cleared: number[] = [];
    for (let step = 0; step < n; step++) {
      const page = pages[(start + step) % n]!;
      if (!page.referenced) {
        hand = page.frame + 1;
        return { victim: page.frame, clearReferenced: cleared };
      }
      cleared.push(page.frame);
    }
    hand = pages[start]!.frame + 1;
    return { victim: pages[start]!.frame, clearReferenced: cleared.filter((f) => f !== pages[start]!.frame) };
  };
}

interface Placed {
  readonly noop: Dispatcher;
  readonly clock: Dispatcher;
  readonly vms: ExtensionVM[];
  readonly checkMs: number;
  readonly bootMs: number;
}

async function place(mode: ModeName, clockSource: string): Promise<Placed> {
  const api = apiDeclarationFile();
  const vms: ExtensionVM[] = [];
  let checkMs = 0;
  let bootMs = 0;
  const boot = async (file: string, source: string): Promise<SandboxHandlerDomain> => {
    const t0 = performance.now();
    const prepared = executionModes[mode].prepare(file, source, { apiDeclarationFile: api });
    const t1 = performance.now();
    const created = await createExtensionVM(mode, {
      source: prepared.js,
      filename: path.basename(file, ".ts"),
      limits: MEASURING_LIMITS,
    });
    const t2 = performance.now();
    if (!created.ok) throw new Error(`bench: ${file} in ${mode}: ${created.error.message}`);
    vms.push(created.value);
    checkMs = t1 - t0;
    bootMs = t2 - t1;
    return new SandboxHandlerDomain(created.value, { sourceFile: file });
  };
  const noop = benchDispatcher();
  const n = await boot("noop.ts", NOOP);
  noop.install("Translation.PageNotPresent", n.handler("Translation.PageNotPresent", 0, "noop"), {
    principal,
    options: { cancel: true },
  });
  const clock = benchDispatcher();
  const c = await boot("clock.ts", clockSource);
  clock.install("PhysAddr.Reclaim", c.handler("PhysAddr.Reclaim", 0, "clock"), {
    principal,
    options: { cancel: true },
  });
  return { noop, clock, vms, checkMs, bootMs };
}

/** A Compartment's call, in this realm (locked down by the native placement) and in a locked-down node:vm context. */
function compartmentCalls(N: number, reps: number, seed: number): PlacementResult["compartment"] {
  const frame = `(function () { "use strict"; const { Math } = globalThis; let fuel = 1e15;
    return function h(a) { if (--fuel < 0) throw 0; return a.x + Math.max(1, 2); }; })()`;
  const arg = Object.freeze({ x: 1 });
  const here = new (
    globalThis as unknown as { Compartment: new () => { evaluate(s: string): (a: unknown) => number } }
  ).Compartment();
  const h1 = here.evaluate(frame);
  const require = createRequire(import.meta.url);
  const sesUmd = fs.readFileSync(path.join(path.dirname(require.resolve("ses")), "..", "dist", "ses.umd.js"), "utf8");
  const t0 = performance.now();
  const context = vm.createContext({});
  vm.runInContext(sesUmd, context);
  vm.runInContext(`lockdown({ errorTaming: "unsafe", consoleTaming: "unsafe", stackFiltering: "verbose" })`, context);
  const lockMs = performance.now() - t0;
  const h2 = vm.runInContext(`new Compartment()`, context).evaluate(frame) as (a: unknown) => number;
  const r = interleaved(
    {
      here: { iterations: N * 50, raise: () => h1(arg) },
      context: { iterations: N * 50, raise: () => h2(arg) },
    },
    reps,
    seed,
  );
  return { processRealmUs: r.here!.us, vmContextUs: r.context!.us, vmContextLockdownMs: lockMs };
}

/** A server handler that never returns, with a 100 ms timeout: how long the kernel is held. */
async function serverKill(): Promise<{ timeoutMs: number; heldMs: number }> {
  const source = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ handlers: { "Translation.PageNotPresent": (args) => { let s = 0; while (s >= 0) s++; return {}; } } });`;
  const prepared = executionModes.server.prepare("spin.ts", source, { apiDeclarationFile: apiDeclarationFile() });
  const timeoutMs = 100;
  const created = await createExtensionVM("server", {
    source: prepared.js,
    filename: "spin.js",
    limits: { timeoutMs, budget: 1_000_000 },
  });
  if (!created.ok) throw created.error;
  const t0 = performance.now();
  const r = created.value.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: pnpArgs[0] }]);
  const heldMs = performance.now() - t0;
  if (r.ok || r.error.kind !== "timeout") throw new Error("bench: the runaway server was not stopped by its deadline");
  created.value.dispose();
  return { timeoutMs, heldMs };
}

/** Every placement side by side (see the module's comment); `onStep` is told of each stage. */
export async function measurePlacements(
  partial: Partial<PlacementOptions> = {},
  onStep?: (label: string) => void,
): Promise<PlacementResult> {
  const opts = { ...DEFAULT_PLACEMENT, ...partial };
  const machine = machineInfo();
  const clockSource = fs.readFileSync(path.join(packageRoot(), "examples", "pagers", "clock.ts"), "utf8");
  const placed: Partial<Record<ModeName, Placed>> = {};
  try {
    return await measurePlaced(opts, machine, clockSource, placed, onStep);
  } finally {
    for (const p of Object.values(placed)) for (const v of p.vms) if (v.state !== "disposed") v.dispose();
  }
}

async function measurePlaced(
  opts: PlacementOptions,
  machine: MachineInfo,
  clockSource: string,
  placed: Partial<Record<ModeName, Placed>>,
  onStep?: (label: string) => void,
): Promise<PlacementResult> {
  const N = opts.iterations;
  // native first: it locks this realm down, and every placement then runs in the same realm.
  for (const m of ["native", ...MODE_NAMES.filter((x) => x !== "native")] as ModeName[]) {
    placed[m] = await place(m, clockSource);
    onStep?.(`${m} loaded`);
  }

  const builtinNoop = benchDispatcher();
  builtinNoop.install(
    "Translation.PageNotPresent",
    nativeHandler("noop", () => ({})),
    { principal, options: { cancel: true } },
  );
  const builtinClock = benchDispatcher();
  builtinClock.install("PhysAddr.Reclaim", nativeHandler("clock", nativeClock() as never), {
    principal,
    options: { cancel: true },
  });

  const raiseNoop = (d: Dispatcher) => (i: number) => {
    key.vpn = i & 1023;
    d.raise("Translation.PageNotPresent", key, pnpArgs[i & 1023]!);
  };
  const raiseClock = (d: Dispatcher) => () => {
    d.raise("PhysAddr.Reclaim", key, reclaimArgs());
  };
  const iterationsOf = (m: ModeName | "builtin", reclaim: boolean): number => {
    const slow = m === "server" || PLACEMENTS[m === "builtin" ? "native" : m].engine === "quickjs";
    const base = slow && m !== "builtin" ? Math.max(200, N / 20) : N;
    return reclaim ? Math.max(100, base / 4) : base;
  };
  const subjects: Record<string, { iterations: number; raise: (i: number) => void }> = {
    "builtin noop": { iterations: iterationsOf("builtin", false), raise: raiseNoop(builtinNoop) },
    "builtin reclaim": { iterations: iterationsOf("builtin", true), raise: raiseClock(builtinClock) },
  };
  for (const m of MODE_NAMES) {
    subjects[`${m} noop`] = { iterations: iterationsOf(m, false), raise: raiseNoop(placed[m]!.noop) };
    subjects[`${m} reclaim`] = { iterations: iterationsOf(m, true), raise: raiseClock(placed[m]!.clock) };
  }
  const perEvent = interleaved(subjects, opts.reps, opts.seed);
  onStep?.("per-event blocks");
  for (const m of MODE_NAMES)
    for (const d of [placed[m]!.noop, placed[m]!.clock]) {
      const b = d.bindings()[0]!;
      if (b.account.failures > 0)
        throw new Error(
          `bench: ${b.event} failed in ${m} (${b.account.lastFault?.message}): the figures would not be its handler's`,
        );
    }
  const kill = await serverKill();
  const compartment = compartmentCalls(N, opts.reps, opts.seed);
  const endToEnd = await measureEndToEnd(opts.scenario, opts.reps, opts.seed, onStep);

  const rows = MODE_NAMES.map((m) => ({
    placement: m,
    engine: PLACEMENTS[m].engine,
    noop: perEvent[`${m} noop`]!,
    noopRatio: perEvent[`${m} noop`]!.us / perEvent["builtin noop"]!.us,
    reclaim: perEvent[`${m} reclaim`]!,
    reclaimRatio: perEvent[`${m} reclaim`]!.us / perEvent["builtin reclaim"]!.us,
    checkMs: placed[m]!.checkMs,
    bootMs: placed[m]!.bootMs,
  }));
  onStep?.("done");
  return {
    schema: "spin-bench-placement/1",
    machine: finished(machine),
    options: opts,
    builtin: { noop: perEvent["builtin noop"]!, reclaim: perEvent["builtin reclaim"]! },
    rows,
    serverKill: kill,
    compartment,
    endToEnd,
  };
}
