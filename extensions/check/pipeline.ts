/**
 * The whole load-time check: type check, verifier, transpile. Either
 * returns JS + source map, or throws ExtensionRejected with every reason
 * (TypeScript and verifier diagnostics together, sorted by position).
 */
import { EXTENSION_INPUT, readInputText } from "../../workloads/read-input.js";
import { type Diagnostic, ExtensionRejected, VerifierInternalError, sortDiagnostics } from "../diagnostics.js";
import { type TranspileResult, transpileExtension } from "../transpile.js";
import { type VerifyStats, allRules, formatVerifyStats, verifyDetailed } from "../verifier/index.js";
import { type TypeCheckOptions, boundedExtensionProgram, noteTypeChecked, programDiagnostics } from "./index.js";
import { apiDeclarationVersion } from "./lib-files.js";
import path from "node:path";
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

/**
 * The reports of the last checks that ran to the end, by everything a report depends on: the
 * file's name, its text, and the API declaration file (its path and version, as the SourceFile
 * cache reads it: host.ts). Every placement's preparation begins with this same check (typed's,
 * SFI's on the text it type-checks, the V8 placements'), and the exercise runner prepares an
 * extension for each placement in turn in the type check's worker, which keeps one of these
 * (serve.ts): the later preparations get the first one's report instead of building and checking
 * the program again. A report is data, never changed once made. Refusals before the verifier are
 * not kept: a stack overflow depends on the stack of the thread that met it. Only a caller that
 * asks for it remembers (a benchmark timing the check does not).
 */
export class RecentChecks {
  private readonly reports = new Map<string, CheckReport>();
  /** Checks answered from memory: for the tests. */
  hits = 0;

  constructor(private readonly kept = 8) {}

  key(file: string, text: string, opts: TypeCheckOptions): string | undefined {
    const version = apiDeclarationVersion(path.resolve(opts.apiDeclarationFile));
    return "error" in version ? undefined : JSON.stringify([file, opts.apiDeclarationFile, version.version, text]);
  }

  get(key: string): CheckReport | undefined {
    const report = this.reports.get(key);
    if (report !== undefined) this.hits++;
    return report;
  }

  remember(key: string, report: CheckReport): void {
    if (report.verifierStats.nodes === 0) return;
    this.reports.set(key, report);
    if (this.reports.size > this.kept) this.reports.delete(this.reports.keys().next().value as string);
  }
}

/**
 * Type check and verify without throwing; diagnostics empty means accepted. With `recent`, a
 * check it remembers is answered from it (the type check counts as finished: noteTypeChecked).
 */
export function checkExtension(
  file: string,
  source: string | undefined,
  opts: TypeCheckOptions,
  recent?: RecentChecks,
): CheckReport {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const key = recent?.key(file, text, opts);
  const known = key === undefined ? undefined : recent?.get(key);
  if (known !== undefined) {
    noteTypeChecked();
    return known;
  }
  const report = checkAnew(file, text, opts);
  if (key !== undefined) recent?.remember(key, report);
  return report;
}

function checkAnew(file: string, text: string, opts: TypeCheckOptions): CheckReport {
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
  recent?: RecentChecks,
): CheckedExtension {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const report = checkExtension(file, text, opts, recent);
  if (report.diagnostics.length > 0) throw new ExtensionRejected(report.diagnostics, file, report.statsLine);
  const out = transpileExtension(file, text);
  if (out.diagnostics.length > 0) throw new ExtensionRejected(out.diagnostics, file);
  return { ...out, file, verifierStats: report.verifierStats, statsLine: report.statsLine };
}
