/** A run's report reduced to what a sweep keeps of it. */
import type { RunReport } from "../../kernel/machine/report.js";
import type { RunFigures } from "./protocol.js";

export function runFigures(report: RunReport): RunFigures {
  const t = report.totals;
  return {
    references: t.references,
    faults: t.faults,
    majorFaults: t.majorFaults,
    minorFaults: t.minorFaults,
    evictions: t.evictions,
    writeBacks: t.writeBacks,
    prefetches: t.prefetches,
    simulatedNs: report.simulatedNs,
    checkOk: report.check.ok,
  };
}
