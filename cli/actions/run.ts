/** What `spin run` does (cli/commands/run.ts defines its arguments): the kernel with the built-in policies. */
import { Kernel } from "../../kernel/machine/kernel.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { builtinPolicies, checkPolicyChoice } from "../../policies/index.js";
import { jsonText, visible } from "../../extensions/visible.js";
import { EventFile } from "../../extensions/loader/event-file.js";
import { writeTimeline } from "./observe-files.js";
import { loadWorkload } from "../../workloads/index.js";
import { EXIT } from "../exit-codes.js";
import { formatRunReport } from "../../render/run-report.js";
import { progressReporter } from "../progress.js";
import type { RunFlags } from "../flags.js";

export function runAction(workload: string, flags: RunFlags, out: (text: string) => void): void {
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
