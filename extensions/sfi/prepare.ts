/**
 * SFI mode's load-time work: the usual checks with their verdicts changed rule by rule
 * (rules.ts), then the rewrite. Type errors and the diagnostics of rules the rewriter enforces
 * at run time are *warnings*; the rest still refuse the extension.
 */
import { checkExtension, type RecentChecks } from "../check/pipeline.js";
import { ExtensionRejected, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import ts from "../typescript.js";
import { SFI_MODULE } from "./context.js";
import type { SfiOptions, SfiOptionsInput } from "./options.js";
import { rewriteExtension, type SfiRewrite } from "./rewrite.js";
import { ruleTreatment } from "./rules.js";

export interface SfiPrepared extends SfiRewrite {
  readonly warnings: readonly Diagnostic[];
  readonly statsLine: string;
}

/**
 * For the type check only, each `import { heap } from "spin-kernel/sfi"` is replaced in place
 * (same length, same lines) by a declaration of an Int32Array, so the rest of the file
 * type-checks as the author meant it. Returns the text and the ranges of every such import
 * declaration: a diagnostic there is ours (the replacement's, or "cannot find module" of an
 * import too long or too spread over lines to replace), and only there.
 *
 * The imports are found in the syntax tree, never by matching text: a regular expression over
 * the whole source matched a string that opened with `import {` and another that closed with
 * `} from "spin-kernel/sfi"`, and every diagnostic between them, a kept rule's refusal of
 * `Function` included, was dropped as ours (red team 13, sfi-hidden-from-verifier).
 */
function typeCheckText(
  file: string,
  source: string,
): { text: string; ranges: [number, number][]; sf: ts.SourceFile | undefined } {
  const ranges: [number, number][] = [];
  let text = source;
  // No import of the module without its name in the text: nothing to parse here, and the
  // nesting check that follows refuses a file too deep to parse with its own message.
  if (!source.includes(SFI_MODULE)) return { text, ranges, sf: undefined };
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  for (const st of sf.statements) {
    if (
      !ts.isImportDeclaration(st) ||
      !ts.isStringLiteral(st.moduleSpecifier) ||
      st.moduleSpecifier.text !== SFI_MODULE
    )
      continue;
    const start = st.getStart(sf);
    ranges.push([start, st.end]);
    const clause = st.importClause;
    const bindings = clause?.namedBindings;
    // The analysis refuses the other forms (a default or namespace import): nothing to declare.
    if (clause === undefined || clause.isTypeOnly || bindings === undefined || !ts.isNamedImports(bindings)) continue;
    const names = bindings.elements.filter((e) => !e.isTypeOnly).map((e) => `${e.name.text}=new Int32Array(1)`);
    const original = source.slice(start, st.end);
    const repl = `const ${names.join(",")};`;
    if (names.length === 0 || repl.length > original.length || LINE_BREAK.test(original)) continue;
    text = text.slice(0, start) + repl.padEnd(original.length, " ") + text.slice(st.end);
  }
  return { text, ranges, sf };
}

const LINE_BREAK = /[\r\n\u2028\u2029]/;

export function prepareSfi(
  file: string,
  source: string,
  apiDeclarationFile: string,
  options: SfiOptionsInput | SfiOptions = {},
  recentChecks?: RecentChecks,
): SfiPrepared {
  const { text, ranges, sf } = typeCheckText(file, source);
  const report = checkExtension(file, text, { apiDeclarationFile }, recentChecks);
  // A diagnostic's line and column back to an offset by TypeScript's own line starts: a lone \r
  // or U+2028 ends a line too, and counting "\n" only put a kept rule's refusal inside the
  // import's range (red team 13, sfi-hidden-cr-lines).
  const offset = (d: Diagnostic): number => {
    if (sf === undefined) return -1;
    const starts = sf.getLineStarts();
    const line = Math.min(Math.max(d.line - 1, 0), starts.length - 1);
    return starts[line]! + d.column - 1;
  };
  // By place only: a message that quotes the author's text can name the module too (red team 13).
  const ours = (d: Diagnostic): boolean => ranges.some(([a, b]) => offset(d) >= a && offset(d) < b);
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  for (const d of report.diagnostics) {
    if (ours(d)) continue;
    if (d.source === "typescript") warnings.push({ ...d, code: `${d.code} (warning)` });
    else if (ruleTreatment(d.code).kind === "kept") errors.push(d);
    else warnings.push({ ...d, code: `${d.code} (warning)` });
  }
  if (errors.length > 0) throw new ExtensionRejected(sortDiagnostics(errors), file);
  const rewritten = rewriteExtension(file, source, options);
  const inserted = Object.entries(rewritten.stats)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  const statsLine = `${report.statsLine}; sfi: ${warnings.length} warning${warnings.length === 1 ? "" : "s"}, checks: ${inserted || "none"}`;
  return { ...rewritten, warnings: sortDiagnostics(warnings), statsLine };
}
