/**
 * One format for every benchmark `spin bench` prints: a title, the machine, the measurements as
 * tables, then what they conclude: each aim with its verdict (met, missed, inconclusive) and each
 * cost found as a difference of two measurements (or that it was below the noise: never a
 * negative cost). The benchmarks return this as data (bench/); this module only draws it.
 */
import { table } from "./table.js";

export type Verdict = "met" | "missed" | "inconclusive";

/**
 * A figure with a target: `value` is the median of the repetitions, `lo`–`hi` its 95% confidence
 * interval (`interval: "ci95"`) or, with too few repetitions for one, their range (`"range"`).
 */
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
  /** Repetitions judged. */
  readonly n: number;
  readonly interval: "ci95" | "range";
  /** `met` or `missed` only when the whole interval lies on one side of the target. */
  readonly verdict: Verdict;
  /** Why it is inconclusive: "spread too wide", or too few repetitions (and how many to run). */
  readonly reason?: string;
}

/** What something costs, as the difference of paired measurements with and without it. */
export interface Cost {
  readonly name: string;
  /** The median of the paired differences, when its interval lies above zero; else null. */
  readonly value: number | null;
  readonly measured: boolean;
  /** The 95% interval of that median, when there were enough pairs for one. */
  readonly lo?: number;
  readonly hi?: number;
  /** Why it is not reported as a cost. */
  readonly reason?: string;
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

/** `1.20–1.40` for a 95% interval, `[1.20, 1.40] range` when there were too few repetitions for one. */
function intervalText(a: Aim): string {
  return a.interval === "ci95" ? `${figure(a.lo)}–${figure(a.hi)}` : `range ${figure(a.lo)}–${figure(a.hi)}`;
}

function aimLines(a: Aim): string[] {
  const verdict = a.verdict === "inconclusive" && a.reason !== undefined ? `inconclusive: ${a.reason}` : a.verdict;
  return [
    `  ${a.name}`,
    `    ${figure(a.value)}${a.unit} (${intervalText(a)}, n=${a.n}), aim ${a.op} ${figure(a.target)}${a.unit}:`,
    `    ${verdict}`,
  ];
}

function costLines(c: Cost): string[] {
  if (c.measured && c.value !== null) {
    const ci = c.lo !== undefined && c.hi !== undefined ? ` (95% CI ${figure(c.lo)}–${figure(c.hi)})` : "";
    return [`  ${c.name}:`, `    ${figure(c.value)}${c.unit}${ci}`];
  }
  return [
    `  ${c.name}:`,
    `    below the noise of this measurement (${c.reason ?? "not measured"}):`,
    `    with ${figure(c.withValue)}${c.unit}, without ${figure(c.withoutValue)}${c.unit}`,
  ];
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
  if (r.costs !== undefined && r.costs.length > 0) lines.push("", "costs:", ...r.costs.flatMap(costLines));
  if (r.aims.length > 0) {
    lines.push("", "aims (median, 95% confidence interval of the median, repetitions):", ...r.aims.flatMap(aimLines));
    lines.push(`${verdictSummary(r.aims)} (met or missed only when the whole interval agrees)`);
  }
  return lines.join("\n");
}
