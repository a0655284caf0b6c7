/**
 * One format for every benchmark `spin bench` prints: a title, the machine, the measurements as
 * tables, then what they conclude: each aim with its verdict (met, missed, inconclusive) and each
 * cost found as a difference of two measurements (or that it was below the noise: never a
 * negative cost). The benchmarks return this as data (bench/); this module only draws it.
 */
import { table } from "./table.js";

export type Verdict = "met" | "missed" | "inconclusive";

/** A figure with a target: `value` is the median of the repetitions, `lo`–`hi` their range. */
export interface Aim {
  /** What is measured, e.g. "throughput, kernel / ceiling". */
  readonly name: string;
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  readonly op: "≥" | "≤";
  readonly target: number;
  /** Appended to the figures: "×", " µs", "". */
  readonly unit: string;
  /** `met` or `missed` only when every repetition agrees. */
  readonly verdict: Verdict;
}

/** What something costs, as the difference of paired measurements with and without it. */
export interface Cost {
  readonly name: string;
  /** The median of the paired differences, when every pair showed a cost; else null. */
  readonly value: number | null;
  readonly measured: boolean;
  /** The medians of the two measurements compared. */
  readonly withValue: number;
  readonly withoutValue: number;
  readonly unit: string;
}

export interface BenchTable {
  /** A line above the table (e.g. "accounts, sandboxed shared, N=64:"). */
  readonly caption?: string;
  readonly head: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly align?: readonly ("left" | "right")[];
}

export interface BenchReport {
  /** `spin bench <name>: what was run`. */
  readonly title: string;
  /** `machine: …` */
  readonly machine: string;
  readonly tables: readonly BenchTable[];
  /** Lines under the tables (reference points, notes); plain text. */
  readonly notes?: readonly string[];
  readonly aims: readonly Aim[];
  readonly costs?: readonly Cost[];
}

/** A figure with 2 significant decimals below 10, 1 below 100, none above. */
export function figure(v: number): string {
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function aimRow(a: Aim): string[] {
  const range = a.lo === a.hi ? "" : ` (${figure(a.lo)}–${figure(a.hi)})`;
  return [a.name, `${figure(a.value)}${a.unit}${range}`, `${a.op} ${figure(a.target)}${a.unit}`, a.verdict];
}

function costLine(c: Cost): string {
  if (c.measured && c.value !== null) return `${c.name}: ${figure(c.value)}${c.unit}`;
  return `${c.name}: below the noise of this measurement (with ${figure(c.withValue)}${c.unit}, without ${figure(c.withoutValue)}${c.unit}; the repetitions do not all show a cost)`;
}

/** The verdicts alone, e.g. `aims: 1 met, 1 inconclusive`. */
export function verdictSummary(aims: readonly Aim[]): string {
  const order: Verdict[] = ["met", "missed", "inconclusive"];
  const parts = order
    .map((v) => [v, aims.filter((a) => a.verdict === v).length] as const)
    .filter(([, n]) => n > 0)
    .map(([v, n]) => `${n} ${v}`);
  return `aims: ${parts.length > 0 ? parts.join(", ") : "none"}`;
}

export function formatBenchReport(r: BenchReport): string {
  const lines: string[] = [r.title, r.machine];
  for (const t of r.tables) {
    lines.push("");
    if (t.caption !== undefined) lines.push(t.caption);
    lines.push(table(t.head, t.rows, t.align));
  }
  if (r.notes !== undefined && r.notes.length > 0) lines.push("", ...r.notes);
  if (r.costs !== undefined && r.costs.length > 0) lines.push("", "costs:", ...r.costs.map((c) => `  ${costLine(c)}`));
  if (r.aims.length > 0) {
    lines.push(
      "",
      table(["aim", "measured (range)", "target", "verdict"], r.aims.map(aimRow), ["left", "right", "right", "left"]),
    );
    lines.push(`${verdictSummary(r.aims)} (met or missed only when every repetition agrees)`);
  }
  return lines.join("\n");
}
