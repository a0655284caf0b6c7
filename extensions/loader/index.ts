/**
 * Downloadable TypeScript extensions: load-time checks, a QuickJS sandbox per extension, handlers
 * installed in the kernel's dispatcher on behalf of one application, a watchdog, and accounting.
 */
export { loadExtensions, DEFAULT_MAX_VIOLATIONS, MAX_VIOLATIONS_BOUND } from "./load.js";
export type { ExtensionRequest, LoadOptions, LoadedExtension, LoadedExtensions } from "./load.js";
export {
  runWithExtensions,
  runSupervisedWithExtensions,
  runPreparedSupervised,
  runBaseline,
  builtinPolicies,
  SupervisedLoadError,
} from "./run.js";
export type { ExtensionRunReport, RunHooks, SupervisedLoadOptions, SupervisedRunResult } from "./run.js";
export {
  runSupervised,
  checkSupervised,
  SimulationDied,
  SimulationHeld,
  GRACE_MS,
  KILL_MARGIN_MS,
  supervisedWorkerScript,
  type HostTimes,
  type KillRecord,
  type SupervisedOutcome,
  type SupervisedRunRequest,
} from "./supervised-run.js";
export type { VmSummary } from "./supervised-protocol.js";
export { SimulationPool } from "./simulation-pool.js";
export { extensionApp, prepareExtension, type PreparedWithLocations } from "./prepare.js";
export { MAX_HANDLERS_PER_EVENT } from "./install.js";
export { EVENT_TIMEOUT_FACTOR } from "./attach.js";
export type { ExtensionReport, ViolationRecord, UnloadRecord } from "./account.js";
export { VIOLATIONS_KEPT } from "./account.js";
export {
  ExtensionInputError,
  ExtensionLoadError,
  SimulationAborted,
  formatLoadProblem,
  type LoadProblem,
} from "./errors.js";
export { executionModes, typedMode, type ExecutionMode, type PreparedExtension, type PrepareContext } from "./modes.js";
export { apiDeclarationFile, defaultScenarioFile, packageRoot } from "./paths.js";
export { EXTENSION_DEFAULT_OPTIONS } from "./install.js";
export { EventFile, OutputFileError, eventLine, EVENT_RESULT_MAX, EVENT_TEXT_MAX } from "./event-file.js";
export { compareRuns, type AppComparison, type RunFigures } from "./comparison.js";
export type { LogLine } from "./account.js";
