/**
 * SFI mode's load-time work: the usual checks with their verdicts changed rule by rule
 * (rules.ts), then the rewrite. Type errors and the diagnostics of rules the rewriter enforces
 * at run time are *warnings*; the rest still refuse the extension.
 */
import { checkExtension, type RecentChecks } from "../check/pipeline.js";
import { ExtensionRejected, sortDiagnostics, type Diagnostic } from "../diagnostics.js";
import { SFI_MODULE } from "./context.js";
import type { SfiOptions, SfiOptionsInput } from "./options.js";
import { rewriteExtension, type SfiRewrite } from "./rewrite.js";
import { ruleTreatment } from "./rules.js";

export interface SfiPrepared extends SfiRewrite {
  readonly warnings: readonly Diagnostic[];
  readonly statsLine: string;
}

/**
 * For the type check only, `import { heap } from "spin-kernel/sfi"` is replaced in place (same
 * length, same lines) by a declaration of an Int32Array, so the rest of the file type-checks
 * as the author meant it. Returns the text and the replaced ranges (diagnostics there are ours).
 */
function typeCheckText(source: string): { text: string; ranges: [number, number][] } {
  const ranges: [number, number][] = [];
  const re = /import\s*\{([^}]*)\}\s*from\s*["']spin-kernel\/sfi["']\s*;?/g;
  let text = source;
  for (let m = re.exec(source); m !== null; m = re.exec(source)) {
    const names = m[1]!
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    const decls = names.map((n) => {
      const parts = n.split(/\s+as\s+/);
      return `${(parts[1] ?? parts[0])!.trim()}=new Int32Array(1)`;
    });
    let repl = `const ${decls.join(",")};`;
    const original = m[0];
    if (repl.length > original.length || original.includes("\n")) continue;
    repl = repl.padEnd(original.length, " ");
    text = text.slice(0, m.index) + repl + text.slice(m.index + original.length);
    ranges.push([m.index, m.index + original.length]);
  }
  return { text, ranges };
}

export function prepareSfi(
  file: string,
  source: string,
  apiDeclarationFile: string,
  options: SfiOptionsInput | SfiOptions = {},
  recentChecks?: RecentChecks,
): SfiPrepared {
  const { text, ranges } = typeCheckText(source);
  const report = checkExtension(file, text, { apiDeclarationFile }, recentChecks);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === "\n") lineStarts.push(i + 1);
  const offset = (d: Diagnostic): number => (lineStarts[d.line - 1] ?? 0) + d.column - 1;
  const ours = (d: Diagnostic): boolean =>
    ranges.some(([a, b]) => offset(d) >= a && offset(d) < b) || d.message.includes(SFI_MODULE);
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
