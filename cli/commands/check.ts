/** `spin check`: the load-time checks only (type check against the extension API + verifier). */
import type { Command } from "commander";
import { checkExtension } from "../../extensions/check/pipeline.js";
import { formatDiagnostics } from "../../extensions/diagnostics.js";
import { ExtensionInputError, apiDeclarationFile } from "../../extensions/loader/index.js";
import { readExtension } from "../../extensions/loader/source.js";
import { EXIT } from "../exit-codes.js";
import { UsageError } from "../user-error.js";

export function registerCheck(program: Command, out: (text: string) => void): void {
  program
    .command("check")
    .description("type check and verify extensions as `spin load` would, without running them")
    .argument("<extensions...>", "extension files (.ts)")
    .action((files: string[]) => {
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
        const report = checkExtension(source.file, source.text, { apiDeclarationFile: api });
        if (report.diagnostics.length === 0) {
          out(`ok ${file} (${report.statsLine})`);
        } else {
          rejected = true;
          const n = report.diagnostics.length;
          out(`${formatDiagnostics(report.diagnostics)}\n\nrejected ${file}: ${n} problem${n === 1 ? "" : "s"} (${report.statsLine})`);
        }
      }
      if (rejected) process.exitCode = EXIT.extensionRejected;
    });
}
