/**
 * Transpile a checked extension to an ES2020 module with a source map, and
 * map positions in the JS (e.g. from a QuickJS stack trace) back to the
 * TypeScript the author wrote.
 *
 * The `import ... from "spin-kernel/extension"` statement is kept in the
 * output (type-only imports are erased, per `verbatimModuleSyntax`); the
 * sandbox provides that module. The `//# sourceMappingURL` comment is
 * removed: the map is returned alongside the code.
 */
import ts from "./typescript.js";
import { isStackOverflow, stackOverflowDiagnostic } from "./check/nesting.js";
import { type Diagnostic, ExtensionRejected } from "./diagnostics.js";
import { fromTsDiagnostic } from "./ts-diagnostic.js";
import { positionMapper, type PositionMapData, type PositionMapper, type RawSourceMap } from "./positions.js";

export type { RawSourceMap };

export interface TranspileResult {
  readonly js: string;
  readonly map: RawSourceMap;
  /** JS position (1-based line and column) → TypeScript position (1-based), if the map covers it. */
  readonly mapPosition: PositionMapper;
  /** The same mapping as data (positions.ts). */
  readonly positions: PositionMapData;
  /** Syntax errors found while transpiling (the type check normally catches these first). */
  readonly diagnostics: readonly Diagnostic[];
}

export const transpileCompilerOptions: Readonly<ts.CompilerOptions> = Object.freeze({
  target: ts.ScriptTarget.ES2020,
  module: ts.ModuleKind.ES2020,
  sourceMap: true,
  inlineSources: true,
  inlineSourceMap: false,
  removeComments: false,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  useDefineForClassFields: true,
  newLine: ts.NewLineKind.LineFeed,
});

function outputName(file: string): string {
  const base = file.replace(/\\/g, "/").split("/").pop() ?? file;
  return base.replace(/\.(m|c)?tsx?$/, "") + ".js";
}

/** Throws ExtensionRejected if the compiler runs out of stack (the checks before it bound the nesting). */
export function transpileExtension(file: string, source: string): TranspileResult {
  let out: ts.TranspileOutput;
  try {
    out = ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { ...transpileCompilerOptions },
      reportDiagnostics: true,
    });
  } catch (e) {
    if (isStackOverflow(e))
      throw new ExtensionRejected([stackOverflowDiagnostic(file, source, "the transpiler")], file);
    throw e;
  }
  if (out.sourceMapText === undefined) throw new Error(`internal: no source map produced for ${file}`);
  const parsed = JSON.parse(out.sourceMapText) as unknown;
  const map = toRawSourceMap(parsed, file);
  const js = out.outputText.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n");
  const positions = mapData(map, 0);
  const mapPosition = positionMapper(positions);
  const diagnostics = (out.diagnostics ?? []).map((d) => fromTsDiagnostic(d, () => file));
  return { js, map, mapPosition, positions, diagnostics };
}

/** What mapping positions needs of a source map: not the source itself (sourcesContent). */
export function mapData(map: RawSourceMap, linesBefore: number): PositionMapData {
  const { sourcesContent: _, ...lean } = map;
  return { map: lean, linesBefore };
}

export function toRawSourceMap(v: unknown, file: string): RawSourceMap {
  if (typeof v !== "object" || v === null) throw new Error("internal: source map is not an object");
  const o = v as Record<string, unknown>;
  const strings = (x: unknown): string[] =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : [];
  if (o.version !== 3 || typeof o.mappings !== "string") throw new Error("internal: not a version 3 source map");
  const map: RawSourceMap = {
    version: 3,
    file: typeof o.file === "string" ? o.file : outputName(file),
    sources: strings(o.sources),
    names: strings(o.names),
    mappings: o.mappings,
  };
  if (typeof o.sourceRoot === "string" && o.sourceRoot !== "") map.sourceRoot = o.sourceRoot;
  if (Array.isArray(o.sourcesContent))
    map.sourcesContent = o.sourcesContent.map((s) => (typeof s === "string" ? s : null));
  return map;
}
