/**
 * SFI's fuel pass alone, for the placements that run an extension in V8 (`native`, `server`):
 * the code is trusted because it passed the type check and the verifier (as in `typed`), and the
 * only things inserted are `if (--__sfi_fuel < 0) __sfi_nofuel(site);` at every loop back-edge and
 * function entry (passes/fuel.ts), which is how those placements stop a runaway loop
 * deterministically: V8 has no interrupt counter a host can poll, and a bounded, charged check of
 * every string `+`, `+=` and template literal (passes/strings.ts): V8 makes ropes of them; and a
 * charge of the index keys a for-in makes before its first iteration (passes/for-in.ts) and of
 * the string a unary plus parses (passes/number-parse.ts); and a check at every catch and
 * finally that ends the call when V8's own stack overflowed (passes/overflow.ts).
 *
 * The output is a CommonJS body (`require("spin-kernel/extension")`, `exports.default = …`),
 * which the V8 engines wrap in a function that holds the fuel counter as a local
 * (sandbox/native/): an ES module cannot be evaluated in a Compartment without a module loader,
 * and a global counter would be looked up through the Compartment's scope on every decrement.
 * The reserved `__sfi` names are refused, as in SFI mode: the counter must be ours alone.
 *
 * The body is evaluated by SES, which refuses any text that looks like a dynamic import, an HTML
 * comment or a direct eval, in literals too: comments are dropped, literals written escaped
 * (ses-text.ts), and what is left is refused here at its TypeScript position; so is a regex
 * literal the host's V8 cannot compile (red team 13).
 */
import ts from "../typescript.js";
import { mapData, toRawSourceMap, transpileCompilerOptions } from "../transpile.js";
import { positionMapper, type PositionMapData } from "../positions.js";
import { analyze } from "./analysis.js";
import { rewriteRejection, transpileOrRefuse } from "./rewrite.js";
import { SiteTable, type RewriteContext } from "./context.js";
import { resolveSfiOptions } from "./options.js";
import { fuelPass } from "./passes/fuel.js";
import { stringsPass } from "./passes/strings.js";
import { throwsPass } from "./passes/throws.js";
import { overflowPass } from "./passes/overflow.js";
import { forInPass } from "./passes/for-in.js";
import { numberParsePass } from "./passes/number-parse.js";
import { SITE_LINE_BASE } from "../../sandbox/sfi-runtime.js";
import { ExtensionRejected, codeFrame } from "../diagnostics.js";
import { sesLiteralsPass, sesRefusedAt, v8LiteralRefusals } from "./ses-text.js";

export interface FuelRewrite {
  /** The CommonJS body with fuel checks. */
  readonly js: string;
  /** JS position (1-based, in `js`) → TypeScript position; lines from SITE_LINE_BASE name check sites. */
  mapPosition(line: number, column: number): { line: number; column: number } | undefined;
  /** The same mapping as data (positions.ts). */
  readonly positions: PositionMapData;
  /** Check sites, `file.ts:line:col`, by site number. */
  readonly sites: readonly string[];
  /** Checks inserted, e.g. `{ "fuel.loop": 2, "fuel.entry": 3 }`. */
  readonly stats: Readonly<Record<string, number>>;
}

/** Only the reserved-name refusal of SFI's analysis applies here: the rest is the verifier's job in these placements. */
const REFUSED_CODES = new Set(["sfi/reserved-name"]);

export function rewriteWithFuel(file: string, source: string): FuelRewrite {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const { analysis, errors } = analyze(sf);
  const sites = new SiteTable(sf, file);
  const ctx: RewriteContext = {
    sf,
    options: resolveSfiOptions(),
    sites,
    analysis,
    stats: {},
    errors: [...errors.filter((e) => REFUSED_CODES.has(e.code)), ...v8LiteralRefusals(sf)],
  };
  const out = transpileOrRefuse(sf, file, () =>
    ts.transpileModule(source, {
      fileName: file,
      compilerOptions: {
        ...transpileCompilerOptions,
        module: ts.ModuleKind.CommonJS,
        verbatimModuleSyntax: false,
        esModuleInterop: false,
        // A comment could hold text that SES refuses in evaluated code (`import(`, `<!--`).
        removeComments: true,
      },
      reportDiagnostics: true,
      // The strings pass runs after the fuel pass: default values and class fields are functions
      // by then. The overflow pass runs first, so that it sees the extension's own try statements only.
      transformers: {
        before: [
          overflowPass(ctx),
          fuelPass(ctx, { depth: true }),
          stringsPass(ctx),
          throwsPass(ctx),
          forInPass(ctx),
          numberParsePass(ctx),
        ],
        // On the JavaScript, last: literals written so that SES's evaluate finds nothing to refuse in them.
        after: [sesLiteralsPass()],
      },
    }),
  );
  const syntax = (out.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (ctx.errors.length > 0 || syntax.length > 0) throw rewriteRejection(sf, file, ctx.errors, syntax);
  if (out.sourceMapText === undefined) throw new Error(`internal: no source map for ${file}`);
  const js = out.outputText.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n");
  const positions: PositionMapData = {
    ...mapData(toRawSourceMap(JSON.parse(out.sourceMapText) as unknown, file), 0),
    siteLineBase: SITE_LINE_BASE,
    sites: sites.sites.map((site) => ({ line: site.line, column: site.column })),
  };
  const mapPosition = positionMapper(positions);
  refuseWhatSesWould(file, source, js, mapPosition);
  return { js, mapPosition, positions, sites: sites.labels(), stats: { ...ctx.stats } };
}

/**
 * The last check (ses-text.ts): text SES would still refuse in the module (outside literals: a
 * method named `import`) is refused here, at its place in the TypeScript, rather than by SES at a
 * line of the wrapped module.
 */
function refuseWhatSesWould(file: string, source: string, js: string, mapPosition: FuelRewrite["mapPosition"]): void {
  const found = sesRefusedAt(js);
  if (found === undefined) return;
  const before = js.slice(0, found.index).split("\n");
  const at = mapPosition(before.length, (before.at(-1)?.length ?? 0) + 1) ?? { line: 1, column: 1 };
  const frame = codeFrame(source, at.line, at.column);
  throw new ExtensionRejected(
    [
      {
        file,
        line: at.line,
        column: at.column,
        source: "verifier",
        code: "ses-refused-text",
        message: `the module's JavaScript holds ${found.what} near here, which SES (the native and server placements) refuses anywhere in a module's text: write it another way (a method named \`import\` or \`eval\` as a quoted name \`"import"()\`), or run the extension in typed or sfi`,
        ...(frame ? { frame } : {}),
      },
    ],
    file,
  );
}
