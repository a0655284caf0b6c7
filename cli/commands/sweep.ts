/**
 * `spin sweep`: run workloads at many frame counts (and seeds) with built-in policies and
 * extensions, and show the fault curve as a table, CSV, JSON or an SVG chart. What it does is
 * cli/actions/sweep.ts, loaded when it runs.
 */
import { Option, type Command } from "commander";
import { parseCounts } from "../../bench/sweep/ranges.js";
import { METRIC_NAMES } from "../../bench/sweep/metrics.js";
import { policyNames } from "../../policies/index.js";
import { MAX_FRAMES, MAX_SEED, MAX_SWEEP_FRAMES, MAX_SWEEP_SEEDS, MAX_SWEEP_WORKERS } from "../../workloads/limits.js";
import { placementOption, typeCheckLimitOption } from "./check.js";
import { parseInteger, UsageError } from "../user-error.js";
import type { SweepFlags } from "../flags.js";

/** A flag of counts (`1..8`, `1..64x2`, lists): expanded and bounded, or a UsageError saying how to write it. */
function counts(what: string, min: number, hi: number, max: number): (value: string) => readonly number[] {
  return (value) => {
    const r = parseCounts(what, value, min, hi, max);
    if (!r.ok) throw new UsageError(r.message);
    return r.counts;
  };
}

export const SWEEP_EXAMPLES = `
Examples:
  spin sweep examples/scenarios/belady.json --frames 1..6 --pagers fifo,lru,opt
  spin sweep examples/scenarios/write-heavy.json --frames 1..256x2 --pagers all --csv
  spin sweep examples/scenarios/zipf.json --frames 8..64+8 --pagers clock --extension my-pager.ts --plot curve.svg
  spin sweep examples/scenarios/threads.json --frames 16 --seeds 1..5 --schedulers all --metric simulated-ms

Frame counts and seeds: 4, 1..8 (every count), 1..64x2 (doubling), 8..64+8 (a step), or a comma-separated list.
Each run's figures are the kernel's; LRU's whole curve comes from one pass of Mattson's stack algorithm
where that is exact (one thread makes every reference), else from a run per count (--no-stack: always).`;

export function registerSweep(program: Command, out: (text: string) => void): void {
  program
    .command("sweep")
    .description("run workloads at many frame counts with built-in policies and extensions: the fault curve")
    .argument("<workloads...>", "scenario files (.json) or trace files")
    // Checked in the action, not by commander: its check of a missing option comes before its check
    // of unknown ones, so `--frams 3,4` would be told "--frames not specified", not "did you mean".
    .option(
      "--frames <counts>",
      `required: frame counts (1 to ${MAX_FRAMES}; at most ${MAX_SWEEP_FRAMES} of them)`,
      counts("frames", 1, MAX_FRAMES, MAX_SWEEP_FRAMES),
    )
    .option(
      "--seeds <counts>",
      `seeds to load each workload with (0 to ${MAX_SEED}; at most ${MAX_SWEEP_SEEDS}); default: each workload's own`,
      counts("seeds", 0, MAX_SEED, MAX_SWEEP_SEEDS),
    )
    .option("--pagers <names>", `built-in pagers, comma-separated, or all (${policyNames("pager")})`)
    .option("--schedulers <names>", `built-in schedulers, comma-separated, or all (${policyNames("scheduler")})`)
    .option(
      "--extension <file>",
      "an extension (.ts; file.ts@app for a named application), a series of its own; repeat for more",
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option("--app <name>", "application the extensions attach to (default: the first one)")
    .addOption(
      new Option("--metric <name>", "what the table and the chart show").choices(METRIC_NAMES).default("faults"),
    )
    .option("--json", "write every run's figures as JSON")
    .option("--csv", "write every run's figures as CSV, one line per run")
    .option("--plot <file.svg>", "also write the curve of --metric as an SVG chart")
    .option(
      "--workers <n>",
      `runs at a time, in worker threads (1 to ${MAX_SWEEP_WORKERS}; default: the cores, at most 8); the output does not depend on it`,
      parseInteger("workers", 1, MAX_SWEEP_WORKERS),
    )
    .option("--no-stack", "run the kernel for LRU at every count, not Mattson's one pass")
    .option("--check", "check the kernel's invariants in every run (implies --no-stack)")
    .addOption(placementOption("where the extensions run and how they are trusted"))
    .addOption(typeCheckLimitOption())
    .addHelpText("after", SWEEP_EXAMPLES)
    .action(async (workloads: string[], flags: SweepFlags) => {
      const { sweepAction } = await import("../actions/sweep.js");
      await sweepAction(workloads, flags, out);
    });
}
