/** `spin check`: the load-time checks only (type check against the extension API + verifier). */
import type { Command } from "commander";
import { checkExtension } from "../../extensions/check/pipeline.js";
import { ensureTypeCheckFinishes } from "../../extensions/check/time-limit.js";
import { ExtensionRejected, formatDiagnostics } from "../../extensions/diagnostics.js";
import { sfiMode } from "../../extensions/loader/modes/sfi.js";
import { ExtensionInputError, apiDeclarationFile } from "../../extensions/loader/index.js";
import { readExtension } from "../../extensions/loader/source.js";
import { visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { UsageError } from "../user-error.js";

export function registerCheck(program: Command, out: (text: string) => void): void {
  program
    .command("check")
    .description("type check and verify extensions as `spin load` would, without running them")
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
        if (flags.mode === "sfi") {
          try {
            const p = sfiMode.prepareDetailed(source.file, source.text, { apiDeclarationFile: api });
            if (p.warnings.length > 0) out(formatDiagnostics(p.warnings));
            out(flags.emit ? `// ${visible(file)} rewritten by SFI mode (${p.statsLine}); the ${p.runtimeLines}-line runtime (sandbox/sfi-runtime.ts) runs before it\n${p.body}` : `ok ${visible(file)} (${p.statsLine})`);
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
          out(`ok ${visible(file)} (${report.statsLine})`);
        } else {
          rejected = true;
          const n = report.diagnostics.length;
          out(`${formatDiagnostics(report.diagnostics)}\n\nrejected ${visible(file)}: ${n} problem${n === 1 ? "" : "s"} (${report.statsLine})`);
        }
      }
      if (rejected) process.exitCode = EXIT.extensionRejected;
    });
}
