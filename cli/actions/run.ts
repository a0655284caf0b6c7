/** What `spin run` does (cli/commands/run.ts defines its arguments): the kernel with the built-in policies. */
import { Kernel } from "../../kernel/machine/kernel.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { builtinPolicies, checkPolicyChoice } from "../../policies/index.js";
import { jsonText } from "../../extensions/visible.js";
import { loadWorkload } from "../../workloads/index.js";
import { EXIT } from "../exit-codes.js";
import { formatRunReport } from "../../render/run-report.js";
import { progressReporter } from "../progress.js";
import type { RunFlags } from "../flags.js";

export function runAction(workload: string, flags: RunFlags, out: (text: string) => void): void {
  const report = runWorkload(workload, flags);
  out(flags.json ? jsonText(report) : formatRunReport(report));
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
  const progress = progressReporter(config.name);
  try {
    return kernel.run({ check: flags.check, timing: flags.timing, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
}
