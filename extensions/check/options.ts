import ts from "typescript";

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
 * The options above as a tsconfig, for an editor (`spin init` writes it; bench/sandbox-dispatch.ts
 * compares with tsc); test/loader/init-tsconfig.test.ts keeps the two in step.
 */
export function extensionTsconfig(api: string): object {
  return {
    compilerOptions: {
      strict: true,
      noImplicitAny: true,
      noImplicitThis: true,
      noImplicitReturns: true,
      noFallthroughCasesInSwitch: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      useUnknownInCatchVariables: true,
      allowUnreachableCode: false,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      noEmit: true,
      lib: ["ES2022"],
      types: [],
      target: "ES2022",
      module: "ES2022",
      moduleResolution: "bundler",
      moduleDetection: "force",
      skipLibCheck: true,
      paths: { "spin-kernel/extension": [api] },
    },
    include: ["*.ts"],
  };
}
