/**
 * `spin load`: run a scenario with TypeScript extensions loaded into the sandbox, and the same
 * scenario with the built-in policies, and show them side by side ("does my pager beat Clock?"),
 * then what each extension spent and every violation at its TypeScript position. What it does is
 * cli/actions/load.ts, loaded when it runs.
 */
import { Option, type Command } from "commander";
import { MAX_VIOLATIONS_BOUND } from "../../extensions/loader/violations.js";
import { LIMIT_BOUNDS } from "../../sandbox/limits.js";
import { MAX_FRAMES, MAX_SEED } from "../../workloads/limits.js";
import { placementOption, typeCheckLimitOption } from "./check.js";
import { COMPARE_ALL_KINDS, type LoadFlags } from "../flags.js";
import { policyNames } from "../../policies/index.js";
import { observeOptions } from "./observe-options.js";
import { parseInteger } from "../user-error.js";

/** The sandbox's memory bounds in the flag's unit (MiB): one source of truth, sandbox/limits.ts. */
const MEMORY_MB_BOUNDS = LIMIT_BOUNDS.memoryBytes.map((bytes) => bytes / (1024 * 1024)) as [number, number];

export function registerLoad(program: Command, out: (text: string) => void): void {
  const command = program
    .command("load")
    .description("run a scenario with TypeScript extensions in the sandbox, next to the built-in policies")
    .argument("<extensions...>", "extension files (.ts); file.ts@app attaches one to a named application")
    .option("--scenario <file>", "scenario file (.json); default: examples/scenarios/looping.json of this package")
    .option("--trace <file>", "trace file (R|W <hex address> lines, or valgrind lackey output) instead of a scenario")
    .option("--app <name>", "application the extensions attach to (default: the first one)")
    .option(
      "--pager <name>",
      `the baseline's pager: every application's built-in pager, in both runs (${policyNames("pager")})`,
    )
    .option(
      "--scheduler <name>",
      `the baseline's scheduler: every application's built-in scheduler, in both runs (${policyNames("scheduler")})`,
    )
    .addOption(
      new Option(
        "--compare-all <kind>",
        "also run with every built-in pager (or scheduler) and rank the run with extensions among them",
      ).choices(COMPARE_ALL_KINDS),
    )
    .option("--frames <n>", `physical frames (1 to ${MAX_FRAMES})`, parseInteger("frames", 1, MAX_FRAMES))
    .option("--seed <n>", `seed of every random choice (0 to ${MAX_SEED})`, parseInteger("seed", 0, MAX_SEED))
    .option(
      "--budget <polls>",
      "instruction budget per invocation, in interrupt polls (1 poll = 10,000 QuickJS ticks)",
      parseInteger("budget", ...LIMIT_BOUNDS.budget, "interrupt polls"),
    )
    .option(
      "--timeout-ms <n>",
      "wall-clock limit per invocation (safety net)",
      parseInteger("timeout-ms", ...LIMIT_BOUNDS.timeoutMs, "ms"),
    )
    .option(
      "--run-time-ms <n>",
      "host time all of one extension's calls may take in the run, module evaluation included (then it is unloaded)",
      parseInteger("run-time-ms", ...LIMIT_BOUNDS.runTimeMs, "ms"),
    )
    .option(
      "--memory-mb <n>",
      "memory limit of each extension's sandbox",
      parseInteger("memory-mb", ...MEMORY_MB_BOUNDS, "MiB"),
    )
    .option(
      "--max-violations <k>",
      "violations after which the watchdog unloads an extension",
      parseInteger("max-violations", 1, MAX_VIOLATIONS_BOUND),
    )
    .option("--json", "write both reports and the extension accounting as one JSON object")
    .option("--check", "check the kernel's invariants after every fault and disk completion")
    .option("--timing", "include host-time figures (these differ from run to run)")
    .addOption(
      placementOption("where extension code runs and how it is trusted; one extension's own: file.ts@app:placement"),
    )
    .addOption(typeCheckLimitOption());
  observeOptions(command, "in both runs (with extensions, then with the built-in policies)").action(
    async (files: string[], flags: LoadFlags) => {
      const { loadAction } = await import("../actions/load.js");
      await loadAction(files, flags, out);
    },
  );
}
