/** What `spin bench` and its benchmarks do (cli/commands/bench.ts defines their arguments). */
import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import { formatSweep, sweepChart } from "../../bench/dispatch/report.js";
import { DEFAULT_SWEEP, runSweep, type Progress, type SweepOptions } from "../../bench/dispatch/sweep.js";
import { formatThroughput, measureThroughput } from "../../bench/kernel-throughput.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { table } from "../../render/table.js";
import { UsageError } from "../user-error.js";
import { BENCHMARKS, type DispatchFlags, type KernelBenchFlags } from "../flags.js";

export function benchListAction(out: (text: string) => void): void {
  out(
    `Benchmarks (spin bench <name> --help for options):\n${table(
      ["name", "what it measures"],
      BENCHMARKS.map(([n, d]) => [n, d]),
      ["left", "left"],
    )}`,
  );
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

export async function benchDispatchAction(flags: DispatchFlags, out: (text: string) => void): Promise<void> {
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
  out(
    flags.json
      ? jsonText(result)
      : formatSweep(result) + (flags.plot ? `\n\nchart written to ${visible(flags.plot)}` : ""),
  );
}

export function benchKernelAction(flags: KernelBenchFlags, out: (text: string) => void): void {
  const r = measureThroughput({
    ...(flags.refs ? { refs: flags.refs } : {}),
    ...(flags.reps ? { reps: flags.reps } : {}),
  });
  out(flags.json ? jsonText(r) : formatThroughput(r));
}
