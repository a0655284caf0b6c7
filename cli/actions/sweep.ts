/** What `spin sweep` does (cli/commands/sweep.ts defines its arguments). */
import fs from "node:fs";
import path from "node:path";
import {
  defaultSweepWorkers,
  formatSweep,
  runSweep,
  sweepChart,
  sweepCsv,
  SweepInputError,
  sweepSeries,
  type SweepResult,
} from "../../bench/sweep/index.js";
import { ExtensionInputError, ExtensionLoadError, formatLoadProblem } from "../../extensions/loader/index.js";
import { modeNamed } from "../../extensions/loader/modes.js";
import { jsonText, visible, visibleLines } from "../../extensions/visible.js";
import { pagers, schedulers } from "../../policies/index.js";
import { EXIT } from "../exit-codes.js";
import { parseExtensionArg } from "./load.js";
import type { SweepFlags } from "../flags.js";
import { UsageError } from "../user-error.js";
import { DISTINCT_SERIES_STYLES } from "../../render/svg-chart.js";

/** `--pagers fifo,lru` or `all`: names as given (the registry checks them, with a did-you-mean). */
function policyList(what: string, value: string | undefined, all: readonly string[]): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((s) => s.trim());
  if (items.some((s) => s === "")) throw new UsageError(`--${what}: an empty name in ${JSON.stringify(value)}`);
  return items.includes("all") ? [...all] : items;
}

export async function sweepAction(workloads: string[], flags: SweepFlags, out: (text: string) => void): Promise<void> {
  if (flags.frames === undefined)
    throw new UsageError("--frames is required: the frame counts to run at, e.g. --frames 3,4 or --frames 1..64x2");
  if (flags.json && flags.csv) throw new UsageError("give either --json or --csv, not both");
  if (flags.plot !== undefined) {
    if (!flags.plot.toLowerCase().endsWith(".svg"))
      throw new UsageError(`--plot must name an .svg file, got ${JSON.stringify(visible(flags.plot, 80))}`);
    if (!fs.existsSync(path.dirname(path.resolve(flags.plot))))
      throw new UsageError(`--plot: folder ${visible(path.dirname(flags.plot), 80)} does not exist`);
  }
  let pagerList = policyList("pagers", flags.pagers, Object.keys(pagers));
  const schedulerList = policyList("schedulers", flags.schedulers, Object.keys(schedulers));
  const extensions = (flags.extension ?? []).map((f) => parseExtensionArg(f, flags.app));
  // Nothing chosen: every built-in pager, the question a sweep asks first.
  if (pagerList === undefined && schedulerList === undefined && extensions.length === 0)
    pagerList = Object.keys(pagers);
  if (flags.plot !== undefined) {
    const lines =
      new Set(workloads).size *
      Math.max(1, flags.seeds?.length ?? 0) *
      sweepSeries({ pagers: pagerList ?? [], schedulers: schedulerList ?? [], extensions }).length;
    if (lines > DISTINCT_SERIES_STYLES)
      throw new UsageError(
        `--plot: ${lines} lines (workloads × seeds × series) would not all be told apart without colour; a chart takes at most ${DISTINCT_SERIES_STYLES}: plot fewer workloads, seeds or policies (the table, --csv and --json take them all)`,
      );
  }
  let result: SweepResult;
  try {
    result = await runSweep({
      workloads,
      frames: flags.frames,
      ...(flags.seeds === undefined ? {} : { seeds: flags.seeds }),
      ...(pagerList === undefined ? {} : { pagers: pagerList }),
      ...(schedulerList === undefined ? {} : { schedulers: schedulerList }),
      extensions,
      mode: modeNamed(flags.mode),
      ...(flags.typeCheckLimitMs === undefined ? {} : { typeCheckLimitMs: flags.typeCheckLimitMs }),
      check: flags.check ?? false,
      stack: flags.stack,
      workers: flags.workers ?? defaultSweepWorkers(),
    });
  } catch (error) {
    if (error instanceof SweepInputError || error instanceof ExtensionInputError) throw new UsageError(error.message);
    if (error instanceof ExtensionLoadError) {
      process.stderr.write(visibleLines(`spin: ${error.problems.map(formatLoadProblem).join("\n\n")}\n`));
      process.exitCode = EXIT.extensionRejected;
      return;
    }
    throw error;
  }
  if (flags.plot !== undefined) {
    try {
      fs.writeFileSync(flags.plot, sweepChart(result, flags.metric));
    } catch (error) {
      throw new UsageError(
        `cannot write ${visible(flags.plot, 80)}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (flags.json) out(jsonText(result));
  else if (flags.csv) out(sweepCsv(result).trimEnd());
  else out(formatSweep(result, flags.metric) + (flags.plot ? `\n\nchart written to ${visible(flags.plot, 200)}` : ""));
  if (result.rows.some((r) => !r.checkOk)) process.exitCode = EXIT.kernelCheckFailed;
}
