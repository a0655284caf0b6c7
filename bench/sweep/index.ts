/** `spin sweep`: frames × seeds × workloads × policies and extensions → rows, tables, CSV, SVG. */
export { parseCounts, type CountList } from "./ranges.js";
export {
  defaultSweepWorkers,
  runSweep,
  sweepSeries,
  SweepInputError,
  type SeriesInfo,
  type SweepRequest,
  type SweepResult,
  type SweepRow,
  type SweepWorkload,
} from "./run.js";
export {
  anomalies,
  CSV_COLUMNS,
  formatSweep,
  METRIC_NAMES,
  METRICS,
  sweepChart,
  sweepCsv,
  type SweepMetric,
} from "./report.js";
