/** `spin run`: run a scenario or a trace with the built-in policies and print what happened. */
import type { Command } from "commander";
import { formatPolicies, policyNames } from "../../policies/index.js";
import { MAX_FRAMES, MAX_SEED } from "../../workloads/limits.js";
import type { RunFlags } from "../flags.js";
import { observeOptions } from "./observe-options.js";
import { parseInteger } from "../user-error.js";

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
  observeOptions(command)
    .addHelpText("after", `\nPolicies:\n${formatPolicies()}`)
    .action(async (workload: string, flags: RunFlags) => {
      const { runAction } = await import("../actions/run.js");
      runAction(workload, flags, out);
    });
}
