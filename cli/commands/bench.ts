/**
 * `spin bench`: what the kernel costs. `spin bench` alone lists what it can measure;
 * `spin bench dispatch` sweeps the dispatcher over installed handlers; `spin bench kernel` measures
 * simulation throughput against a plain-loop ceiling.
 */
import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { formatSweep, summarize, sweepChart } from "../../bench/dispatch/report.js";
import {
  DEFAULT_SWEEP,
  KINDS,
  LAYOUTS,
  MATCHES,
  MAX_HANDLERS,
  runSweep,
  type Progress,
  type SweepOptions,
} from "../../bench/dispatch/sweep.js";
import {
  DEFAULT_THROUGHPUT,
  formatThroughput,
  measureThroughput,
  throughputAim,
} from "../../bench/kernel-throughput.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { table } from "../../render/table.js";
import { parseInteger, UsageError } from "../user-error.js";
import {
  MAX_BENCH_EVENTS,
  MAX_BENCH_REFS,
  MAX_BENCH_REPS,
  MAX_BENCH_WARMUP,
  MAX_SEED,
} from "../../workloads/limits.js";

export const BENCHMARKS = [
  [
    "dispatch",
    "cost of one event through the dispatcher against installed handlers: native vs sandboxed, guards matching none / one / all (about 40 s)",
  ],
  [
    "kernel",
    "simulation throughput (references/s) with the built-in Clock pager on a 1,000,000-reference trace, against a plain-loop ceiling (about 5 s)",
  ],
] as const;

export function parseList<T extends string>(what: string, allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const items = value.split(",").map((s) => s.trim());
    const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
    if (bad.length > 0 || items.length === 0) {
      throw new UsageError(
        `--${what} must be one or more of ${allowed.join(", ")} (comma-separated), got ${JSON.stringify(value)}`,
      );
    }
    return [...new Set(items)] as T[];
  };
}

export function parseHandlers(value: string): number[] {
  const items = value.split(",").map((s) => s.trim());
  const out: number[] = [];
  for (const s of items) {
    const n = Number(s);
    if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n < 1 || n > MAX_HANDLERS) {
      throw new UsageError(
        `--handlers must be comma-separated integers between 1 and ${MAX_HANDLERS}, e.g. 1,4,16; got ${JSON.stringify(s)} in ${JSON.stringify(value)}`,
      );
    }
    out.push(n);
  }
  return [...new Set(out)].sort((a, b) => a - b);
}

interface DispatchFlags {
  handlers?: number[];
  match?: SweepOptions["matches"][number][];
  kind?: SweepOptions["kinds"][number][];
  layout?: SweepOptions["layouts"][number][];
  events?: number;
  reps?: number;
  warmup?: number;
  seed?: number;
  otherEvent?: boolean;
  json?: boolean;
  plot?: string;
}

function progressBar(): Progress | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new cliProgress.SingleBar(
    // No terminal mode is switched (see cli/progress.ts): nothing to restore however the run ends.
    {
      stream: process.stderr,
      format: "dispatch [{bar}] {value}/{total} | {label}",
      hideCursor: false,
      linewrap: true,
      gracefulExit: false,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(total, 0, { label: "reference points" }),
    tick: (label) => bar.increment(1, { label }),
    stop: () => bar.stop(),
  };
}

export function registerBench(program: Command, out: (text: string) => void): void {
  const bench = program
    .command("bench")
    .description("measure the kernel: `spin bench` lists the benchmarks")
    .action(() => {
      out(
        `Benchmarks (spin bench <name> --help for options):\n${table(
          ["name", "what it measures"],
          BENCHMARKS.map(([n, d]) => [n, d]),
          ["left", "left"],
        )}`,
      );
    });

  bench
    .command("dispatch")
    .description(
      "cost per event against the number of installed handlers (Translation.PageNotPresent, raised directly)",
    )
    .option(
      "--handlers <list>",
      `handler counts N, comma-separated (default ${DEFAULT_SWEEP.handlers.join(",")}; one-sandbox-each stops at ${DEFAULT_SWEEP.maxOneEach} unless given)`,
      parseHandlers,
    )
    .option(
      "--match <list>",
      "guards that match none of the events, exactly one handler, or all (default: none,one,all)",
      parseList("match", MATCHES),
    )
    .option("--kind <list>", "native and/or sandboxed handlers (default: both)", parseList("kind", KINDS))
    .option(
      "--layout <list>",
      "sandboxed: one sandbox per handler (N extensions) or one shared sandbox (default: both)",
      parseList("layout", LAYOUTS),
    )
    .option(
      "--events <n>",
      `events in the seeded stream (default ${DEFAULT_SWEEP.events}, at most ${MAX_BENCH_EVENTS})`,
      parseInteger("events", 1, MAX_BENCH_EVENTS),
    )
    .option(
      "--reps <n>",
      `repetitions; the median and spread are reported (default ${DEFAULT_SWEEP.reps})`,
      parseInteger("reps", 1, MAX_BENCH_REPS),
    )
    .option(
      "--warmup <n>",
      `warm-up events per configuration (default ${DEFAULT_SWEEP.warmup})`,
      parseInteger("warmup", 0, MAX_BENCH_WARMUP),
    )
    .option("--seed <n>", `seed of the event stream (default ${DEFAULT_SWEEP.seed})`, parseInteger("seed", 0, MAX_SEED))
    .option("--other-event", "also install every handler on Disk.IOComplete, which is never raised")
    .option("--json", "write the results as JSON instead of a table")
    .option("--plot <file.svg>", "write an SVG chart of cost per event against N")
    .action(async (flags: DispatchFlags) => {
      if (flags.plot !== undefined && !flags.plot.toLowerCase().endsWith(".svg"))
        throw new UsageError(`--plot must name an .svg file, got ${JSON.stringify(flags.plot)}`);
      if (flags.plot !== undefined && !fs.existsSync(path.dirname(path.resolve(flags.plot))))
        throw new UsageError(`--plot: folder ${path.dirname(flags.plot)} does not exist`);
      const opts: SweepOptions = {
        ...DEFAULT_SWEEP,
        ...(flags.handlers ? { handlers: flags.handlers, maxOneEach: undefined } : {}),
        ...(flags.match ? { matches: flags.match } : {}),
        ...(flags.kind ? { kinds: flags.kind } : {}),
        ...(flags.layout ? { layouts: flags.layout } : {}),
        ...(flags.events !== undefined ? { events: flags.events } : {}),
        ...(flags.reps !== undefined ? { reps: flags.reps } : {}),
        ...(flags.warmup !== undefined ? { warmup: flags.warmup } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        otherEvent: flags.otherEvent ?? false,
      };
      if (flags.layout && !opts.kinds.includes("sandboxed"))
        throw new UsageError("--layout applies to sandboxed handlers; add --kind sandboxed");
      const result = await runSweep(opts, progressBar());
      if (flags.plot !== undefined) {
        try {
          fs.writeFileSync(flags.plot, sweepChart(result));
        } catch (error) {
          throw new UsageError(`cannot write ${flags.plot}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      const { aims, costs } = summarize(result);
      out(
        flags.json
          ? jsonText({ ...result, aims, costs })
          : formatSweep(result) + (flags.plot ? `\n\nchart written to ${visible(flags.plot)}` : ""),
      );
    });

  bench
    .command("kernel")
    .description("simulation throughput against a plain-loop ceiling (median of repetitions)")
    .option(
      "--refs <n>",
      `references in the seeded trace (default ${DEFAULT_THROUGHPUT.refs}, at most ${MAX_BENCH_REFS})`,
      parseInteger("refs", 1000, MAX_BENCH_REFS),
    )
    .option("--reps <n>", `repetitions (default ${DEFAULT_THROUGHPUT.reps})`, parseInteger("reps", 1, MAX_BENCH_REPS))
    .option("--json", "write the results as JSON")
    .action((flags: { refs?: number; reps?: number; json?: boolean }) => {
      const r = measureThroughput({
        ...(flags.refs ? { refs: flags.refs } : {}),
        ...(flags.reps ? { reps: flags.reps } : {}),
      });
      out(flags.json ? jsonText({ ...r, aims: [throughputAim(r)] }) : formatThroughput(r));
    });
}
