/**
 * `--events` and `--timeline` of `spin run` and `spin load`, defined once (what they write:
 * cli/actions/observe-files.ts). Loaded with every command definition, so it imports nothing heavy.
 */
import type { Command } from "commander";

/** `runs`: which runs the files cover, as the help says it (`in both runs, ...`); empty for one run. */
export function observeOptions(command: Command, runs = ""): Command {
  const which = runs === "" ? "" : ` ${runs}`;
  return command
    .option(
      "--events <file>",
      `write every event the kernel raised${which} to <file>, one JSON object a line, as the run goes`,
    )
    .option(
      "--timeline <file>",
      `draw faults, major faults, evictions and write-backs per window of simulated time, per application${which}, as SVG to <file>`,
    );
}
