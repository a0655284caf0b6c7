/** One subject's figure in `spin bench placement`: the median of its samples, the median's 95% interval and every sample. */
import { type Interval, medianInterval } from "../latency.js";
import { median } from "../stats.js";

export interface PerEvent {
  readonly us: number;
  readonly ci: Interval | null;
  readonly samplesUs: readonly number[];
}

/** µs samples (blocks or runs) as a PerEvent. */
export function perEvent(samplesUs: readonly number[]): PerEvent {
  return { us: median(samplesUs), ci: medianInterval(samplesUs) ?? null, samplesUs };
}
