/** What `spin bench dispatch` prints: a table, a summary of the dispatcher's aims, and the chart. */
import { type BenchReport, type BenchTable, formatBenchReport } from "../../render/bench-report.js";
import { renderLineChart } from "../../render/svg-chart.js";
import { type Aim, type Cost, judgeAim, judgeCost } from "../aims.js";
import type { AccountRow, Point, SweepResult } from "./sweep.js";

const us = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function find(r: SweepResult, config: string, n: number): Point | undefined {
  return r.points.find((p) => p.config === config && p.handlers === n);
}

/** What the sweep concludes: the dispatcher's aims with their verdicts, the costs it found, and plain observations. */
export interface Summary {
  /** One of many: cost at the largest N with one matching handler / cost at N=1 (aim ≤ 1.5×), per layout. */
  readonly aims: Aim[];
  /** Arming an interrupt handler and a meter per call (armed bare call − bare call). */
  readonly costs: Cost[];
  /** All N matching: one sandbox (one crossing) vs N sandboxes (N crossings), at the largest N both have. */
  readonly batchVsCrossings?: { n: number; sharedUs: number; separateUs: number; ratio: number };
  /** A no-op sandboxed handler vs a native one, N=1, match one. */
  readonly sandboxedVsNative?: { sandboxedUs: number; nativeUs: number; ratio: number };
}

/** The aim of indexed guards: one matching handler among many costs at most this much more than alone. */
export const ONE_OF_MANY_AIM = 1.5;

export function summarize(r: SweepResult): Summary {
  const aims: Aim[] = [];
  for (const [label, config] of [
    ["native", "native, match one"],
    ["sandboxed shared", "sandboxed shared, match one"],
    ["sandboxed one-sandbox-each", "sandboxed one-sandbox-each, match one"],
  ] as const) {
    const ns = r.points.filter((p) => p.config === config).map((p) => p.handlers);
    if (ns.length < 2 || !ns.includes(1)) continue;
    const n = Math.max(...ns);
    const many = find(r, config, n)!.samplesUs;
    const one = find(r, config, 1)!.samplesUs;
    // Repetition i of every configuration ran back to back: the ratio is taken pair by pair.
    const ratios = many.slice(0, one.length).map((x, i) => x / one[i]!);
    aims.push(judgeAim(`${label}: N=${n} with one matching / N=1`, ratios, "≤", ONE_OF_MANY_AIM, "×"));
  }
  const costs = [
    judgeCost(
      "arming the interrupt handler and meter for untrusted code, per call",
      r.reference.bareCallArmedRoundsUs,
      r.reference.bareCallRoundsUs,
      " µs",
    ),
  ];
  const s: { -readonly [K in keyof Summary]: Summary[K] } = { aims, costs };
  const shared = r.points.filter((p) => p.config === "sandboxed shared, match all");
  const each = r.points.filter((p) => p.config === "sandboxed one-sandbox-each, match all");
  const common = shared.map((p) => p.handlers).filter((n) => n > 1 && each.some((q) => q.handlers === n));
  if (common.length > 0) {
    const n = Math.max(...common);
    const sharedUs = find(r, "sandboxed shared, match all", n)!.medianUs;
    const separateUs = find(r, "sandboxed one-sandbox-each, match all", n)!.medianUs;
    s.batchVsCrossings = { n, sharedUs, separateUs, ratio: sharedUs / separateUs };
  }
  const sb = find(r, "sandboxed shared, match one", 1) ?? find(r, "sandboxed one-sandbox-each, match one", 1);
  const nat = find(r, "native, match one", 1);
  if (sb && nat)
    s.sandboxedVsNative = { sandboxedUs: sb.medianUs, nativeUs: nat.medianUs, ratio: sb.medianUs / nat.medianUs };
  return s;
}

function accountTable(caption: string, rows: readonly AccountRow[], limit = 6): BenchTable {
  const shown = rows.length > limit ? [...rows.slice(0, limit - 1)] : [...rows];
  const body: (string | number)[][] = shown.map((a) => [
    a.extension,
    a.bindings,
    a.invocations,
    a.failures,
    a.instructions,
    a.hostUs.toFixed(0),
    Object.entries(a.faults)
      .map(([k, v]) => `${k}:${v}`)
      .join(" ") || "-",
  ]);
  if (rows.length > limit) {
    const rest = rows.slice(limit - 1);
    const sum = (f: (a: AccountRow) => number) => rest.reduce((t, a) => t + f(a), 0);
    body.push([
      `… ${rest.length} more`,
      sum((a) => a.bindings),
      sum((a) => a.invocations),
      sum((a) => a.failures),
      sum((a) => a.instructions),
      sum((a) => a.hostUs).toFixed(0),
      "",
    ]);
  }
  return {
    caption,
    head: ["extension", "bindings", "invocations", "failures", "instructions", "host µs", "faults"],
    rows: body,
  };
}

/** The sweep as the one report format of `spin bench` (render/bench-report.ts). */
export function sweepReport(r: SweepResult): BenchReport {
  const o = r.options;
  const s = summarize(r);
  const tables: BenchTable[] = [
    {
      head: ["configuration", "N", "matched", "crossings", "µs/event", "min", "max", "µs/handler", "instr/event"],
      rows: r.points.map((p) => [
        p.config,
        p.handlers,
        p.matchedPerEvent,
        p.crossingsPerEvent,
        us(p.medianUs),
        us(p.minUs),
        us(p.maxUs),
        us(p.perHandlerUs),
        p.instructionsPerEvent.toFixed(2),
      ]),
    },
  ];
  for (const a of r.accounts) {
    if (a.config.startsWith("native")) continue;
    tables.push(
      accountTable(
        `accounts, ${a.config}, N=${a.handlers} (binding accounting in the dispatcher; a batch's instructions are charged to its first handler, its host time split evenly):`,
        a.rows,
      ),
    );
  }
  tables.push(
    accountTable(
      `competing handlers: one extension spins forever (budget 1 poll), three are no-ops; ${r.competition.events} events:`,
      r.competition.rows,
    ),
  );
  const notes = [
    "reference points, same run:",
    `  bare quickjs-emscripten callFunction, 3 numbers (baseline)    ${us(r.reference.bareCallUs)} µs`,
    `  … with interrupt handler + meter/deadline armed per call       ${us(r.reference.bareCallArmedUs)} µs`,
    `  SandboxVM.invoke of a no-op handler (no dispatcher)             ${us(r.reference.vmInvokeUs)} µs`,
  ];
  if (s.batchVsCrossings) {
    const b = s.batchVsCrossings;
    notes.push(
      `  ${b.n} all-matching handlers: one sandbox (1 crossing) ${us(b.sharedUs)} µs vs ${b.n} sandboxes (${b.n} crossings) ${us(b.separateUs)} µs: ${b.ratio.toFixed(2)}×`,
    );
  }
  if (s.sandboxedVsNative) {
    const v = s.sandboxedVsNative;
    notes.push(
      `  no-op sandboxed handler ${us(v.sandboxedUs)} µs vs native ${us(v.nativeUs)} µs per event: ${v.ratio.toFixed(1)}×`,
    );
  }
  return {
    title: `spin bench dispatch: ${r.event}, ${o.events} seeded events × ${o.reps} repetitions (each ≥ 5 ms) after ${o.warmup} warm-up events`,
    machine: `machine: ${r.machine.cpus} cores, ${r.machine.cpuModel}, Node ${r.machine.node}`,
    tables,
    notes,
    aims: s.aims,
    costs: s.costs,
  };
}

export function formatSweep(r: SweepResult): string {
  return formatBenchReport(sweepReport(r));
}

export function sweepChart(r: SweepResult): string {
  const configs = [...new Set(r.points.map((p) => p.config))];
  return renderLineChart({
    title: `Dispatch cost of one ${r.event} event vs installed handlers (${r.machine.cpus} cores, Node ${r.machine.node})`,
    xLabel: "installed handlers N (log scale)",
    yLabel: "cost per event, µs (median, log scale)",
    logX: true,
    logY: true,
    series: configs.map((c) => ({
      name: c,
      points: r.points.filter((p) => p.config === c).map((p) => [p.handlers, p.medianUs] as const),
    })),
    references: [
      { name: `bare callFunction ${us(r.reference.bareCallUs)} µs`, y: r.reference.bareCallUs },
      { name: `SandboxVM.invoke ${us(r.reference.vmInvokeUs)} µs`, y: r.reference.vmInvokeUs },
    ],
  });
}
