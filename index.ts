/**
 * spin-kernel as a library: `import { ... } from "spin-kernel"` (docs/LIBRARY.md).
 *
 * What `spin` does, as functions: read a scenario or a trace into a machine configuration, run it
 * with the built-in policies, load TypeScript extensions in a chosen execution mode (in this
 * thread, or in a supervised worker under the host watchdog, as `spin load` does), and read the
 * report as data or as the text `spin` prints. For researchers who embed the kernel: the
 * `Kernel` itself, its SPIN dispatcher and the event catalogue.
 *
 * This file only chooses what is public; every name is defined in its own module.
 */
import { Kernel, type RunOptions } from "./kernel/machine/kernel.js";
import type { MachineConfig } from "./kernel/config.js";
import type { RunReport } from "./kernel/machine/report.js";
import { builtinPolicies } from "./policies/index.js";

// ---- workloads: scenario files, trace files and generators → a machine configuration ----------
export {
  GENERATOR_NAMES,
  WorkloadError,
  loadScenario,
  loadWorkload,
  parseScenario,
  parseTrace,
  readTrace,
  traceConfig,
  type ParsedTrace,
  type TraceConfigOptions,
  type PolicyCheck,
  type TraceOptions,
  type WorkloadOverrides,
} from "./workloads/index.js";

// ---- the machine ------------------------------------------------------------------------------
export {
  Kernel,
  type EventRecord,
  type EventSink,
  type PolicyProvider,
  type RunOptions,
} from "./kernel/machine/kernel.js";
export {
  DEFAULT_COSTS,
  DEFAULT_DISK,
  DEFAULT_QUANTUM_NS,
  KERNEL_LIMITS,
  MachineConfigError,
  SimulationLimitError,
  type AppSpec,
  type CostParams,
  type DiskParams,
  type MachineConfig,
  type PolicyChoice,
  type RegionSpec,
  type ThreadSpec,
} from "./kernel/config.js";
export type { AppReport, HandlerReport, RunReport, ThreadReport } from "./kernel/machine/report.js";
export type { TimelineReport } from "./kernel/machine/timeline.js";
export type { PagerPolicy, PagerView, ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "./kernel/policy.js";

// ---- the SPIN dispatcher and the event catalogue -----------------------------------------------
export {
  Dispatcher,
  type FaultListener,
  type ResultHandler,
  type ResultValidator,
} from "./kernel/dispatcher/dispatcher.js";
export { DispatcherError, DispatcherErrorCode } from "./kernel/dispatcher/errors.js";
export { Binding, type InstallOptions, type Principal } from "./kernel/dispatcher/binding.js";
export { confineToOwnSpace, type Authorizer, type AuthorizerDecision } from "./kernel/dispatcher/authorizer.js";
export type { EventKey, Guard } from "./kernel/dispatcher/guard.js";
export {
  FAULT_KINDS,
  nativeHandler,
  type FaultKind,
  type Handler,
  type HandlerDomain,
  type HandlerFault,
  type HandlerOutcome,
  type SourcePosition,
} from "./kernel/dispatcher/handler.js";
export {
  catalogue,
  eventDefinition,
  eventNames,
  isEventName,
  type EventArgs,
  type EventDefinition,
  type EventName,
  type EventResult,
} from "./kernel/events/catalogue.js";

// ---- the built-in policies --------------------------------------------------------------------
export {
  PolicyError,
  builtinPolicies,
  checkPolicyChoice,
  createPager,
  createScheduler,
  definePolicy,
  listPolicies,
  policyNames,
  type BuiltinPolicy,
  type PagerName,
  type PolicyListing,
  type PolicyProblem,
  type SchedulerName,
} from "./policies/index.js";

// ---- extensions: load-time checks, execution modes, loading and running ------------------------
export {
  DEFAULT_MAX_VIOLATIONS,
  ExtensionInputError,
  ExtensionLoadError,
  apiDeclarationFile,
  defaultScenarioFile,
  formatLoadProblem,
  loadExtensions,
  packageRoot,
  runBaseline,
  runSupervisedWithExtensions,
  runWithExtensions,
  compareRuns,
  eventLine,
  EventFile,
  OutputFileError,
  type AppComparison,
  type LogLine,
  type ExtensionReport,
  type ExtensionRequest,
  type ExtensionRunReport,
  type HostTimes,
  type LoadOptions,
  type LoadProblem,
  type LoadedExtensions,
  type SupervisedLoadOptions,
  type SupervisedRunResult,
  type ViolationRecord,
} from "./extensions/loader/index.js";
export {
  DEFAULT_MODE,
  MODE_NAMES,
  executionModes,
  isModeName,
  modeNamed,
  type ExecutionMode,
  type ModeName,
  type PreparedExtension,
} from "./extensions/loader/modes.js";
export { createSfiMode } from "./extensions/loader/modes/sfi.js";
export { checkExtension, type CheckReport } from "./extensions/check/pipeline.js";
export { ExtensionRejected, formatDiagnostics, type Diagnostic } from "./extensions/diagnostics.js";
export { DEFAULT_LIMITS, type SandboxLimits } from "./sandbox/limits.js";

// ---- reports as `spin` prints them ------------------------------------------------------------
export { formatRunReport } from "./render/run-report.js";
export { formatComparison } from "./render/extension-report.js";
export { renderTimeline, type TimelineRun } from "./render/timeline-chart.js";

/**
 * Run a machine with the built-in policies only, as `spin run` does (without its progress bar):
 * the scenario's own pager and scheduler for each application, or those `loadWorkload`'s
 * overrides chose.
 */
export function runWorkload(config: MachineConfig, options: RunOptions = {}): RunReport {
  return new Kernel(config, builtinPolicies).run(options);
}
