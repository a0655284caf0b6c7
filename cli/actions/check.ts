/** What `spin check` does (cli/commands/check.ts defines its arguments). */
// Each from its own module: this thread never loads the compiler (the extension is checked in the
// type check's worker, extensions/loader/prepare-in-worker.ts).
import { TYPECHECK_TIMEOUT } from "../../extensions/check/limits.js";
import { ExtensionRejected, formatDiagnostics } from "../../extensions/diagnostics.js";
import { ExtensionInputError, formatLoadProblem } from "../../extensions/loader/errors.js";
import { loadTimeProblems } from "../../extensions/loader/load-check.js";
import { DEFAULT_MODE, modeSpecNamed } from "../../extensions/loader/mode-names.js";
import { prepareDataInWorker } from "../../extensions/loader/prepare-in-worker.js";
import { preparedCacheFromEnv } from "../../extensions/loader/prepared-cache.js";
import { readExtension } from "../../extensions/loader/source.js";
import { positionMapper } from "../../extensions/positions.js";
import { visible } from "../../extensions/visible.js";
import { EXIT } from "../exit-codes.js";
import { UsageError } from "../user-error.js";
import type { CheckFlags } from "../flags.js";

export async function checkAction(files: string[], flags: CheckFlags, out: (text: string) => void): Promise<void> {
  const mode = modeSpecNamed(flags.mode);
  // "(sfi mode)" after the file name when the mode is not the one `spin load` uses by default.
  const inMode = flags.mode === DEFAULT_MODE ? "" : ` (${mode.name} mode)`;
  const cache = preparedCacheFromEnv();
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
      const p = await prepareDataInWorker(source, mode, flags.typeCheckLimitMs, cache);
      if (p.warnings.length > 0) out(formatDiagnostics(p.warnings));
      const problems = await loadTimeProblems(source, { ...p, mapPosition: positionMapper(p.positions) });
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
      if (error.diagnostics.length > 0 && error.diagnostics.every((d) => d.code === TYPECHECK_TIMEOUT)) {
        out(`${formatDiagnostics(error.diagnostics)}\n\nrejected ${visible(file)}: the type check did not finish`);
        continue;
      }
      const n = error.diagnostics.length;
      const stats = error.statsLine === undefined ? "" : ` (${error.statsLine})`;
      out(
        `${formatDiagnostics(error.diagnostics)}\n\nrejected ${visible(file)}${inMode}: ${n} problem${n === 1 ? "" : "s"}${stats}`,
      );
    }
  }
  if (rejected) process.exitCode = EXIT.extensionRejected;
}
