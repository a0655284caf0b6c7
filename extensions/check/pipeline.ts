/**
 * The whole load-time check: type check, verifier, transpile. Either
 * returns JS + source map, or throws ExtensionRejected with every reason
 * (TypeScript and verifier diagnostics together, sorted by position).
 */
import { EXTENSION_INPUT, readInputText } from "../../workloads/read-input.js";
import { type Diagnostic, ExtensionRejected, VerifierInternalError, sortDiagnostics } from "../diagnostics.js";
import { type TranspileResult, transpileExtension } from "../transpile.js";
import { type VerifyStats, verifyDetailed } from "../verifier/index.js";
import { type TypeCheckOptions, createExtensionProgram, programDiagnostics } from "./index.js";

export interface CheckedExtension extends TranspileResult {
  readonly file: string;
  readonly verifierStats: VerifyStats;
  /** `processed N nodes, M rules, K diagnostics` */
  readonly statsLine: string;
}

export interface CheckReport {
  readonly diagnostics: Diagnostic[];
  readonly verifierStats: VerifyStats;
  readonly statsLine: string;
}

/** Type check and verify without throwing; diagnostics empty means accepted. */
export function checkExtension(file: string, source: string | undefined, opts: TypeCheckOptions): CheckReport {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const ep = createExtensionProgram(file, text, opts);
  const typeDiagnostics = programDiagnostics(ep);
  let verified;
  try {
    verified = verifyDetailed(ep.program, ep.sourceFile, { displayFile: file });
  } catch (e) {
    if (e instanceof VerifierInternalError) throw e;
    throw new VerifierInternalError(`verifier failed on ${file}: ${String(e)}`, { cause: e });
  }
  return {
    diagnostics: sortDiagnostics([...typeDiagnostics, ...verified.diagnostics]),
    verifierStats: verified.stats,
    statsLine: verified.statsLine,
  };
}

/** Check, then transpile. Throws ExtensionRejected if anything is wrong with the extension. */
export function loadCheckedExtension(file: string, source: string | undefined, opts: TypeCheckOptions): CheckedExtension {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const report = checkExtension(file, text, opts);
  if (report.diagnostics.length > 0) throw new ExtensionRejected(report.diagnostics, file, report.statsLine);
  const out = transpileExtension(file, text);
  if (out.diagnostics.length > 0) throw new ExtensionRejected(out.diagnostics, file);
  return { ...out, file, verifierStats: report.verifierStats, statsLine: report.statsLine };
}
