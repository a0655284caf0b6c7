/**
 * The whole load-time check: type check, verifier, transpile. Either
 * returns JS + source map, or throws ExtensionRejected with every reason
 * (TypeScript and verifier diagnostics together, sorted by position).
 */
import { EXTENSION_INPUT, readInputText } from "../../workloads/read-input.js";
import { type Diagnostic, ExtensionRejected, VerifierInternalError, sortDiagnostics } from "../diagnostics.js";
import { type TranspileResult, transpileExtension } from "../transpile.js";
import { type VerifyStats, allRules, formatVerifyStats, verifyDetailed } from "../verifier/index.js";
import { type TypeCheckOptions, boundedExtensionProgram, programDiagnostics } from "./index.js";
import { followOnRanges } from "./handler-diagnostics.js";
import { engineRefusal } from "./nesting.js";
import type ts from "../typescript.js";

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

/** A report with one refusal that came before the verifier ran (it saw no nodes). */
function refusedBeforeVerifier(d: Diagnostic): CheckReport {
  const verifierStats: VerifyStats = { nodes: 0, rules: allRules.length, diagnostics: 1 };
  return { diagnostics: [d], verifierStats, statsLine: formatVerifyStats(verifierStats) };
}

/** Type check and verify without throwing; diagnostics empty means accepted. */
export function checkExtension(file: string, source: string | undefined, opts: TypeCheckOptions): CheckReport {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const built = boundedExtensionProgram(file, text, opts);
  if (!built.ok) return refusedBeforeVerifier(built.diagnostic);
  const { ep } = built;
  let typeDiagnostics: Diagnostic[];
  try {
    typeDiagnostics = programDiagnostics(ep);
  } catch (e) {
    const refusal = engineRefusal(e, file, text, "the type check");
    if (refusal !== undefined) return refusedBeforeVerifier(refusal);
    throw e;
  }
  let verified: ReturnType<typeof verifyDetailed>;
  try {
    verified = verifyDetailed(ep.program, ep.sourceFile, { displayFile: file });
  } catch (e) {
    // A rule that crashed is wrapped in a VerifierInternalError: its cause says whether the engine's limit did it.
    const refusal = engineRefusal(e, file, text, "the verifier");
    if (refusal !== undefined) return refusedBeforeVerifier(refusal);
    if (e instanceof VerifierInternalError) throw e;
    throw new VerifierInternalError(`verifier failed on ${file}: ${String(e)}`, { cause: e });
  }
  // Inside a handler whose event name is unknown, the verifier's findings follow from the name too.
  const followOn = followOnRanges(ep.sourceFile).map((r) => ({
    from: ep.sourceFile.getLineAndCharacterOfPosition(r.pos),
    to: ep.sourceFile.getLineAndCharacterOfPosition(r.end),
  }));
  const before = (a: ts.LineAndCharacter, line: number, column: number) =>
    a.line + 1 < line || (a.line + 1 === line && a.character + 1 <= column);
  const verifierDiagnostics = verified.diagnostics.filter(
    (d) => !followOn.some((r) => before(r.from, d.line, d.column) && !before(r.to, d.line, d.column)),
  );
  return {
    diagnostics: sortDiagnostics([...typeDiagnostics, ...verifierDiagnostics]),
    verifierStats: verified.stats,
    statsLine: verified.statsLine,
  };
}

/** Check, then transpile. Throws ExtensionRejected if anything is wrong with the extension. */
export function loadCheckedExtension(
  file: string,
  source: string | undefined,
  opts: TypeCheckOptions,
): CheckedExtension {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const report = checkExtension(file, text, opts);
  if (report.diagnostics.length > 0) throw new ExtensionRejected(report.diagnostics, file, report.statsLine);
  const out = transpileExtension(file, text);
  if (out.diagnostics.length > 0) throw new ExtensionRejected(out.diagnostics, file);
  return { ...out, file, verifierStats: report.verifierStats, statsLine: report.statsLine };
}
