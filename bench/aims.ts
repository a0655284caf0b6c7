/**
 * What a benchmark concludes, as data: each aim with its verdict, and each cost found as a
 * difference of two measurements. The machine is shared and host time is noisy, so a verdict
 * rests on a 95% confidence interval of the median of the repetitions (bench/latency.ts: order
 * statistics, no normality assumed): `met` or `missed` only when the whole interval lies on one
 * side of the target, `inconclusive` when it straddles the target (the spread is too wide) or
 * when there are too few repetitions for an interval at all. A cost is a difference of paired
 * figures: reported only when the interval of the paired differences lies above zero, otherwise
 * as below the noise of the measurement, never as a negative cost.
 */
import type { Aim, Cost, Verdict } from "../render/bench-report.js";
import { CONFIDENCE, medianInterval, repetitionsForInterval } from "./latency.js";
import { median } from "./stats.js";

export type { Aim, Cost, Verdict };

/** Why an aim with no interval is inconclusive (the remedy included). */
export function tooFewReason(n: number): string {
  return `too few repetitions (${n}) for a ${Math.round(CONFIDENCE * 100)}% interval: repeat at least ${repetitionsForInterval()} times`;
}

/** An aim judged on every repetition's figure (`samples`, at least one). */
export function judgeAim(name: string, samples: readonly number[], op: Aim["op"], target: number, unit = ""): Aim {
  if (samples.length === 0) throw new Error(`bench: no samples for the aim ${name}`);
  const holds = (x: number) => (op === "≥" ? x >= target : x <= target);
  const ci = medianInterval(samples);
  const base = { name, value: median(samples), op, target, unit, n: samples.length };
  if (ci === undefined)
    return {
      ...base,
      lo: Math.min(...samples),
      hi: Math.max(...samples),
      interval: "range",
      verdict: "inconclusive",
      reason: tooFewReason(samples.length),
    };
  const verdict: Verdict =
    holds(ci.lo) && holds(ci.hi) ? "met" : !holds(ci.lo) && !holds(ci.hi) ? "missed" : "inconclusive";
  return {
    ...base,
    lo: ci.lo,
    hi: ci.hi,
    interval: "ci95",
    verdict,
    ...(verdict === "inconclusive" ? { reason: "spread too wide" } : {}),
  };
}

/**
 * The cost of something as the difference of paired measurements with and without it (taken
 * alternately, so that drift hits both alike). Measured only when the interval of the paired
 * differences' median lies above zero.
 */
export function judgeCost(
  name: string,
  withSamples: readonly number[],
  withoutSamples: readonly number[],
  unit: string,
): Cost {
  const n = Math.min(withSamples.length, withoutSamples.length);
  if (n === 0) throw new Error(`bench: no samples for the cost ${name}`);
  const diffs = Array.from({ length: n }, (_, i) => withSamples[i]! - withoutSamples[i]!);
  const ci = medianInterval(diffs);
  const measured = ci !== undefined && ci.lo > 0;
  return {
    name,
    value: measured ? median(diffs) : null,
    measured,
    ...(ci !== undefined ? { lo: ci.lo, hi: ci.hi } : {}),
    withValue: median(withSamples),
    withoutValue: median(withoutSamples),
    unit,
    ...(measured ? {} : { reason: ci === undefined ? tooFewReason(n) : "its interval includes zero" }),
  };
}
