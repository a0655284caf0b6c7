/**
 * TypeScript's diagnostics in our shape (extensions/diagnostics.ts). A module of its own because it
 * needs the compiler at run time, and diagnostics.ts must not: the command line's error handling
 * imports its error classes, and `spin run` or `spin --help` should not load TypeScript for that.
 */
import { type Diagnostic, diagnosticAt } from "./diagnostics.js";
import ts from "./typescript.js";

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
  return diagnosticAt(
    d.file,
    displayName(d.file.fileName),
    d.start,
    d.start + (d.length ?? 1),
    "typescript",
    code,
    message,
  );
}
