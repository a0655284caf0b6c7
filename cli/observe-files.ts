/**
 * The files `spin run` and `spin load` write besides their report: the per-event record
 * (`--events`, JSON Lines, written while the run goes: extensions/loader/event-file.ts) and the
 * timeline chart (`--timeline`, SVG: render/timeline-chart.ts). One definition of both options.
 */
import fs from "node:fs";
import type { Command } from "commander";
import { OutputFileError } from "../extensions/loader/event-file.js";
import { describeFsError } from "../workloads/read-input.js";
import { visible } from "../extensions/visible.js";
import { renderTimeline, type TimelineRun } from "../render/timeline-chart.js";

export interface ObserveFlags {
  events?: string;
  timeline?: string;
}

export function observeOptions(command: Command, runs: string): Command {
  return command
    .option(
      "--events <file>",
      `write every event the kernel raised (${runs}) to <file>, one JSON object a line, as the run goes`,
    )
    .option(
      "--timeline <file>",
      `draw faults, major faults, evictions and write-backs per window of simulated time, per application (${runs}), as SVG to <file>`,
    );
}

/** Draw the timeline chart of `runs` into `file`; OutputFileError if it cannot be written. */
export function writeTimeline(file: string, title: string, runs: readonly TimelineRun[]): string {
  const svg = renderTimeline(title, runs);
  try {
    fs.writeFileSync(file, svg);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new OutputFileError(
      `cannot write the timeline ${visible(file)}: ${e.code === "ENOSPC" ? "no space left on the device" : describeFsError(error)}`,
    );
  }
  return `timeline: ${visible(file)}`;
}
