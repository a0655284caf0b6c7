/**
 * The files `spin run` and `spin load` write besides their report: the per-event record
 * (`--events`, JSON Lines, written while the run goes: extensions/loader/event-file.ts) and the
 * timeline chart (`--timeline`, SVG: render/timeline-chart.ts).
 */
import fs from "node:fs";
import { OutputFileError } from "../../extensions/loader/event-file.js";
import { describeFsError } from "../../workloads/read-input.js";
import { visible } from "../../extensions/visible.js";
import { renderTimeline, type TimelineRun } from "../../render/timeline-chart.js";

/** Draw the timeline chart of `runs` into `file` and say so; OutputFileError if it cannot be written. */
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
