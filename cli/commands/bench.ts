/**
 * `spin bench`: what the kernel costs. `spin bench` alone lists what it can measure;
 * `spin bench dispatch` sweeps the dispatcher over installed handlers; `spin bench kernel` measures
 * simulation throughput against a plain-loop ceiling. What each does is cli/actions/bench.ts, loaded
 * when it runs.
 */
import type { Command } from "commander";
import { DEFAULT_SWEEP, KINDS, LAYOUTS, MATCHES, MAX_HANDLERS } from "../../bench/dispatch/options.js";
import { DEFAULT_THROUGHPUT } from "../../bench/throughput-options.js";
import type { DispatchFlags, KernelBenchFlags } from "../flags.js";
import { parseInteger, UsageError } from "../user-error.js";
import {
  MAX_BENCH_EVENTS,
  MAX_BENCH_REFS,
  MAX_BENCH_REPS,
  MAX_BENCH_WARMUP,
  MAX_SEED,
} from "../../workloads/limits.js";

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

export function registerBench(program: Command, out: (text: string) => void): void {
  const bench = program
    .command("bench")
    .description("measure the kernel: `spin bench` lists the benchmarks")
    .action(async () => {
      const { benchListAction } = await import("../actions/bench.js");
      benchListAction(out);
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
      const { benchDispatchAction } = await import("../actions/bench.js");
      await benchDispatchAction(flags, out);
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
    .action(async (flags: KernelBenchFlags) => {
      const { benchKernelAction } = await import("../actions/bench.js");
      benchKernelAction(flags, out);
    });
}
