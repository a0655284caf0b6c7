/**
 * The SFI rewriter: TypeScript source → JavaScript with software-fault-isolation checks.
 *
 * One `ts.transpileModule` call with the passes as `before` custom transformers (they see the
 * TypeScript AST, and the emitter both erases types and writes one source map from the original
 * TypeScript to the output). The runtime (sandbox/sfi-runtime.ts) is prepended to the output; positions are
 * mapped back by shifting past it. Check sites carry their TypeScript position in the runtime's
 * site table, so a trap names `file.ts:line:col` exactly, in its message and (through the
 * synthetic stack line SITE_LINE_BASE + site) in the fault's position.
 */
import ts from "../typescript.js";
import { ExtensionRejected, codeFrame, type Diagnostic } from "../diagnostics.js";
import { mapData, toRawSourceMap, transpileCompilerOptions } from "../transpile.js";
import { positionMapper, type PositionMapData, type PositionMapper } from "../positions.js";
import { analyze } from "./analysis.js";
import { RewriteUnsupported, SiteTable, positionOf, type RewriteContext, type RewriteError } from "./context.js";
import { resolveSfiOptions, type SfiOptions, type SfiOptionsInput } from "./options.js";
import { corePass } from "./passes/core.js";
import { stringsPass } from "./passes/strings.js";
import { throwsPass } from "./passes/throws.js";
import { forInPass } from "./passes/for-in.js";
import { numberParsePass } from "./passes/number-parse.js";
import { SFI_PASSES } from "./registry.js";
import { SITE_LINE_BASE, runtimeSource } from "../../sandbox/sfi-runtime.js";

export interface SfiRewrite {
  /** Runtime + rewritten module: what the sandbox evaluates. */
  readonly js: string;
  /** The rewritten module alone (what `spin check --mode sfi --emit` prints). */
  readonly body: string;
  /** Lines of runtime before the module. */
  readonly runtimeLines: number;
  /** JS position (1-based) → TypeScript position (1-based). */
  readonly mapPosition: PositionMapper;
  /** The same mapping as data (positions.ts). */
  readonly positions: PositionMapData;
  /** Check sites, `file.ts:line:col`. */
  readonly sites: readonly string[];
  /** How many checks each pass inserted, e.g. `{ "heap.store": 3, "fuel.loop": 2 }`. */
  readonly stats: Readonly<Record<string, number>>;
  readonly options: SfiOptions;
}

export function jsFileName(file: string): string {
  const base = file.replace(/\\/g, "/").split("/").pop() ?? file;
  return base.replace(/\.(m|c)?tsx?$/, "") + ".js";
}

/** Rewrite; throws ExtensionRejected (sfi/… codes) for what SFI mode refuses at load time. */
export function rewriteExtension(file: string, source: string, input: SfiOptionsInput | SfiOptions = {}): SfiRewrite {
  const options = resolveSfiOptions(input);
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const { analysis, errors } = analyze(sf);
  const sites = new SiteTable(sf, file);
  const ctx: RewriteContext = { sf, options, sites, analysis, stats: {}, errors: [...errors] };
  const before: ts.TransformerFactory<ts.SourceFile>[] = [corePass(ctx)];
  for (const pass of SFI_PASSES) if (options.passes[pass.name]) before.push(pass.create(ctx));
  // With fuel, string concatenation is charged too (passes/strings.ts): last, so that no other
  // pass sees its calls.
  // And with it the throw sites (passes/throws.ts), the index keys a for-in lists before its
  // first iteration beyond what the strings pass charges (passes/for-in.ts), and the string a
  // unary plus parses (passes/number-parse.ts).
  if (options.passes.fuel) before.push(stringsPass(ctx), throwsPass(ctx), forInPass(ctx), numberParsePass(ctx));
  // transpileModule parses its own copy of the text: positions agree with `sf`, nodes do not, so
  // the analysis' node-keyed facts are re-keyed by position.
  const out = transpileOrRefuse(sf, file, () =>
    ts.transpileModule(source, {
      fileName: file,
      compilerOptions: { ...transpileCompilerOptions },
      reportDiagnostics: true,
      transformers: { before: [rekey(ctx), ...before], after: options.passes.control ? [classFields] : [] },
    }),
  );
  const syntax = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (ctx.errors.length > 0 || syntax.length > 0) throw rewriteRejection(sf, file, ctx.errors, syntax);
  if (out.sourceMapText === undefined) throw new Error(`internal: no source map for ${file}`);
  const body = out.outputText.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n");
  const labels = sites.labels();
  const runtime = runtimeSource({
    fuel: options.fuel,
    heapSize: options.heapSize,
    capability: options.passes.capability,
    control: options.passes.control,
    sites: labels,
    jsFile: jsFileName(file),
  });
  const runtimeLines = runtime.split("\n").length - 1;
  const positions: PositionMapData = {
    ...mapData(toRawSourceMap(JSON.parse(out.sourceMapText) as unknown, file), runtimeLines),
    siteLineBase: SITE_LINE_BASE,
    sites: sites.sites.map((s) => ({ line: s.line, column: s.column })),
  };
  const mapPosition = positionMapper(positions);
  return {
    js: runtime + body,
    body,
    runtimeLines,
    mapPosition,
    positions,
    sites: labels,
    stats: { ...ctx.stats },
    options,
  };
}

/**
 * The transpiler defines a class field with `Object.defineProperty(this, "f", { enumerable:
 * true, configurable: true, writable: true, value })` (useDefineForClassFields below ES2022),
 * which pass control's taming makes a trap: every class with a field was an sfi fault in sfi
 * only (red team 8, sfi-string-method-name). After the transpiler's own transforms, each such
 * call it made (one with no call of the author's behind it) calls the runtime's __sfi_field
 * instead, which defines the same data property; the author's own `Object.defineProperty`
 * stays refused.
 */
const classFields: ts.TransformerFactory<ts.SourceFile> = (tctx) => {
  const f = tctx.factory;
  const visit = (node: ts.Node): ts.Node => {
    const n = ts.visitEachChild(node, visit, tctx);
    if (
      ts.isCallExpression(n) &&
      n.arguments.length === 3 &&
      ts.isPropertyAccessExpression(n.expression) &&
      ts.isIdentifier(n.expression.expression) &&
      n.expression.expression.text === "Object" &&
      n.expression.name.text === "defineProperty"
    ) {
      const written = ts.getParseTreeNode(node);
      if (written === undefined || !ts.isCallExpression(written))
        return f.updateCallExpression(n, f.createIdentifier("__sfi_field"), n.typeArguments, n.arguments);
    }
    return n;
  };
  return (sf) => visit(sf) as ts.SourceFile;
};

/**
 * Run a transpile with our passes; a construct a pass was not written for (RewriteUnsupported)
 * becomes a rejection at its place, with what to do, rather than a crash of the CLI.
 */
export function transpileOrRefuse(
  sf: ts.SourceFile,
  file: string,
  transpile: () => ts.TranspileOutput,
): ts.TranspileOutput {
  try {
    return transpile();
  } catch (e) {
    if (!(e instanceof RewriteUnsupported)) throw e;
    const message =
      `the rewriter has no rule for ${e.what} here (a bug in spin-kernel: please report it with this line); ` +
      "write that expression another way";
    throw rewriteRejection(sf, file, [{ node: e.node, code: "sfi/unsupported", message }], []);
  }
}

/** A rewrite's refusal: its own errors, then the transpiler's syntax errors, each at its place. */
export function rewriteRejection(
  sf: ts.SourceFile,
  file: string,
  errors: readonly RewriteError[],
  syntax: readonly ts.Diagnostic[],
): ExtensionRejected {
  const ds: Diagnostic[] = errors.map((e) => toDiagnostic(sf, file, e));
  for (const d of syntax) {
    const lc = d.start !== undefined ? sf.getLineAndCharacterOfPosition(d.start) : { line: 0, character: 0 };
    const frame = codeFrame(sf.text, lc.line + 1, lc.character + 1);
    ds.push({
      file,
      line: lc.line + 1,
      column: lc.character + 1,
      source: "typescript",
      code: `TS${d.code}`,
      message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
      ...(frame ? { frame } : {}),
    });
  }
  return new ExtensionRejected(ds, file);
}

function toDiagnostic(sf: ts.SourceFile, file: string, e: RewriteError): Diagnostic {
  const p = positionOf(sf, e.node);
  const frame = codeFrame(sf.text, p.line, p.column);
  return {
    file,
    line: p.line,
    column: p.column,
    source: "verifier",
    code: e.code,
    message: e.message,
    ...(frame ? { frame } : {}),
  };
}

/**
 * A first transformer that maps the analysis' handler-literal nodes (from our own parse) onto
 * the nodes of the file being transformed, by position.
 */
function rekey(ctx: RewriteContext): ts.TransformerFactory<ts.SourceFile> {
  return () => (file) => {
    const byPos = new Map<string, string>();
    for (const [node, ev] of ctx.analysis.handlerLiterals) byPos.set(`${node.pos}:${node.end}:${node.kind}`, ev);
    const map = ctx.analysis.handlerLiterals as Map<ts.Node, string>;
    map.clear();
    const walk = (n: ts.Node): void => {
      const ev = byPos.get(`${n.pos}:${n.end}:${n.kind}`);
      if (ev !== undefined) map.set(n, ev);
      ts.forEachChild(n, walk);
    };
    walk(file);
    return file;
  };
}
