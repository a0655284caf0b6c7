/** The workload inputs: trace files, synthetic generators and scenario files → MachineConfig. */
export { WorkloadError, ScenarioError, TraceError, closestName, didYouMean } from "./errors.js";
export { loadScenario, loadWorkload, parseScenario, type PolicyCheck } from "./scenario.js";
export { parseTrace, readTrace, traceConfig, traceToConfig } from "./trace.js";
export type { ParsedTrace, TraceApp, TraceConfigOptions, TraceFormat, TraceOptions } from "./trace.js";
export {
  DEFAULT_FRAMES,
  DEFAULT_PAGER,
  DEFAULT_SCHEDULER,
  DEFAULT_SEED,
  withOverrides,
  type WorkloadOverrides,
} from "./machine.js";
export {
  GENERATORS,
  GENERATOR_NAMES,
  WorkloadReader,
  findGenerator,
  generateWorkload,
  type WorkloadSpec,
} from "./generators/registry.js";
export type { Generated, Generator } from "./generators/types.js";
export { mergeRanges, pagesOfStream, rangesContain, type PageRange } from "./pages.js";
