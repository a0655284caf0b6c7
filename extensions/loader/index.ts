/**
 * Downloadable TypeScript extensions: load-time checks, a QuickJS sandbox per extension, handlers
 * installed in the kernel's dispatcher on behalf of one application, a watchdog, and accounting.
 */
export { loadExtensions, DEFAULT_MAX_VIOLATIONS } from "./load.js";
export type { ExtensionRequest, LoadOptions, LoadedExtension, LoadedExtensions } from "./load.js";
export { runWithExtensions, runBaseline, builtinPolicies } from "./run.js";
export type { ExtensionRunReport, RunHooks } from "./run.js";
export type { ExtensionReport, ViolationRecord, UnloadRecord } from "./account.js";
export { VIOLATIONS_KEPT } from "./account.js";
export { ExtensionInputError, ExtensionLoadError, formatLoadProblem, type LoadProblem } from "./errors.js";
export { executionModes, typedMode, type ExecutionMode, type PreparedExtension, type PrepareContext } from "./modes.js";
export { apiDeclarationFile, defaultScenarioFile, packageRoot } from "./paths.js";
export { EXTENSION_DEFAULT_OPTIONS } from "./install.js";
