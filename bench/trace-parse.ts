/**
 * How fast a large trace is parsed: a seeded 1,000,000-line `R|W <hex address> <app>` trace (the
 * figure test/workloads/trace.test.ts used to bound by wall clock; an accidental quadratic
 * would show here as minutes).
 *
 *   npm run build && node dist/bench/trace-parse.js [lines] [--json]
 */
import { pathToFileURL } from "node:url";
import { parseTrace } from "../workloads/trace.js";
import { median, timeMs } from "./stats.js";

export interface TraceParseBench {
  readonly lines: number;
  readonly bytes: number;
  readonly reps: number;
  readonly medianMs: number;
  readonly minMs: number;
  readonly linesPerSecond: number;
}

/** The trace: two applications, a third of the references writes, addresses spread over 4 MB. */
export function traceText(lines: number): Buffer {
  const out: string[] = [];
  for (let i = 0; i < lines; i++)
    out.push(`${i % 3 ? "R" : "W"} 0x${(0x10000000 + ((i * 7919) % 4_000_000)).toString(16)} ${i & 1}`);
  return Buffer.from(out.join("\n"));
}

export function benchTraceParse(lines = 1_000_000, reps = 5): TraceParseBench {
  const bytes = traceText(lines);
  parseTrace(bytes, "warm-up.trace");
  const samples: number[] = [];
  for (let r = 0; r < reps; r++) {
    const { ms, value } = timeMs(() => parseTrace(bytes, "bench.trace"));
    if (value.references !== lines) throw new Error(`bench: parsed ${value.references} references of ${lines}`);
    samples.push(ms);
  }
  const medianMs = median(samples);
  return {
    lines,
    bytes: bytes.length,
    reps,
    medianMs,
    minMs: Math.min(...samples),
    linesPerSecond: lines / (medianMs / 1000),
  };
}

export function formatTraceParse(r: TraceParseBench): string {
  return (
    `## trace parsing: ${r.lines.toLocaleString("en-US")} lines (${(r.bytes / 1048576).toFixed(1)} MiB), median of ${r.reps}\n` +
    `${r.medianMs.toFixed(0)} ms (min ${r.minMs.toFixed(0)} ms), ${(r.linesPerSecond / 1e6).toFixed(2)} M lines/s`
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const lines = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const r = benchTraceParse(lines);
  console.log(process.argv.includes("--json") ? JSON.stringify(r, null, 2) : formatTraceParse(r));
}
