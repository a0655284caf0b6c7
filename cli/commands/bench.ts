/**
 * `spin bench`: what the kernel costs. `spin bench` alone lists what it can measure;
 * `spin bench dispatch` sweeps the dispatcher over installed handlers; `spin bench kernel` measures
 * simulation throughput against a plain-loop ceiling. What each does is cli/actions/bench.ts, loaded
 * when it runs.
 */
import type { Command } from "commander";
import {
  DEFAULT_SWEEP,
  EVENTS,
  GUARDS,
  KINDS,
  LAYOUTS,
  MATCHES,
  MAX_APPS,
  MAX_HANDLERS,
  MAX_RESIDENT,
  RESULTS,
  type GridCell,
} from "../../bench/dispatch/options.js";
import { closestName } from "../../kernel/did-you-mean.js";
import { DEFAULT_THROUGHPUT } from "../../bench/throughput-options.js";
import type { DispatchFlags, KernelBenchFlags, PlacementBenchFlags } from "../flags.js";
import { parseInteger, UsageError } from "../user-error.js";
import {
  MAX_BENCH_EVENTS,
  MAX_BENCH_REFS,
  MAX_BENCH_REPS,
  MAX_BENCH_WARMUP,
  MAX_SEED,
} from "../../workloads/limits.js";

/** `; did you mean "x"?` for one mistyped name close to a known one, else nothing. */
function hint(bad: readonly string[], allowed: readonly string[]): string {
  const near = bad.length === 1 ? closestName(bad[0]!, allowed) : undefined;
  return near === undefined ? "" : `; did you mean ${near}?`;
}

export function parseList<T extends string>(what: string, allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const items = value.split(",").map((s) => s.trim());
    const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
    if (bad.length > 0 || items.length === 0) {
      throw new UsageError(
        `--${what} must be one or more of ${allowed.join(", ")} (comma-separated), got ${JSON.stringify(value)}${hint(bad, allowed)}`,
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

/** `--event`: one event of the catalogue, with a did-you-mean. */
export function parseEvent(value: string): (typeof EVENTS)[number] {
  const found = EVENTS.find((e) => e === value);
  if (found !== undefined) return found;
  const near = closestName(value, EVENTS);
  throw new UsageError(
    `--event: no event named ${JSON.stringify(value)}${near === undefined ? "" : `; did you mean ${near}?`} (events: ${EVENTS.join(", ")})`,
  );
}

/** `--grid 4x16,16x4`: M extensions × K handlers each, M·K at most MAX_HANDLERS. */
export function parseGrid(value: string): GridCell[] {
  const out: GridCell[] = [];
  for (const s of value.split(",").map((x) => x.trim())) {
    const m = /^(\d+)x(\d+)$/.exec(s);
    const e = m ? Number(m[1]) : NaN;
    const k = m ? Number(m[2]) : NaN;
    if (!m || e < 1 || k < 1 || e * k > MAX_HANDLERS)
      throw new UsageError(
        `--grid takes MxK pairs (M extensions × K handlers each, M·K from 1 to ${MAX_HANDLERS}), comma-separated, e.g. 1x64,8x8,64x1; got ${JSON.stringify(s)}`,
      );
    out.push({ extensions: e, perExtension: k });
  }
  return out;
}

/** A single value of a list of choices (`--guard vpn`). */
export function parseChoice<T extends string>(what: string, allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new UsageError(`--${what} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}`);
  };
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
      "cost per event against the number of installed handlers (any event, raised directly through the dispatcher)",
    )
    .option(
      "--event <name>",
      `the event raised (default ${DEFAULT_SWEEP.event}; any of the catalogue, docs/EVENTS.md)`,
      parseEvent,
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
    .option(
      "--kind <list>",
      `builtin (trusted native functions) and/or placements: ${KINDS.join(", ")} (default ${DEFAULT_SWEEP.kinds.join(",")})`,
      parseList("kind", KINDS),
    )
    .option(
      "--layout <list>",
      "placements: one extension per handler (N extensions) or one shared extension (default: both)",
      parseList("layout", LAYOUTS),
    )
    .option(
      "--grid <list>",
      "placements: M extensions × K handlers each instead of --layout, e.g. 1x64,8x8,64x1",
      parseGrid,
    )
    .option(
      "--guard <kind>",
      `what tells matching handlers apart: ${GUARDS.join(", ")} (default: vpn where the event has one, else thread or space)`,
      parseChoice("guard", GUARDS),
    )
    .option(
      "--apps <n>",
      `applications whose events come in turn, each with its share of the handlers (default 1, at most ${MAX_APPS})`,
      parseInteger("apps", 1, MAX_APPS),
    )
    .option(
      "--result <how>",
      `how many results combine: ${RESULTS.join(" (the default) or ")} (a result handler voting on all)`,
      parseChoice("result", RESULTS),
    )
    .option(
      "--resident <n>",
      `PhysAddr.Reclaim: resident pages in each event (default ${DEFAULT_SWEEP.resident}, at most ${MAX_RESIDENT})`,
      parseInteger("resident", 1, MAX_RESIDENT),
    )
    .option(
      "--ext <file.ts>",
      "sweep a real extension's handlers on --event: --handlers counts its copies (one VM each)",
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
    .option("--csv", "write one line per configuration, application and binding as CSV")
    .option(
      "--plot <file.svg>",
      "write an SVG chart of cost per event against N, with 95% error bars (placement by marker, layout by dash, match by fill)",
    )
    .action(async (flags: DispatchFlags) => {
      const { benchDispatchAction } = await import("../actions/bench.js");
      await benchDispatchAction(flags, out);
    });

  bench
    .command("placement")
    .description(
      "the four placements side by side against a built-in handler (no-op, clock.ts Reclaim, load, kill, the example pagers and scheduler end to end, memory)",
    )
    .option(
      "--iterations <n>",
      "events per block of the built-in handlers (default 20000; placed ones raise fewer)",
      parseInteger("iterations", 100, MAX_BENCH_EVENTS * 10),
    )
    .option(
      "--reps <n>",
      "rounds of interleaved blocks; 6 or more give 95% intervals (default 7)",
      parseInteger("reps", 1, MAX_BENCH_REPS),
    )
    .option("--seed <n>", "seed of the blocks' order (default 7)", parseInteger("seed", 0, MAX_SEED))
    .option(
      "--scenario <file>",
      "scenario of the end-to-end pager runs; the extension pages its first application (default examples/scenarios/zipf.json)",
    )
    .option("--json", "write the results as JSON")
    .option("--plot <file.svg>", "write an SVG bar chart by placement, with 95% error bars")
    .action(async (flags: PlacementBenchFlags) => {
      const { benchPlacementAction } = await import("../actions/bench.js");
      await benchPlacementAction(flags, out);
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
