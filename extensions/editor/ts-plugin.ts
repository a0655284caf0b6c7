/**
 * The verifier in the editor (issue 12): a TypeScript language-service plugin, so that an editor
 * reports what `spin check` reports about an extension, not only its type errors. The folder
 * `spin init` writes lists it in tsconfig.json's `plugins`; tsserver (VS Code's, or any editor's
 * TypeScript server) loads it from node_modules/spin-kernel through ts-plugin.cjs.
 *
 * For a file that imports `spin-kernel/extension`, the semantic diagnostics are the editor's own
 * TypeScript's, then the verifier's findings from `spin check`'s own pipeline (checkExtension, with
 * this package's TypeScript and API), each as `rule-id: message` at its position. Load-time
 * problems that need the module to run (options, guards) are `spin check`'s last step only.
 */
import type ts from "typescript";
import { checkExtension } from "../check/pipeline.js";
import { EXTENSION_MODULE } from "../check/options.js";
import type { Diagnostic } from "../diagnostics.js";
import { apiDeclarationFile } from "../loader/paths.js";

/** The code the plugin's diagnostics carry (TypeScript's own are below 20,000). */
export const VERIFIER_DIAGNOSTIC_CODE = 91_001;
export const DIAGNOSTIC_SOURCE = "spin-kernel";

const IMPORTS_API = new RegExp(`\\bfrom\\s*["']${EXTENSION_MODULE.replace(/[/.]/g, "\\$&")}["']`);

/** The verifier's findings for a file's text, from the last check of that text (the editor asks often). */
function verifierFindings(): (fileName: string, text: string) => readonly Diagnostic[] {
  let last: { fileName: string; text: string; found: readonly Diagnostic[] } | undefined;
  return (fileName, text) => {
    if (last?.fileName === fileName && last.text === text) return last.found;
    const report = checkExtension(fileName, text, { apiDeclarationFile: apiDeclarationFile() });
    const found = report.diagnostics.filter((d) => d.source !== "typescript");
    last = { fileName, text, found };
    return found;
  };
}

/** The length a diagnostic underlines: its frame's carets, else one character. */
function underlined(d: Diagnostic): number {
  const carets = d.frame?.split("\n").at(-1)?.match(/\^+/)?.[0].length;
  return carets ?? 1;
}

/** tsserver's plugin factory (`module.exports` of ts-plugin.cjs). */
export function init(modules: { typescript: typeof ts }): ts.server.PluginModule {
  const host = modules.typescript;
  return {
    create(info) {
      const ls = info.languageService;
      const findings = verifierFindings();
      const getSemanticDiagnostics = (fileName: string): ts.Diagnostic[] => {
        const own = ls.getSemanticDiagnostics(fileName);
        const sf = ls.getProgram()?.getSourceFile(fileName);
        if (sf === undefined || !IMPORTS_API.test(sf.text)) return own;
        try {
          const extra = findings(fileName, sf.text).map(
            (d): ts.Diagnostic => ({
              file: sf,
              start: host.getPositionOfLineAndCharacter(sf, d.line - 1, d.column - 1),
              length: underlined(d),
              messageText: `${d.code}: ${d.message}`,
              category: host.DiagnosticCategory.Error,
              code: VERIFIER_DIAGNOSTIC_CODE,
              source: DIAGNOSTIC_SOURCE,
            }),
          );
          return [...own, ...extra];
        } catch (error) {
          info.project.projectService.logger.info(`spin-kernel plugin: ${String(error)}`);
          return own;
        }
      };
      return { ...ls, getSemanticDiagnostics };
    },
  };
}
