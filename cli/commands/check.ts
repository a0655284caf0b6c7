/**
 * `spin check`: every load-time check `spin load` makes without a scenario, in the chosen
 * execution mode: the mode's checks and compilation (typed: the type check against the extension
 * API and the verifier; sfi: the same as warnings where its rewrite enforces them, then the
 * rewrite), and then the module evaluated in the sandbox and its handlers installed into a
 * throwaway dispatcher (extensions/loader/load-check.ts). What it does is cli/actions/check.ts,
 * loaded when it runs.
 */
import { Option, type Command } from "commander";
import { DEFAULT_TYPECHECK_LIMIT_MS } from "../../extensions/check/limits.js";
import { DEFAULT_MODE, MODE_NAMES, PLACEMENT_SUMMARY } from "../../extensions/loader/mode-names.js";
import type { CheckFlags } from "../flags.js";
import { parseInteger } from "../user-error.js";

/** `--type-check-limit-ms`, shared by `spin check` and `spin load` (they check alike). */
export function typeCheckLimitOption(): Option {
  return new Option(
    "--type-check-limit-ms <n>",
    `limit of an extension's type check, in CPU time of the checking thread (wall time where the OS does not say; at most 10 times the limit in wall time); past it the extension is refused (a type-level bomb) (default: ${DEFAULT_TYPECHECK_LIMIT_MS})`,
  ).argParser(parseInteger("type-check-limit-ms", 1, 600_000, "ms"));
}

/**
 * `--mode`, shared by every command that loads extensions: the placements from their one registry,
 * each with what it trusts. `what` says what the command does with it.
 */
export function placementOption(what: string): Option {
  const each = MODE_NAMES.map((m) => `${m} (${PLACEMENT_SUMMARY[m]})`).join(", ");
  return new Option("--mode <mode>", `${what} (docs/PLACEMENTS.md): ${each}`).choices(MODE_NAMES).default(DEFAULT_MODE);
}

export function registerCheck(program: Command, out: (text: string) => void): void {
  program
    .command("check")
    .description(
      "every load-time check of `spin load` that needs no scenario: type check, verifier, then the module evaluated in the sandbox and its handlers, options and guards installed (no handler runs)",
    )
    .argument("<extensions...>", "extension files (.ts)")
    .addOption(placementOption("the placement whose checks run; in sfi, type errors are warnings"))
    .option("--emit", "print the JavaScript the mode runs (with --mode sfi: what its rewrite inserts)")
    .addOption(typeCheckLimitOption())
    .action(async (files: string[], flags: CheckFlags) => {
      const { checkAction } = await import("../actions/check.js");
      await checkAction(files, flags, out);
    });
}
