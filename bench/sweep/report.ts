/**
 * What `spin sweep` prints or writes: a table per workload and seed (frame counts down, series
 * across), the anomalies (a series that faults more with more frames: Belady's), CSV with one row
 * per run, and the fault curve as SVG.
 */
import { renderLineChart } from "../../render/svg-chart.js";
import { table } from "../../render/table.js";
import { METRICS, type SweepMetric } from "./metrics.js";
import type { SweepResult, SweepRow } from "./run.js";

/** The rows of one workload and seed, in the result's order. */
function groups(result: SweepResult): { workload: string; seed: number; rows: SweepRow[] }[] {
  const out: { workload: string; seed: number; rows: SweepRow[] }[] = [];
  for (const row of result.rows) {
    const last = out.at(-1);
    if (last !== undefined && last.workload === row.workload && last.seed === row.seed) last.rows.push(row);
    else out.push({ workload: row.workload, seed: row.seed, rows: [row] });
  }
  return out;
}

function cell(metric: SweepMetric, v: number | null): string {
  if (v === null) return "–";
  if (metric === "miss-ratio") return v.toFixed(4);
  if (metric === "simulated-ms") return v.toFixed(3);
  return String(v);
}

/** Every place where a series faults more with more frames: `fifo: 9 faults at 3 frames, 10 at 4`. */
export function anomalies(rows: readonly SweepRow[]): string[] {
  const out: string[] = [];
  const bySeries = new Map<string, SweepRow[]>();
  for (const r of rows) bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r]);
  for (const [series, list] of bySeries) {
    const sorted = [...list].sort((a, b) => a.frames - b.frames);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      if (b.faults > a.faults)
        out.push(`${series}: ${a.faults} faults at ${a.frames} frames, ${b.faults} at ${b.frames}`);
    }
  }
  return out;
}

export function formatSweep(result: SweepResult, metric: SweepMetric = "faults"): string {
  const parts: string[] = [];
  const labels = result.series.map((s) => s.label);
  for (const g of groups(result)) {
    const at = new Map(g.rows.map((r) => [`${r.series}\u0000${r.frames}`, r]));
    const body = result.frames.map((f) => [
      f,
      ...labels.map((s) => {
        const r = at.get(`${s}\u0000${f}`);
        return r === undefined ? "" : cell(metric, METRICS[metric].value(r));
      }),
    ]);
    const refs = g.rows[0]?.references ?? 0;
    parts.push(`${g.workload} (seed ${g.seed}, ${refs.toLocaleString("en-US")} references): ${METRICS[metric].label}`);
    parts.push(table(["frames", ...labels], body));
    const odd = anomalies(g.rows);
    const fixed = result.workloads.find((w) => w.name === g.workload)?.fixedOrder ?? false;
    const why = fixed
      ? "Belady's anomaly"
      : "with several threads making references, their interleaving changes with the frames too";
    parts.push(
      odd.length === 0
        ? "no series faults more with more frames"
        : `more frames, more faults (${why}):\n${odd.map((o) => `  ${o}`).join("\n")}`,
    );
    const failed = g.rows.filter((r) => !r.checkOk);
    if (failed.length > 0)
      parts.push(
        `the kernel's check FAILED in ${failed.length} run${failed.length === 1 ? "" : "s"}: ${failed.map((r) => `${r.series} at ${r.frames} frames`).join(", ")}`,
      );
    parts.push("");
  }
  parts.push(...result.notes.map((n) => `note: ${n}`));
  if (metric === "simulated-ms" && result.rows.some((r) => r.simulatedNs === null))
    parts.push("note: – is a count from LRU's one pass, which has no simulated time (--no-stack runs the kernel)");
  return parts.join("\n").trimEnd();
}

/** A CSV field: quoted when it must be (RFC 4180), and text a spreadsheet would run as a formula made inert. */
function csvField(v: string | number | boolean | null): string {
  if (v === null) return "";
  if (typeof v !== "string") return String(v);
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  "workload",
  "seed",
  "series",
  "frames",
  "source",
  "references",
  "faults",
  "majorFaults",
  "minorFaults",
  "evictions",
  "writeBacks",
  "prefetches",
  "missRatio",
  "simulatedNs",
  "checkOk",
] as const satisfies readonly (keyof SweepRow)[];

/** One line per run, in the result's order, under a header of CSV_COLUMNS. */
export function sweepCsv(result: SweepResult): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const r of result.rows) lines.push(CSV_COLUMNS.map((c) => csvField(r[c])).join(","));
  return `${lines.join("\n")}\n`;
}

/**
 * The curve of `metric` over the frame counts: one line per series (per workload and seed when
 * there are several). Series with the same figures at every count would hide one another: they
 * share one line, named together (`fifo = clock`).
 */
export function sweepChart(result: SweepResult, metric: SweepMetric = "faults"): string {
  const gs = groups(result);
  const lines = new Map<string, { names: string[]; points: (readonly [number, number])[] }>();
  for (const g of gs)
    for (const s of result.series) {
      const points = g.rows
        .filter((r) => r.series === s.label)
        .flatMap((r) => {
          const v = METRICS[metric].value(r);
          return v === null ? [] : [[r.frames, v] as const];
        });
      const name = gs.length === 1 ? s.label : `${g.workload} seed ${g.seed}: ${s.label}`;
      const key = JSON.stringify(points);
      const same = lines.get(key);
      if (same !== undefined && points.length > 0) same.names.push(name);
      else lines.set(points.length > 0 ? key : `\u0000${name}`, { names: [name], points });
    }
  const lo = result.frames[0] ?? 1;
  const hi = result.frames.at(-1) ?? 1;
  const workloads = result.workloads.map((w) => w.name).join(", ");
  return renderLineChart({
    title: `${METRICS[metric].label} by frames: ${workloads}`,
    xLabel: "physical frames",
    yLabel: METRICS[metric].label,
    series: [...lines.values()].map((l) => ({ name: l.names.join(" = "), points: l.points })),
    logX: hi / lo > 16,
    pointLabel: "frames",
  });
}
