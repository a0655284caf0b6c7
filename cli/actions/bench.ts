/** What `spin bench` and its benchmarks do (cli/commands/bench.ts defines their arguments). */
import fs from "node:fs";
import path from "node:path";
import cliProgress from "cli-progress";
import { formatSweep, summarize, sweepChart, sweepCsv } from "../../bench/dispatch/report.js";
import {
  DEFAULT_SWEEP,
  DispatchInputError,
  runSweep,
  type Progress,
  type SweepOptions,
} from "../../bench/dispatch/sweep.js";
import { ExtensionInputError } from "../../extensions/loader/errors.js";
import { formatThroughput, measureThroughput, throughputAim } from "../../bench/kernel-throughput.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { table } from "../../render/table.js";
import { loadWorkload } from "../../workloads/index.js";
import { UsageError } from "../user-error.js";
import { BENCHMARKS, type DispatchFlags, type KernelBenchFlags, type PlacementBenchFlags } from "../flags.js";

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

/**
 * One line on a terminal saying which stage a long benchmark is at, rewritten in place and
 * cleared at the end (nothing when stderr is not a terminal). No terminal mode is switched.
 */
function statusLine(name: string): { show: (label: string) => void; clear: () => void } {
  if (!process.stderr.isTTY) return { show: () => {}, clear: () => {} };
  const width = Math.max(20, (process.stderr.columns || 80) - 1);
  return {
    show: (label) => process.stderr.write(`\r${`${name}: ${label}`.slice(0, width)}\x1b[K`),
    clear: () => process.stderr.write("\r\x1b[K"),
  };
}

/** `--plot file.svg`: an .svg name in a folder that exists (checked before anything is measured). */
export function checkPlotFile(plot: string | undefined): void {
  if (plot === undefined) return;
  if (!plot.toLowerCase().endsWith(".svg"))
    throw new UsageError(`--plot must name an .svg file, got ${JSON.stringify(visible(plot, 80))}`);
  if (!fs.existsSync(path.dirname(path.resolve(plot))))
    throw new UsageError(`--plot: folder ${visible(path.dirname(plot), 80)} does not exist`);
}

function writePlot(plot: string, svg: string): void {
  try {
    fs.writeFileSync(plot, svg);
  } catch (error) {
    throw new UsageError(
      `cannot write ${visible(plot, 80)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

export async function benchDispatchAction(flags: DispatchFlags, out: (text: string) => void): Promise<void> {
  if (flags.json && flags.csv) throw new UsageError("give either --json or --csv, not both");
  checkPlotFile(flags.plot);
  if (flags.ext !== undefined && !fs.existsSync(flags.ext))
    throw new UsageError(`--ext: no file ${visible(flags.ext, 200)}; give the path of an extension (.ts)`);
  const opts: SweepOptions = {
    ...DEFAULT_SWEEP,
    ...(flags.event ? { event: flags.event } : {}),
    ...(flags.grid ? { grid: flags.grid } : {}),
    ...(flags.guard ? { guard: flags.guard } : {}),
    ...(flags.apps !== undefined ? { apps: flags.apps } : {}),
    ...(flags.result ? { result: flags.result } : {}),
    ...(flags.resident !== undefined ? { resident: flags.resident } : {}),
    ...(flags.ext !== undefined ? { ext: flags.ext, kinds: ["typed"] as SweepOptions["kinds"] } : {}),
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
  if (flags.layout && !opts.kinds.some((k) => k !== "builtin"))
    throw new UsageError("--layout applies to placed handlers; add a placement to --kind (typed, sfi, native, server)");
  if (flags.layout && flags.grid) throw new UsageError("give either --layout or --grid, not both");
  if (flags.ext !== undefined && (flags.layout || flags.grid))
    throw new UsageError("--layout and --grid do not apply to --ext: --handlers counts the extension's copies");
  if (flags.resident !== undefined && opts.event !== "PhysAddr.Reclaim")
    throw new UsageError("--resident applies to --event PhysAddr.Reclaim");
  let result: Awaited<ReturnType<typeof runSweep>>;
  try {
    result = await runSweep(opts, progressBar());
  } catch (error) {
    if (error instanceof DispatchInputError || error instanceof ExtensionInputError)
      throw new UsageError(error.message);
    throw error;
  }
  if (flags.plot !== undefined) writePlot(flags.plot, sweepChart(result));
  const { aims, costs } = summarize(result);
  if (flags.json) out(jsonText({ ...result, aims, costs }));
  else if (flags.csv) out(sweepCsv(result).trimEnd());
  else out(formatSweep(result) + (flags.plot ? `\n\nchart written to ${visible(flags.plot, 200)}` : ""));
}

export async function benchPlacementAction(flags: PlacementBenchFlags, out: (text: string) => void): Promise<void> {
  checkPlotFile(flags.plot);
  // A scenario that cannot be read is refused before minutes of measuring, as `spin run` would refuse it.
  if (flags.scenario !== undefined) loadWorkload(flags.scenario);
  // Loaded here: the native placement locks down this realm when it runs (docs/PLACEMENTS.md).
  const { measurePlacements } = await import("../../bench/placement/measure.js");
  const { formatPlacement, placementChart } = await import("../../bench/placement/report.js");
  const status = statusLine("placement");
  const result = await measurePlacements(
    {
      ...(flags.iterations !== undefined ? { iterations: flags.iterations } : {}),
      ...(flags.reps !== undefined ? { reps: flags.reps } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      ...(flags.scenario !== undefined ? { scenario: flags.scenario } : {}),
    },
    status.show,
  ).finally(status.clear);
  if (flags.plot !== undefined) writePlot(flags.plot, placementChart(result));
  if (flags.json) out(jsonText(result));
  else out(formatPlacement(result) + (flags.plot ? `\n\nchart written to ${visible(flags.plot, 200)}` : ""));
}

export function benchKernelAction(flags: KernelBenchFlags, out: (text: string) => void): void {
  const r = measureThroughput({
    ...(flags.refs ? { refs: flags.refs } : {}),
    ...(flags.reps ? { reps: flags.reps } : {}),
  });
  out(flags.json ? jsonText({ ...r, aims: [throughputAim(r)] }) : formatThroughput(r));
}
