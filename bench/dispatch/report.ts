/**
 * What `spin bench dispatch` prints: the configurations (a legend), what each did per event, its
 * latency distribution with the 95% interval of its median, per-application and per-binding
 * distributions, the dispatcher's aims with their verdicts, the chart and the CSV. Tables keep
 * within 80 columns: configurations are named by a letter, spelled out in the legend.
 */
import { type BenchReport, type BenchTable, figure, formatBenchReport } from "../../render/bench-report.js";
import { FACTOR_COLORS, MARKERS, type MarkerFill, renderLineChart } from "../../render/svg-chart.js";
import { type Aim, type Cost, judgeAim, judgeCost } from "../aims.js";
import { type Distribution, medianInterval } from "../latency.js";
import { median } from "../stats.js";
import { machineLine } from "../machine.js";
import { BUILTIN, type AccountRow, type LayoutName, type Point, type SweepResult } from "./sweep.js";
import { KINDS, MATCHES, type Match } from "./options.js";

const us = figure;

function find(r: SweepResult, config: string, n: number): Point | undefined {
  return r.points.find((p) => p.config === config && p.handlers === n);
}

/** A typical event's cost: the median of the repetitions' median events (robust to the host's preemptions). */
export function typicalUs(p: Point): number {
  return median(p.p50SamplesUs);
}

/** A, B, …, Z, AA, AB, …: the letter of the i-th configuration. */
export function configId(i: number): string {
  let s = "";
  let n = i;
  do {
    s = String.fromCharCode(65 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

/** What the sweep concludes: the dispatcher's aims with their verdicts, the costs it found, and plain observations. */
export interface Summary {
  /** One of many: cost at the largest N with one matching handler / cost at N=1 (aim ≤ 1.5×), per kind and layout. */
  readonly aims: Aim[];
  /** Arming an interrupt handler and a meter per call (armed bare call − bare call). */
  readonly costs: Cost[];
  /** All N matching: one extension (one crossing) vs N extensions (N crossings), per placement, at the largest N both have. */
  readonly batchVsCrossings: { kind: string; n: number; sharedUs: number; separateUs: number; ratio: number }[];
  /** A no-op handler of each placement vs a built-in one, N=1, match one. */
  readonly vsBuiltin: { kind: string; us: number; builtinUs: number; ratio: number }[];
}

/** The aim of indexed guards: one matching handler among many costs at most this much more than alone. */
export const ONE_OF_MANY_AIM = 1.5;

export function summarize(r: SweepResult): Summary {
  const aims: Aim[] = [];
  const configs = [...new Set(r.points.map((p) => p.config))];
  for (const config of configs.filter((c) => c.endsWith("match one"))) {
    const ns = r.points.filter((p) => p.config === config).map((p) => p.handlers);
    if (ns.length < 2 || !ns.includes(1)) continue;
    const n = Math.max(...ns);
    const label = config.replace(/, match one$/, "");
    // Repetition i of every configuration ran in the same round: the ratio is taken pair by pair,
    // of the repetitions' median events (a typical event; the means carry the machine's preemptions).
    const many = find(r, config, n)!.p50SamplesUs;
    const one = find(r, config, 1)!.p50SamplesUs;
    const ratios = many.slice(0, one.length).map((x, i) => x / one[i]!);
    // Predicates are not indexed: each of the N runs for every event (expected to miss; measured).
    const by = r.options.guard === "predicate" ? " (predicate guards)" : "";
    aims.push(judgeAim(`${label}${by}: p50, N=${n} with one matching / N=1`, ratios, "≤", ONE_OF_MANY_AIM, "×"));
  }
  const costs = [
    judgeCost(
      "arming the interrupt handler and meter for untrusted code, per call",
      r.reference.bareCallArmedRoundsUs,
      r.reference.bareCallRoundsUs,
      " µs",
    ),
  ];
  const batchVsCrossings: Summary["batchVsCrossings"] = [];
  const vsBuiltin: Summary["vsBuiltin"] = [];
  const kinds = [...new Set(r.points.map((p) => p.kind))].filter((k) => k !== BUILTIN);
  const builtin = find(r, `${BUILTIN}, match one`, 1);
  for (const kind of kinds) {
    const shared = r.points.filter((p) => p.config === `${kind} shared, match all`);
    const each = r.points.filter((p) => p.config === `${kind} each, match all`);
    const common = shared.map((p) => p.handlers).filter((n) => n > 1 && each.some((q) => q.handlers === n));
    if (common.length > 0) {
      const n = Math.max(...common);
      const sharedUs = typicalUs(find(r, `${kind} shared, match all`, n)!);
      const separateUs = typicalUs(find(r, `${kind} each, match all`, n)!);
      batchVsCrossings.push({ kind, n, sharedUs, separateUs, ratio: sharedUs / separateUs });
    }
    const one = r.points.find(
      (p) => p.kind === kind && p.match === "one" && p.handlers === p.perExtension && p.extensions === 1,
    );
    if (one && builtin)
      vsBuiltin.push({
        kind,
        us: typicalUs(one),
        builtinUs: typicalUs(builtin),
        ratio: typicalUs(one) / typicalUs(builtin),
      });
  }
  return { aims, costs, batchVsCrossings, vsBuiltin };
}

const ciText = (p: Point) => (p.ci ? `${us(p.ci.lo)}–${us(p.ci.hi)}` : "-");
const distCells = (d: Distribution) => [us(d.p50Us), us(d.p90Us), us(d.p99Us), us(d.p999Us), us(d.maxUs)];
const shapeText = (p: Point) => (p.kind === BUILTIN ? "-" : `${p.extensions}×${p.perExtension}`);

function accountTable(caption: string, rows: readonly AccountRow[], limit = 6): BenchTable {
  const shown = rows.length > limit ? rows.slice(0, limit - 1) : rows;
  const body: (string | number)[][] = shown.map((a) => [
    a.binding,
    a.app,
    a.invocations,
    a.failures,
    a.fuel,
    us(a.latency.p50Us),
    us(a.latency.p99Us),
    us(a.latency.maxUs),
    Object.entries(a.faults)
      .map(([k, v]) => `${k}:${v}`)
      .join(" ") || "-",
  ]);
  if (rows.length > limit) {
    const rest = rows.slice(limit - 1);
    const sum = (f: (a: AccountRow) => number) => rest.reduce((t, a) => t + f(a), 0);
    body.push([
      `… ${rest.length} more`,
      "",
      sum((a) => a.invocations),
      sum((a) => a.failures),
      sum((a) => a.fuel),
      "",
      "",
      "",
      "",
    ]);
  }
  return { caption, head: ["binding", "app", "calls", "failed", "fuel", "p50", "p99", "max", "faults"], rows: body };
}

/** The sweep as the one report format of `spin bench` (render/bench-report.ts). */
export function sweepReport(r: SweepResult): BenchReport {
  const o = r.options;
  const s = summarize(r);
  const configs = [...new Set(r.points.map((p) => p.config))];
  const id = new Map(configs.map((c, i) => [c, configId(i)]));
  const tables: BenchTable[] = [
    {
      caption: "configurations:",
      head: ["id", "configuration", "N", "M×K", "matched", "crossings", "fuel/event"],
      rows: r.points.map((p) => [
        id.get(p.config)!,
        p.config,
        p.handlers,
        shapeText(p),
        p.matchedPerEvent.toFixed(p.matchedPerEvent % 1 === 0 ? 0 : 2),
        p.crossingsPerEvent.toFixed(p.crossingsPerEvent % 1 === 0 ? 0 : 2),
        p.fuelPerEvent.toFixed(1),
      ]),
      align: ["left", "left", "right", "right", "right", "right", "right"],
    },
    {
      caption: "µs per event: median of the repetitions' means, its 95% interval, percentiles:",
      head: ["id", "N", "median", "95% CI", "p50", "p90", "p99", "p99.9", "max"],
      rows: r.points.map((p) => [id.get(p.config)!, p.handlers, us(p.medianUs), ciText(p), ...distCells(p.latency)]),
    },
  ];
  if (o.apps > 1) {
    const largest = configs.map((c) => r.points.filter((p) => p.config === c).at(-1)!);
    tables.push({
      caption: `µs per event by application (${o.apps} of them), the largest N of each:`,
      head: ["id", "N", "app", "events", "p50", "p90", "p99", "p99.9", "max"],
      rows: largest.flatMap((p) =>
        p.perApp.map((a) => [id.get(p.config)!, p.handlers, a.app, a.latency.count, ...distCells(a.latency)]),
      ),
    });
  }
  for (const a of r.accounts)
    tables.push(
      accountTable(`bindings of ${id.get(a.config)} (${a.config}), N=${a.handlers}, host µs per call:`, a.rows),
    );
  tables.push(
    accountTable(
      `competing: one spins forever (budget 1 poll), three are no-ops, ${r.competition.events} events:`,
      r.competition.rows,
    ),
  );
  const ref = r.reference;
  const notes = [
    "reference points, same run, µs per call (ratios below: of median events):",
    `  one clock read (in every per-event latency once)      ${us(ref.clockReadUs)}`,
    `  bare quickjs-emscripten callFunction, 3 numbers       ${us(ref.bareCallUs)}`,
    `  … with interrupt handler + meter/deadline armed       ${us(ref.bareCallArmedUs)}`,
    `  SandboxVM.invoke of a no-op handler (no dispatcher)   ${us(ref.vmInvokeUs)}`,
  ];
  for (const b of s.batchVsCrossings)
    notes.push(
      `  ${b.kind}, ${b.n} matching: 1 extension ${us(b.sharedUs)} µs vs ${b.n} ${us(b.separateUs)} µs: ${b.ratio.toFixed(2)}×`,
    );
  for (const v of s.vsBuiltin)
    notes.push(`  one ${v.kind} handler ${us(v.us)} µs vs built-in ${us(v.builtinUs)} µs: ${v.ratio.toFixed(1)}×`);
  const legend = [
    `guards: ${o.guard}; applications: ${o.apps}; results: ${o.result === "vote" ? "a vote of all" : "the last wins"}${o.event === "PhysAddr.Reclaim" ? `; ${o.resident} resident pages` : ""}${o.ext ? `; extension ${o.ext}` : ""}`,
  ];
  return {
    title: `spin bench dispatch: ${r.event}, ${o.events} seeded events\n${o.reps} repetition${o.reps === 1 ? "" : "s"} (each ≥ 5 ms, shuffled order) after ${o.warmup} warm-up events\n${legend[0]}`,
    machine: machineLine(r.machine),
    tables,
    notes,
    aims: s.aims,
    costs: s.costs,
  };
}

export function formatSweep(r: SweepResult): string {
  return formatBenchReport(sweepReport(r));
}

const CSV_HEAD = [
  "scope",
  "config",
  "kind",
  "layout",
  "match",
  "guard",
  "extensions",
  "per_extension",
  "handlers",
  "app",
  "binding",
  "matched_per_event",
  "crossings_per_event",
  "median_us",
  "ci_lo_us",
  "ci_hi_us",
  "count",
  "mean_us",
  "p50_us",
  "p90_us",
  "p99_us",
  "p999_us",
  "max_us",
  "fuel_per_event",
];

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One line per configuration and size (`event`), per application (`app`) and per binding (`binding`). */
export function sweepCsv(r: SweepResult): string {
  const lines = [CSV_HEAD.join(",")];
  const dist = (d: Distribution) => [d.count, d.meanUs, d.p50Us, d.p90Us, d.p99Us, d.p999Us, d.maxUs];
  const shape = (p: Point) => [p.config, p.kind, p.layout, p.match, p.guard, p.extensions, p.perExtension, p.handlers];
  for (const p of r.points) {
    const base = [p.matchedPerEvent, p.crossingsPerEvent, p.medianUs, p.ci?.lo ?? "", p.ci?.hi ?? ""];
    lines.push(["event", ...shape(p), "", "", ...base, ...dist(p.latency), p.fuelPerEvent].map(csvCell).join(","));
    for (const a of p.perApp)
      lines.push(["app", ...shape(p), a.app, "", "", "", "", "", "", ...dist(a.latency), ""].map(csvCell).join(","));
  }
  for (const a of r.accounts) {
    const p = r.points.find((q) => q.config === a.config && q.handlers === a.handlers)!;
    for (const row of a.rows)
      lines.push(
        ["binding", ...shape(p), row.app, row.binding, "", "", "", "", "", ...dist(row.latency), ""]
          .map(csvCell)
          .join(","),
      );
  }
  return `${lines.join("\n")}\n`;
}

/** A configuration's look, from its factors: placement → marker and colour, layout → dash, match → the marker's fill. */
const KIND_STYLE = new Map(
  KINDS.map((k, i) => [k, { color: FACTOR_COLORS[i % FACTOR_COLORS.length]!, marker: MARKERS[i % MARKERS.length]! }]),
);
const LAYOUT_DASH: Readonly<Record<LayoutName, string>> = {
  builtin: "",
  "one-sandbox-each": "",
  shared: "7 3",
  grid: "9 3 2 3",
  ext: "2 3",
};
const LAYOUT_LABEL: Readonly<Record<LayoutName, string>> = {
  builtin: "built-in handlers",
  "one-sandbox-each": "each: one sandbox per handler",
  shared: "shared: one sandbox, N handlers",
  grid: "grid: M sandboxes × K handlers",
  ext: "--ext: copies of the extension",
};
const MATCH_FILL: Readonly<Record<Match, MarkerFill>> = { none: "open", one: "dot", all: "solid" };
/** How far apart (px) the placements' points of one N are set, so that equal costs do not hide each other. */
const DODGE_PX = 3;

export function sweepChart(r: SweepResult): string {
  const configs = [...new Set(r.points.map((p) => p.config))];
  const first = (c: string) => r.points.find((p) => p.config === c)!;
  const m = r.machine;
  const load = (l: readonly number[]) => (l[0] ?? 0).toFixed(1);
  const present = <T>(values: readonly T[], of: (p: Point) => T) =>
    values.filter((v) => r.points.some((p) => of(p) === v));
  const layouts = [...new Set(r.points.map((p) => p.layout))];
  return renderLineChart({
    title: `Dispatch cost of one ${r.event} event vs installed handlers`,
    caption: `median event of ${r.options.reps} interleaved repetitions; bars: its 95% interval; points of one N set ${DODGE_PX} px apart by placement; ${m.cpus} × ${m.cpuModel}, Node ${m.node}, load ${load(m.loadStart)} at start, ${load(m.loadEnd)} at end`,
    xLabel: "installed handlers N (log scale)",
    yLabel: "cost per event, µs (median event, log scale)",
    logX: true,
    logY: true,
    errors: "bars",
    series: configs.map((c) => {
      const pts = r.points.filter((p) => p.config === c);
      const p0 = first(c);
      return {
        name: c,
        points: pts.map((p) => [p.handlers, typicalUs(p)] as const),
        bands: pts.flatMap((p) => {
          const ci = medianInterval(p.p50SamplesUs);
          return ci ? [[p.handlers, ci.lo, ci.hi] as const] : [];
        }),
        style: { ...KIND_STYLE.get(p0.kind)!, dash: LAYOUT_DASH[p0.layout], fill: MATCH_FILL[p0.match] },
        dodgePx: DODGE_PX * (KINDS.indexOf(p0.kind) - (KINDS.length - 1) / 2),
      };
    }),
    legend: [
      {
        title: "placement (marker, colour)",
        entries: present(KINDS, (p) => p.kind).map((k) => ({ label: k, style: { ...KIND_STYLE.get(k)!, dash: "" } })),
      },
      {
        title: "layout (line)",
        entries: layouts
          .filter((l) => l !== "builtin")
          .map((l) => ({ label: LAYOUT_LABEL[l], style: { color: "#555", dash: LAYOUT_DASH[l] } })),
      },
      {
        title: "handlers matching (fill)",
        entries: present(MATCHES, (p) => p.match).map((x) => ({
          label: x === "none" ? "none of N" : x === "one" ? "one of N" : "all N",
          style: { color: "#555", marker: "circle" as const, fill: MATCH_FILL[x], dash: "" },
        })),
      },
    ],
    references: [
      { name: `bare callFunction ${us(r.reference.bareCallUs)} µs`, y: r.reference.bareCallUs },
      { name: `SandboxVM.invoke ${us(r.reference.vmInvokeUs)} µs`, y: r.reference.vmInvokeUs },
    ],
  });
}
