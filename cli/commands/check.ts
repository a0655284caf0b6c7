/**
 * `spin check`: every load-time check `spin load` makes without a scenario, in the chosen
 * execution mode: the mode's checks and compilation (typed: the type check against the extension
 * API and the verifier; sfi: the same as warnings where its rewrite enforces them, then the
 * rewrite), and then the module evaluated in the sandbox and its handlers installed into a
 * throwaway dispatcher (extensions/loader/load-check.ts).
 */
import { Option, type Command } from "commander";
import { DEFAULT_TYPECHECK_LIMIT_MS, ensureTypeCheckFinishes } from "../../extensions/check/time-limit.js";
import { ExtensionRejected, formatDiagnostics } from "../../extensions/diagnostics.js";
import { DEFAULT_MODE, MODE_NAMES, executionModes, type ModeName } from "../../extensions/loader/modes.js";
import { ExtensionInputError, apiDeclarationFile, formatLoadProblem } from "../../extensions/loader/index.js";
import { loadTimeProblems } from "../../extensions/loader/load-check.js";
import { readExtension } from "../../extensions/loader/source.js";
import { visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { UsageError, parseInteger } from "../user-error.js";

/** `--type-check-limit-ms`, shared by `spin check` and `spin load` (they check alike). */
export function typeCheckLimitOption(): Option {
  return new Option(
    "--type-check-limit-ms <n>",
    `wall-clock limit of an extension's type check; past it the extension is refused (a type-level bomb) (default: ${DEFAULT_TYPECHECK_LIMIT_MS})`,
  ).argParser(parseInteger("type-check-limit-ms", 1, 600_000, "ms"));
}

export function registerCheck(program: Command, out: (text: string) => void): void {
  program
    .command("check")
    .description(
      "every load-time check of `spin load` that needs no scenario: type check, verifier, then the module evaluated in the sandbox and its handlers, options and guards installed (no handler runs)",
    )
    .argument("<extensions...>", "extension files (.ts)")
    .addOption(
      new Option("--mode <mode>", "typed (type check + verifier) or sfi (SFI mode's checks: type errors are warnings)")
        .choices(MODE_NAMES)
        .default(DEFAULT_MODE),
    )
    .option("--emit", "print the JavaScript the mode runs (with --mode sfi: what its rewrite inserts)")
    .addOption(typeCheckLimitOption())
    .action(async (files: string[], flags: { mode: ModeName; emit?: boolean; typeCheckLimitMs?: number }) => {
      const mode = executionModes[flags.mode];
      // "(sfi mode)" after the file name when the mode is not the one `spin load` uses by default.
      const inMode = flags.mode === DEFAULT_MODE ? "" : ` (${mode.name} mode)`;
      const api = apiDeclarationFile();
      let rejected = false;
      for (const file of files) {
        let source: ReturnType<typeof readExtension>;
        try {
          source = readExtension(file);
        } catch (error) {
          if (error instanceof ExtensionInputError) throw new UsageError(error.message);
          throw error;
        }
        try {
          await ensureTypeCheckFinishes(source.file, source.text, { apiDeclarationFile: api }, flags.typeCheckLimitMs);
        } catch (error) {
          if (!(error instanceof ExtensionRejected)) throw error;
          rejected = true;
          out(`${formatDiagnostics(error.diagnostics)}\n\nrejected ${visible(file)}: the type check did not finish`);
          continue;
        }
        try {
          const p = mode.prepare(source.file, source.text, { apiDeclarationFile: api });
          if (p.warnings.length > 0) out(formatDiagnostics(p.warnings));
          const problems = await loadTimeProblems(source, p, mode.name);
          if (problems.length > 0) {
            rejected = true;
            const n = problems.length;
            out(
              `${problems.map(formatLoadProblem).join("\n\n")}\n\nrejected ${visible(file)}: ${n} load-time problem${n === 1 ? "" : "s"}, as spin load would refuse it (the checks passed: ${p.statsLine})`,
            );
            continue;
          }
          out(
            flags.emit
              ? `// ${visible(file)} ${p.listing.header}\n${p.listing.code}`
              : `ok ${visible(file)} (${p.statsLine})`,
          );
        } catch (error) {
          if (!(error instanceof ExtensionRejected)) throw error;
          rejected = true;
          const n = error.diagnostics.length;
          const stats = error.statsLine === undefined ? "" : ` (${error.statsLine})`;
          out(
            `${formatDiagnostics(error.diagnostics)}\n\nrejected ${visible(file)}${inMode}: ${n} problem${n === 1 ? "" : "s"}${stats}`,
          );
        }
      }
      if (rejected) process.exitCode = EXIT.extensionRejected;
    });
}
