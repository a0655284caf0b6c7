/**
 * One shape for every load-time problem with an extension, whether the
 * TypeScript checker or our verifier found it, and a formatter in the
 * `file:line:col code: message` style followed by a code frame.
 */
import ts from "typescript";

export type DiagnosticSource = "typescript" | "verifier";

export interface Diagnostic {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units like the TypeScript API. */
  readonly column: number;
  readonly source: DiagnosticSource;
  /** `TS2322` for the checker, the rule id (kebab-case) for the verifier. */
  readonly code: string;
  readonly message: string;
  /** The offending line and a caret under the column. */
  readonly frame?: string;
}

/** The widest source line a code frame shows; longer lines are cut to a window around the column. */
export const FRAME_WIDTH = 120;

/**
 * Build a two-line code frame: `  12 | text` and a caret line. A line longer than FRAME_WIDTH
 * (a hostile file can put 40,000 characters on one line) is shown as a window of that width
 * around the column, with `...` where it was cut.
 */
export function codeFrame(sourceText: string, line: number, column: number, length = 1): string | undefined {
  const lines = sourceText.split(/\r\n|\r|\n/);
  const full = lines[line - 1];
  if (full === undefined) return undefined;
  let text = full;
  let at = column - 1;
  let before = "";
  let after = "";
  if (full.length > FRAME_WIDTH) {
    const from = Math.max(0, Math.min(at - 40, full.length - FRAME_WIDTH));
    text = full.slice(from, from + FRAME_WIDTH);
    before = from > 0 ? "..." : "";
    after = from + FRAME_WIDTH < full.length ? "..." : "";
    at -= from;
  }
  const num = String(line);
  // Keep tabs so the caret lines up under tab-indented code.
  const lead = " ".repeat(before.length) + text.slice(0, Math.max(0, at)).replace(/[^\t]/g, " ");
  const width = Math.max(1, Math.min(length, text.length - at));
  return `${num} | ${before}${text}${after}\n${" ".repeat(num.length)} | ${lead}${"^".repeat(width)}`;
}

/** `file:line:col code: message` then the frame, if any. */
export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.column} ${d.code}: ${d.message}`;
  return d.frame === undefined ? head : `${head}\n${d.frame}`;
}

export function formatDiagnostics(ds: readonly Diagnostic[]): string {
  return ds.map(formatDiagnostic).join("\n\n");
}

/** Stable order: file, line, column, code. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** Place a diagnostic at a text range of a parsed source file. */
export function diagnosticAt(
  sf: ts.SourceFile,
  displayFile: string,
  start: number,
  end: number,
  source: DiagnosticSource,
  code: string,
  message: string,
): Diagnostic {
  const { line, character } = sf.getLineAndCharacterOfPosition(start);
  const endLc = sf.getLineAndCharacterOfPosition(Math.max(start, end));
  const length = endLc.line === line ? Math.max(1, endLc.character - character) : 1;
  const frame = codeFrame(sf.text, line + 1, character + 1, length);
  return {
    file: displayFile,
    line: line + 1,
    column: character + 1,
    source,
    code,
    message,
    ...(frame === undefined ? {} : { frame }),
  };
}

/**
 * Convert a TypeScript diagnostic. `displayName` maps the program's file
 * names back to the names the caller gave us.
 */
export function fromTsDiagnostic(d: ts.Diagnostic, displayName: (fileName: string) => string = (f) => f): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  const code = `TS${d.code}`;
  if (d.file === undefined || d.start === undefined) {
    return { file: "<options>", line: 1, column: 1, source: "typescript", code, message };
  }
  return diagnosticAt(d.file, displayName(d.file.fileName), d.start, d.start + (d.length ?? 1), "typescript", code, message);
}

/** The extension was refused at load time; carries every reason. */
export class ExtensionRejected extends Error {
  override readonly name = "ExtensionRejected";
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], what = "extension") {
    const n = diagnostics.length;
    super(`${what} rejected: ${n} problem${n === 1 ? "" : "s"}\n${formatDiagnostics(diagnostics)}`);
    this.diagnostics = diagnostics;
  }
}

/** A bug in the checking toolchain itself (not the extension's fault). */
export class VerifierInternalError extends Error {
  override readonly name = "VerifierInternalError";
  readonly ruleId: string | undefined;
  constructor(message: string, options?: { cause?: unknown; ruleId?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.ruleId = options?.ruleId;
  }
}
