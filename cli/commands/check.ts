/**
 * `spin check`: every load-time check `spin load` makes without a scenario: the type check
 * against the extension API, the verifier, and then the module evaluated in the sandbox and its
 * handlers installed into a throwaway dispatcher (extensions/loader/load-check.ts).
 */
import type { Command } from "commander";
import { checkExtension } from "../../extensions/check/pipeline.js";
import { ensureTypeCheckFinishes } from "../../extensions/check/time-limit.js";
import { ExtensionRejected, formatDiagnostics } from "../../extensions/diagnostics.js";
import { sfiMode } from "../../extensions/loader/modes/sfi.js";
import { ExtensionInputError, apiDeclarationFile, formatLoadProblem } from "../../extensions/loader/index.js";
import { loadTimeProblems } from "../../extensions/loader/load-check.js";
import { transpileExtension } from "../../extensions/transpile.js";
import { readExtension } from "../../extensions/loader/source.js";
import { visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { UsageError } from "../user-error.js";

export function registerCheck(program: Command, out: (text: string) => void): void {
  program
    .command("check")
    .description("every load-time check of `spin load` that needs no scenario: type check, verifier, then the module evaluated in the sandbox and its handlers, options and guards installed (no handler runs)")
    .argument("<extensions...>", "extension files (.ts)")
    .option("--mode <mode>", "typed (type check + verifier) or sfi (SFI mode's checks: type errors are warnings)", "typed")
    .option("--emit", "with --mode sfi: print the rewritten JavaScript (what SFI inserts)")
    .action(async (files: string[], flags: { mode?: string; emit?: boolean }) => {
      if (flags.mode !== undefined && flags.mode !== "typed" && flags.mode !== "sfi") throw new UsageError(`--mode must be typed or sfi, got ${JSON.stringify(flags.mode)}`);
      if (flags.emit && flags.mode !== "sfi") throw new UsageError("--emit needs --mode sfi");
      const api = apiDeclarationFile();
      let rejected = false;
      for (const file of files) {
        let source;
        try {
          source = readExtension(file);
        } catch (error) {
          if (error instanceof ExtensionInputError) throw new UsageError(error.message);
          throw error;
        }
        try {
          await ensureTypeCheckFinishes(source.file, source.text, { apiDeclarationFile: api });
        } catch (error) {
          if (!(error instanceof ExtensionRejected)) throw error;
          rejected = true;
          out(`${formatDiagnostics(error.diagnostics)}\n\nrejected ${visible(file)}: the type check did not finish`);
          continue;
        }
        /** The load-time problems, printed; true when there were none. */
        const loadsCleanly = async (prepared: Parameters<typeof loadTimeProblems>[1], statsLine: string): Promise<boolean> => {
          const problems = await loadTimeProblems(source, prepared);
          if (problems.length === 0) return true;
          rejected = true;
          const n = problems.length;
          out(`${problems.map(formatLoadProblem).join("\n\n")}\n\nrejected ${visible(file)}: ${n} load-time problem${n === 1 ? "" : "s"}, as spin load would refuse it (the checks passed: ${statsLine})`);
          return false;
        };
        if (flags.mode === "sfi") {
          try {
            const p = sfiMode.prepareDetailed(source.file, source.text, { apiDeclarationFile: api });
            if (p.warnings.length > 0) out(formatDiagnostics(p.warnings));
            if (!(await loadsCleanly({ js: p.js, mapPosition: p.mapPosition }, p.statsLine))) continue;
            out(flags.emit ? `// ${visible(file)} rewritten by SFI mode (${p.statsLine}); the ${p.runtimeLines}-line runtime (sandbox/sfi/runtime.ts) runs before it\n${p.body}` : `ok ${visible(file)} (${p.statsLine})`);
          } catch (error) {
            if (!(error instanceof ExtensionRejected)) throw error;
            rejected = true;
            const n = error.diagnostics.length;
            out(`${formatDiagnostics(error.diagnostics)}\n\nrejected ${visible(file)} (sfi mode): ${n} problem${n === 1 ? "" : "s"}`);
          }
          continue;
        }
        const report = checkExtension(source.file, source.text, { apiDeclarationFile: api });
        if (report.diagnostics.length === 0) {
          let transpiled;
          try {
            transpiled = transpileExtension(source.file, source.text);
          } catch (error) {
            if (!(error instanceof ExtensionRejected)) throw error;
            rejected = true;
            out(`${formatDiagnostics(error.diagnostics)}\n\nrejected ${visible(file)}: the transpiler refused it`);
            continue;
          }
          if (transpiled.diagnostics.length > 0) {
            rejected = true;
            out(`${formatDiagnostics(transpiled.diagnostics)}\n\nrejected ${visible(file)}: ${transpiled.diagnostics.length} syntax problems`);
            continue;
          }
          if (await loadsCleanly(transpiled, report.statsLine)) out(`ok ${visible(file)} (${report.statsLine})`);
        } else {
          rejected = true;
          const n = report.diagnostics.length;
          out(`${formatDiagnostics(report.diagnostics)}\n\nrejected ${visible(file)}: ${n} problem${n === 1 ? "" : "s"} (${report.statsLine})`);
        }
      }
      if (rejected) process.exitCode = EXIT.extensionRejected;
    });
}
