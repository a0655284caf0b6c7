/**
 * `--events` and `--timeline` of `spin run` and `spin load`, defined once (what they write:
 * cli/actions/observe-files.ts). Loaded with every command definition, so it imports nothing heavy.
 */
import type { Command } from "commander";

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
