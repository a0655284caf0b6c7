/**
 * What a benchmark concludes, as data: each aim with its verdict, and each cost found as a
 * difference of two measurements. A verdict is only `met` or `missed` when every repetition
 * agrees; a figure whose repetitions straddle the target is `inconclusive` (the machine is shared
 * and host time is noisy: one lucky median proves nothing). A cost is a difference of two noisy
 * figures: when the repetitions do not all show it above zero, it is reported as below the noise
 * of the measurement, never as a negative cost.
 */
import type { Aim, Cost, Verdict } from "../render/bench-report.js";
import { median } from "./stats.js";

export type { Aim, Cost, Verdict };

/** An aim judged on every repetition's figure (`samples`, at least one). */
export function judgeAim(name: string, samples: readonly number[], op: Aim["op"], target: number, unit = ""): Aim {
  if (samples.length === 0) throw new Error(`bench: no samples for the aim ${name}`);
  const lo = Math.min(...samples);
  const hi = Math.max(...samples);
  const holds = (x: number) => (op === "≥" ? x >= target : x <= target);
  const verdict: Verdict = holds(lo) && holds(hi) ? "met" : !holds(lo) && !holds(hi) ? "missed" : "inconclusive";
  return { name, value: median(samples), lo, hi, op, target, unit, verdict };
}

/**
 * The cost of something as the difference of paired measurements with and without it (taken
 * alternately, so that drift hits both alike). Measured only when every pair shows it.
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
  const measured = diffs.every((d) => d > 0);
  return {
    name,
    value: measured ? median(diffs) : null,
    measured,
    withValue: median(withSamples),
    withoutValue: median(withoutSamples),
    unit,
  };
}
