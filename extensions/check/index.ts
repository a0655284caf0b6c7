/**
 * Type check of an extension against the published extension API.
 *
 * Pure (no global state besides the SourceFile cache) so it can run in a
 * worker thread; see `typeCheckWithTimeout` in ./worker-pool.ts.
 */
import { EXTENSION_INPUT, readInputText } from "../../workloads/read-input.js";
import path from "node:path";
import ts from "../typescript.js";
import { type Diagnostic, sortDiagnostics } from "../diagnostics.js";
import { fromTsDiagnostic } from "../ts-diagnostic.js";
import { isLocalModule } from "../verifier/rules/no-foreign-import.js";
import { explainHandlerDiagnostics } from "./handler-diagnostics.js";
import { createExtensionHost } from "./host.js";
import {
  engineRefusal,
  isStackOverflow,
  nestingDiagnostic,
  stackOverflowDiagnostic,
  treeNestingDiagnostic,
} from "./nesting.js";
import { extensionCompilerOptions } from "./options.js";

export { EXTENSION_MODULE, EXTENSION_LIB, extensionCompilerOptions } from "./options.js";
export { clearTypeCheckCache, cacheStats, cachedLibSourceFile } from "./host.js";
export { MAX_NESTING_DEPTH, NESTING_CODE } from "./nesting.js";

export interface TypeCheckOptions {
  /** Path of the `.d.ts` that `spin-kernel/extension` resolves to. */
  readonly apiDeclarationFile: string;
}

export interface ExtensionProgram {
  readonly program: ts.Program;
  readonly sourceFile: ts.SourceFile;
  readonly checker: ts.TypeChecker;
  /** The name diagnostics should show (what the caller passed). */
  readonly displayFile: string;
}

/**
 * Program paths must end in `.ts` for the checker to treat the file as TypeScript, and use `/`
 * alone: TypeScript reads a backslash in a path as a separator, so a file named `a\b.ts` would be
 * asked of the host as `a/b.ts` and never found. The program path is only the host's key for the
 * text already read; diagnostics show the name the caller gave.
 */
function programPathFor(file: string): string {
  const abs = path.resolve(file).replaceAll("\\", "/");
  return /\.(m|c)?tsx?$/.test(abs) && !abs.endsWith(".d.ts") ? abs : `${abs}.ts`;
}

/** Build (but do not check) the program for one extension file. */
export function createExtensionProgram(
  file: string,
  source: string | undefined,
  opts: TypeCheckOptions,
): ExtensionProgram {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const extensionPath = programPathFor(file);
  const apiPath = path.resolve(opts.apiDeclarationFile);
  const host = createExtensionHost(extensionCompilerOptions, { extensionPath, extensionSource: text, apiPath });
  const program = ts.createProgram({ rootNames: [extensionPath], options: extensionCompilerOptions, host });
  const sourceFile = program.getSourceFile(extensionPath);
  if (sourceFile === undefined) throw new Error(`internal: extension ${file} missing from its program`);
  return { program, sourceFile, checker: program.getTypeChecker(), displayFile: file };
}

let typeCheckedListener: (() => void) | undefined;

/**
 * Called each time a type check (programDiagnostics) finishes. The time-limited worker
 * (worker.ts) says so to the thread that waits on it: a limit that fires before this fired on the
 * type check itself, the part every placement shares (timeout.ts remembers it).
 */
export function onTypeChecked(listener: (() => void) | undefined): void {
  typeCheckedListener = listener;
}

/** Say that a type check has finished (programDiagnostics; pipeline.ts for a check it remembered). */
export function noteTypeChecked(): void {
  typeCheckedListener?.();
}

/** Type-check diagnostics of an already built program (extension file, options, globals). */
export function programDiagnostics(ep: ExtensionProgram): Diagnostic[] {
  try {
    return typeDiagnostics(ep);
  } finally {
    noteTypeChecked();
  }
}

function typeDiagnostics(ep: ExtensionProgram): Diagnostic[] {
  const { program, sourceFile, displayFile } = ep;
  const display = (f: string): string => (f === sourceFile.fileName ? displayFile : f);
  const all: ts.Diagnostic[] = [
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(sourceFile),
    ...program.getGlobalDiagnostics(),
    ...explainHandlerDiagnostics(program, sourceFile, program.getSemanticDiagnostics(sourceFile)).filter(
      (d) => !isLocalImportNotFound(d),
    ),
  ];
  return sortDiagnostics(all.map((d) => fromTsDiagnostic(d, display)));
}

/** TS2307 "Cannot find module" is wrong for a file that exists; the verifier says why (an extension is one file). */
const CANNOT_FIND_MODULE = 2307;
function isLocalImportNotFound(d: ts.Diagnostic): boolean {
  if (d.code !== CANNOT_FIND_MODULE || d.file === undefined || d.start === undefined) return false;
  const text = d.file.text.slice(d.start, d.start + (d.length ?? 0));
  return isLocalModule(text.replace(/^["'`]|["'`]$/g, ""));
}

/**
 * Build the program for one extension, or refuse it for its nesting (extensions/check/nesting.ts):
 * the estimate is taken before the parser runs, the tree's exact depth before anything else
 * recurses over it. A stack overflow while building it is the same refusal.
 */
export function boundedExtensionProgram(
  file: string,
  text: string,
  opts: TypeCheckOptions,
): { ok: true; ep: ExtensionProgram } | { ok: false; diagnostic: Diagnostic } {
  const tooDeep = nestingDiagnostic(file, text);
  if (tooDeep !== undefined) return { ok: false, diagnostic: tooDeep };
  let ep: ExtensionProgram;
  try {
    ep = createExtensionProgram(file, text, opts);
  } catch (e) {
    if (isStackOverflow(e)) return { ok: false, diagnostic: stackOverflowDiagnostic(file, text, "the parser") };
    throw e;
  }
  const deepTree = treeNestingDiagnostic(ep.sourceFile, file);
  return deepTree === undefined ? { ok: true, ep } : { ok: false, diagnostic: deepTree };
}

/**
 * Type-check one extension. Returns every TypeScript diagnostic (empty
 * means it type-checks), or the one nesting refusal. `source` defaults to the file's contents on
 * disk.
 */
export function typeCheckExtension(file: string, source: string | undefined, opts: TypeCheckOptions): Diagnostic[] {
  const text = source ?? readInputText(file, EXTENSION_INPUT);
  const built = boundedExtensionProgram(file, text, opts);
  if (!built.ok) return [built.diagnostic];
  try {
    return programDiagnostics(built.ep);
  } catch (e) {
    const refusal = engineRefusal(e, file, text, "the type check");
    if (refusal !== undefined) return [refusal];
    throw e;
  }
}
