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
export { METRIC_NAMES, METRICS, type SweepMetric } from "./metrics.js";
export { anomalies, CSV_COLUMNS, formatSweep, sweepChart, sweepCsv } from "./report.js";
