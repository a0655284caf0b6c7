/**
 * One shape for every load-time problem with an extension, whether the
 * TypeScript checker or our verifier found it, and a formatter in the
 * `file:line:col code: message` style followed by a code frame. The file, the
 * message and the frame quote the extension's source: they are printed through
 * `visible` (extensions/visible.ts), so a source line cannot forge output.
 */
import type ts from "typescript";
import { codeFrame } from "./code-frame.js";
import { visible } from "./visible.js";

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

export { codeFrame } from "./code-frame.js";

/** Longest message a diagnostic shows. */
const MESSAGE_MAX = 2000;

/** `file:line:col code: message` then the frame, if any. */
export function formatDiagnostic(d: Diagnostic): string {
  // The checker chains its explanations on indented lines of its own (string literals in them are
  // escaped by TypeScript); our verifier's messages are one line, and may quote source text.
  const message =
    d.source === "typescript"
      ? d.message
          .split("\n")
          .map((l) => visible(l, MESSAGE_MAX))
          .join("\n")
      : visible(d.message, MESSAGE_MAX);
  const head = `${visible(d.file)}:${d.line}:${d.column} ${visible(d.code)}: ${message}`;
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

/** The extension was refused at load time; carries every reason. */
export class ExtensionRejected extends Error {
  override readonly name = "ExtensionRejected";
  readonly diagnostics: readonly Diagnostic[];
  /** The verifier's `processed N nodes, ...` line, when the verifier ran to the end. */
  readonly statsLine: string | undefined;
  constructor(diagnostics: readonly Diagnostic[], what = "extension", statsLine?: string) {
    const n = diagnostics.length;
    super(`${what} rejected: ${n} problem${n === 1 ? "" : "s"}\n${formatDiagnostics(diagnostics)}`);
    this.diagnostics = diagnostics;
    this.statsLine = statsLine;
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
