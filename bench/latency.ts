/**
 * Latency distributions and intervals, as every benchmark that reports them computes them:
 *  - per-event latencies go into an HdrHistogram (hdr-histogram-js: the recorder latency tools
 *    such as wrk2 and the JVM's jHiccup use), kept in integer nanoseconds to 3 significant
 *    digits, and are reported as percentiles (p50, p90, p99, p99.9, max);
 *  - the median of repeated measurements gets a distribution-free 95% confidence interval from
 *    order statistics (the binomial interval of a median: no normality assumed, one outlier
 *    block of a loaded machine moves it by one rank, not by its size).
 */
import { build, type Histogram } from "hdr-histogram-js";

/** The percentiles every latency report shows, in this order. */
export const PERCENTILES = [50, 90, 99, 99.9] as const;

/** A latency distribution, µs: what a table row, a JSON object and a CSV line carry. */
export interface Distribution {
  /** Events recorded. */
  readonly count: number;
  readonly meanUs: number;
  readonly p50Us: number;
  readonly p90Us: number;
  readonly p99Us: number;
  readonly p999Us: number;
  readonly maxUs: number;
}

/** A fresh recorder of latencies in ns (values ≥ 1 ns; larger ones resize it). */
export function latencyHistogram(significantDigits: 2 | 3 = 3): Histogram {
  return build({ numberOfSignificantValueDigits: significantDigits, autoResize: true });
}

/** Record a latency given in ns (rounded to a whole ns; 0 is kept as 0). */
export function recordNs(h: Histogram, ns: number): void {
  h.recordValue(Math.max(0, Math.round(ns)));
}

/** The distribution a histogram holds, µs (all zero for an empty one). */
export function distributionOf(h: Histogram): Distribution {
  if (h.totalCount === 0) return { count: 0, meanUs: 0, p50Us: 0, p90Us: 0, p99Us: 0, p999Us: 0, maxUs: 0 };
  // A percentile is the highest value of its bucket (3 significant digits), which can lie a
  // little above the largest value recorded: it is capped there, so that p99.9 ≤ max always.
  const max = h.maxValue;
  const at = (p: number) => Math.min(h.getValueAtPercentile(p), max) / 1000;
  return {
    count: h.totalCount,
    meanUs: h.mean / 1000,
    p50Us: at(50),
    p90Us: at(90),
    p99Us: at(99),
    p999Us: at(99.9),
    maxUs: max / 1000,
  };
}

/** A confidence interval of a median: [lo, hi] and the coverage it actually has (≥ the level asked). */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  /** The exact coverage of [x(k), x(n+1-k)] for a continuous distribution, e.g. 0.969 for n = 6. */
  readonly coverage: number;
}

/** The confidence level every interval of `spin bench` aims at. */
export const CONFIDENCE = 0.95;

/** P(X ≤ k) for X ~ Binomial(n, 1/2), exactly (n ≤ 1,000 is plenty for repetitions). */
function binomialHalfCdf(n: number, k: number): number {
  let term = 0.5 ** n; // C(n,0)/2^n
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term = (term * (n - i + 1)) / i;
    sum += term;
  }
  return sum;
}

/**
 * The distribution-free confidence interval of the median of `samples` at `level`: the narrowest
 * symmetric pair of order statistics that still covers the median with probability ≥ `level`.
 * Undefined when there are too few samples for that level (fewer than 6 at 95%).
 */
export function medianInterval(samples: readonly number[], level = CONFIDENCE): Interval | undefined {
  const n = samples.length;
  if (n === 0 || n > 1000) return undefined;
  const s = [...samples].sort((a, b) => a - b);
  // Coverage of [x(k), x(n+1-k)] (1-based) is 1 − 2·P(X ≤ k−1); the largest k that keeps it ≥ level.
  let best: Interval | undefined;
  for (let k = 1; 2 * k <= n + 1; k++) {
    const coverage = 1 - 2 * binomialHalfCdf(n, k - 1);
    if (coverage < level) break;
    best = { lo: s[k - 1]!, hi: s[n - k]!, coverage };
  }
  return best;
}

/** The fewest repetitions whose median has an interval at `level` (6 at 95%). */
export function repetitionsForInterval(level = CONFIDENCE): number {
  for (let n = 1; n <= 1000; n++) if (1 - 2 * 0.5 ** n >= level) return n;
  return 1000;
}
