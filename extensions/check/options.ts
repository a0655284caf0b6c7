import ts from "../typescript.js";

/** The one module an extension may import. */
export const EXTENSION_MODULE = "spin-kernel/extension";

/** The only default library: ES2022, no DOM, no Node. */
export const EXTENSION_LIB = "lib.es2022.d.ts";

/**
 * Compiler options used to type-check an extension. Strict everything,
 * ES2022 library only, no ambient `@types`, no emit.
 */
export const extensionCompilerOptions: Readonly<ts.CompilerOptions> = Object.freeze({
  strict: true,
  noImplicitAny: true,
  noImplicitThis: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  useUnknownInCatchVariables: true,
  noPropertyAccessFromIndexSignature: false,
  allowUnreachableCode: false,
  allowJs: false,
  checkJs: false,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  noEmit: true,
  noLib: false,
  lib: [EXTENSION_LIB],
  types: [],
  typeRoots: [],
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  skipLibCheck: true,
  skipDefaultLibCheck: true,
  noResolve: false,
  experimentalDecorators: false,
});

/**
 * How a tsconfig.json spells the value of each option of `extensionCompilerOptions` whose
 * CompilerOptions value is not its JSON value (TypeScript has no public API that writes options
 * back as JSON). An option missing here that needs one fails test/loader/init-tsconfig.test.ts,
 * which reads the tsconfig back with `ts.convertCompilerOptionsFromJson`.
 */
const TSCONFIG_SPELLING: Readonly<Record<string, (value: never) => unknown>> = {
  target: (v: ts.ScriptTarget) => ts.ScriptTarget[v],
  module: (v: ts.ModuleKind) => ts.ModuleKind[v],
  moduleResolution: (v: ts.ModuleResolutionKind) => ts.ModuleResolutionKind[v].toLowerCase(),
  moduleDetection: (v: ts.ModuleDetectionKind) => ts.ModuleDetectionKind[v].toLowerCase(),
  /** `lib.es2022.d.ts` → `ES2022`. */
  lib: (v: readonly string[]) => v.map((file) => file.replace(/^lib\.|\.d\.ts$/g, "").toUpperCase()),
};

/**
 * `extensionCompilerOptions` as a tsconfig.json, with `spin-kernel/extension` mapped to `api`:
 * what `spin init` writes, so that an editor checks an extension exactly as `spin check` does.
 */
export function extensionTsconfig(api: string): { compilerOptions: Record<string, unknown>; include: string[] } {
  const compilerOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(extensionCompilerOptions)) {
    const spell = TSCONFIG_SPELLING[key];
    compilerOptions[key] = spell === undefined ? value : spell(value as never);
  }
  compilerOptions.paths = { [EXTENSION_MODULE]: [api] };
  return { compilerOptions, include: ["*.ts"] };
}
