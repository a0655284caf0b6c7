/** `spin run`: run a scenario or a trace with the built-in policies and print what happened. */
import type { Command } from "commander";
import { Kernel } from "../../kernel/machine/kernel.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { builtinPolicies, checkPolicyChoice, formatPolicies, policyNames } from "../../policies/index.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { EventFile } from "../../extensions/loader/event-file.js";
import { observeOptions, writeTimeline } from "../observe-files.js";
import { loadWorkload } from "../../workloads/index.js";
import { MAX_FRAMES, MAX_SEED } from "../../workloads/limits.js";
import { EXIT } from "../exit-codes.js";
import { formatRunReport } from "../../render/run-report.js";
import { progressReporter } from "../progress.js";
import { parseInteger } from "../user-error.js";

export interface RunFlags {
  pager?: string;
  scheduler?: string;
  frames?: number;
  seed?: number;
  json?: boolean;
  check?: boolean;
  timing?: boolean;
  events?: string;
  timeline?: string;
}

export function registerRun(program: Command, out: (text: string) => void): void {
  const command = program
    .command("run")
    .description("run a scenario (.json) or a trace file with the built-in policies")
    .argument("<workload>", "scenario file (.json) or trace file (R|W <hex address> lines, or valgrind lackey output)")
    .option("--pager <name>", `page replacement policy for every application (${policyNames("pager")})`)
    .option("--scheduler <name>", `thread scheduler for every application (${policyNames("scheduler")})`)
    .option("--frames <n>", `physical frames (1 to ${MAX_FRAMES})`, parseInteger("frames", 1, MAX_FRAMES))
    .option("--seed <n>", `seed of every random choice (0 to ${MAX_SEED})`, parseInteger("seed", 0, MAX_SEED))
    .option("--json", "write the report as JSON")
    .option("--check", "check the kernel's invariants after every fault and disk completion")
    .option("--timing", "include host-time figures (these differ from run to run)");
  observeOptions(command, "the run")
    .addHelpText("after", `\nPolicies:\n${formatPolicies()}`)
    .action((workload: string, flags: RunFlags) => {
      const report = runWorkload(workload, flags);
      const wrote: string[] = [];
      if (flags.events !== undefined) wrote.push(`events: ${visible(flags.events)}`);
      if (flags.timeline !== undefined && report.timeline !== undefined) {
        const policies = [...new Set(report.apps.map((a) => `${a.pager}/${a.scheduler}`))].join(", ");
        wrote.push(
          writeTimeline(flags.timeline, `${report.scenario}: faults and evictions over time`, [
            { label: policies, timeline: report.timeline },
          ]),
        );
      }
      const text = flags.json ? jsonText(report) : formatRunReport(report);
      out(flags.json || wrote.length === 0 ? text : `${text}\n${wrote.join("\n")}`);
      if (!report.check.ok) process.exitCode = EXIT.kernelCheckFailed;
    });
}

export function runWorkload(workload: string, flags: RunFlags): RunReport {
  const config = loadWorkload(
    workload,
    {
      frames: flags.frames,
      seed: flags.seed,
      pager: flags.pager,
      scheduler: flags.scheduler,
    },
    checkPolicyChoice,
  );
  const kernel = new Kernel(config, builtinPolicies);
  const events = flags.events === undefined ? undefined : new EventFile(flags.events);
  const progress = progressReporter(config.name);
  try {
    return kernel.run({
      check: flags.check,
      timing: flags.timing,
      onProgress: progress.onProgress,
      timeline: flags.timeline !== undefined,
      ...(events ? { onEvent: events.write } : {}),
    });
  } finally {
    progress.stop();
    events?.close();
  }
}
