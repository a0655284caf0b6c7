/**
 * What a sweep's table and chart can show of each run (`--metric`). A leaf: the command line reads
 * the names without loading the sweep.
 */
import type { SweepRow } from "./run.js";

export const METRICS = {
  faults: { label: "page faults", value: (r: SweepRow) => r.faults },
  "major-faults": { label: "major page faults (read from disk)", value: (r: SweepRow) => r.majorFaults },
  evictions: { label: "evictions", value: (r: SweepRow) => r.evictions },
  "write-backs": { label: "write-backs", value: (r: SweepRow) => r.writeBacks },
  "miss-ratio": { label: "miss ratio (faults per reference)", value: (r: SweepRow) => r.missRatio },
  "simulated-ms": {
    label: "simulated time (ms)",
    value: (r: SweepRow) => (r.simulatedNs === null ? null : r.simulatedNs / 1e6),
  },
} as const satisfies Record<string, { label: string; value: (r: SweepRow) => number | null }>;

export type SweepMetric = keyof typeof METRICS;
export const METRIC_NAMES = Object.keys(METRICS) as SweepMetric[];
