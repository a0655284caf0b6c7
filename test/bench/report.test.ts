/**
 * The one report format of `spin bench` (render/bench-report.ts): every aim with a verdict (met,
 * missed, inconclusive), never a negative cost, the same layout for every benchmark (issue 12:
 * `(aim ≥ 0.50)` without met/missed, `-0.32 µs per call`, and `spin bench kernel` in a format of
 * its own). Built from hand-made results: no host time is asserted.
 */
import { describe, expect, it } from "vitest";
import { judgeAim, judgeCost } from "../../bench/aims.js";
import {
  distributionOf,
  latencyHistogram,
  medianInterval,
  recordNs,
  repetitionsForInterval,
} from "../../bench/latency.js";
import { formatSweep, summarize } from "../../bench/dispatch/report.js";
import type { Point, SweepResult } from "../../bench/dispatch/sweep.js";
import { formatThroughput, type ThroughputResult } from "../../bench/kernel-throughput.js";
import { spin } from "../cli/run-cli.js";

const machine = {
  node: "v20.0.0",
  platform: "linux",
  arch: "x64",
  cpus: 2,
  cpuModel: "Test CPU",
  loadStart: [1.5, 1, 1],
  loadEnd: [2.25, 1, 1],
};
const MACHINE_LINE = "machine: 2 cores, Test CPU, Node v20.0.0\nload average (1 min): 1.5 at start, 2.3 at end";

function throughput(kernelRunsMs: number[], ceilingRunsMs: number[]): ThroughputResult {
  return {
    options: { refs: 1_000_000, reps: kernelRunsMs.length, pages: 3072, frames: 1024, seed: 42 },
    machine,
    kernelRefsPerSec: 1e6 / (kernelRunsMs[0]! / 1000),
    ceilingRefsPerSec: 1e6 / (ceilingRunsMs[0]! / 1000),
    ratio: ceilingRunsMs[0]! / kernelRunsMs[0]!,
    kernelRunsMs,
    ceilingRunsMs,
    kernelFaults: 100,
    ceilingFaults: 100,
    kernelHeapBytesPerRef: 0,
  };
}

const dist = (us: number) => ({ count: 10, meanUs: us, p50Us: us, p90Us: us, p99Us: us, p999Us: us, maxUs: us });

function point(config: string, handlers: number, samplesUs: number[]): Point {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const m = sorted[sorted.length >> 1]!;
  return {
    config,
    kind: "builtin",
    layout: "builtin",
    match: "one",
    guard: "vpn",
    extensions: handlers,
    perExtension: 1,
    handlers,
    matchedPerEvent: 1,
    crossingsPerEvent: 0,
    medianUs: m,
    minUs: sorted[0]!,
    maxUs: sorted[sorted.length - 1]!,
    ci: null,
    samplesUs,
    p50SamplesUs: samplesUs,
    latency: dist(m),
    perApp: [],
    instructionsPerEvent: 0,
    fuelPerEvent: 0,
    perHandlerUs: m,
  };
}

function sweep(armed: number[], plain: number[], oneUs: number[], manyUs: number[]): SweepResult {
  return {
    schema: "spin-bench-dispatch/2",
    machine,
    options: {
      event: "Translation.PageNotPresent",
      handlers: [1, 64],
      kinds: ["builtin"],
      layouts: [],
      matches: ["one"],
      guard: "vpn",
      grid: null,
      ext: null,
      apps: 1,
      result: "last",
      resident: 64,
      events: 200,
      reps: oneUs.length,
      warmup: 100,
      seed: 7,
      otherEvent: false,
      maxOneEach: null,
    },
    event: "Translation.PageNotPresent",
    reference: {
      clockReadUs: 0.05,
      bareCallUs: plain[0]!,
      bareCallArmedUs: armed[0]!,
      bareCallRoundsUs: plain,
      bareCallArmedRoundsUs: armed,
      vmInvokeUs: 10,
    },
    points: [point("builtin, match one", 1, oneUs), point("builtin, match one", 64, manyUs)],
    accounts: [],
    competition: { events: 0, rows: [] },
  };
}

describe("aims and costs", () => {
  it("the 95% interval of a median is the pair of order statistics the binomial law gives", () => {
    // n=6: [x(1), x(6)] covers the median with 1 − 2/64 = 0.969; n=5 has no 95% interval (0.9375).
    expect(medianInterval([5, 1, 4, 2, 6, 3])).toEqual({ lo: 1, hi: 6, coverage: 1 - 2 / 64 });
    expect(medianInterval([1, 2, 3, 4, 5])).toBeUndefined();
    expect(repetitionsForInterval()).toBe(6);
    // n=10: k=2, coverage 1 − 2·(1+10)/1024.
    const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
    expect(medianInterval(ten)).toEqual({ lo: 2, hi: 9, coverage: 1 - (2 * 11) / 1024 });
  });

  it("an aim is met or missed only when its whole interval agrees; inconclusive otherwise, with the reason", () => {
    expect(judgeAim("r", [0.6, 0.7, 0.8, 0.9, 0.65, 0.75], "≥", 0.5)).toMatchObject({
      verdict: "met",
      interval: "ci95",
      lo: 0.6,
      hi: 0.9,
    });
    expect(judgeAim("r", [0.3, 0.4, 0.45, 0.35, 0.3, 0.4], "≥", 0.5).verdict).toBe("missed");
    // One outlier block is enough to make the interval straddle the target.
    expect(judgeAim("r", [1.2, 1.3, 1.25, 1.2, 1.3, 3.0], "≤", 1.5)).toMatchObject({
      verdict: "inconclusive",
      reason: "spread too wide",
    });
    // Five repetitions agreeing still make no 95% interval: no verdict, and how many to run.
    expect(judgeAim("r", [1.2, 1.3, 1.25, 1.2, 1.3], "≤", 1.5)).toMatchObject({
      verdict: "inconclusive",
      interval: "range",
      reason: expect.stringMatching(/too few repetitions \(5\) for a 95% interval: repeat at least 6 times/),
    });
  });

  it("a cost is measured only when the interval of its paired differences lies above zero; never negative", () => {
    const up = judgeCost("c", [1.3, 1.4, 1.35, 1.3, 1.4, 1.32], [1.0, 1.1, 1.05, 1.0, 1.1, 1.02], " µs");
    expect(up).toMatchObject({ measured: true });
    expect(up.value).toBeCloseTo(0.3);
    const noisy = judgeCost("c", [0.7, 1.2, 1.1, 1.3, 1.2, 1.1], [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], " µs");
    expect(noisy).toMatchObject({ measured: false, value: null, reason: "its interval includes zero" });
    expect(judgeCost("c", [1.3], [1.0], " µs")).toMatchObject({ measured: false, value: null });
  });

  it("an HdrHistogram keeps percentiles of the recorded latencies to 3 significant digits", () => {
    const h = latencyHistogram();
    for (let i = 1; i <= 1000; i++) recordNs(h, i * 1000); // 1 … 1000 µs
    const d = distributionOf(h);
    expect(d.count).toBe(1000);
    expect(d.p50Us).toBeCloseTo(500, 0);
    expect(d.p90Us).toBeCloseTo(900, 0);
    expect(d.p99Us).toBeCloseTo(990, 0);
    expect(d.p999Us).toBeCloseTo(999, 0);
    expect(d.maxUs).toBeCloseTo(1000, 0);
    expect(d.meanUs).toBeCloseTo(500.5, 0);
    expect(distributionOf(latencyHistogram()).count).toBe(0);
  });
});

describe("spin bench's one format", () => {
  it("the kernel bench states its aim with a verdict and the machine's load, in the dispatch bench's layout", () => {
    const text = formatThroughput(throughput([40, 41, 42, 40, 41, 42], [15, 16, 17, 15, 16, 17]));
    expect(text.split("\n").slice(1, 3).join("\n")).toBe(MACHINE_LINE);
    expect(text).toContain("throughput, kernel / ceiling\n    0.39× (0.38–0.40, n=6), aim ≥ 0.50×:\n    missed");
    expect(text).toContain("aims: 1 missed");
    const sweepText = formatSweep(
      sweep([1.1, 1.2, 1.3, 1.1, 1.2, 1.3], [1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2], [2.2, 2.4, 2.6, 2.2, 2.4, 2.6]),
    );
    expect(sweepText).toContain(MACHINE_LINE);
    expect(sweepText).toContain(
      "builtin: p50, N=64 with one matching / N=1\n    1.20× (1.10–1.30, n=6), aim ≤ 1.50×:\n    met",
    );
    for (const line of sweepText.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it("a cost below the noise (the armed call measured faster than the bare one) is said so, never printed negative", () => {
    const r = sweep(
      [0.7, 1.1, 0.9, 1.0, 0.95, 1.05],
      [1.02, 1.0, 1.01, 1.0, 1.0, 1.0],
      [2, 2, 2, 2, 2, 2],
      [2.2, 4, 2.6, 2.2, 2.4, 2.3],
    );
    const text = formatSweep(r);
    expect(text).not.toMatch(/-\d/);
    expect(text).toContain(
      "below the noise of this measurement (its interval includes zero):\n    with 0.97 µs, without 1.00 µs",
    );
    expect(summarize(r).aims[0]).toMatchObject({ verdict: "inconclusive", reason: "spread too wide" });
    expect(text).toContain("aim ≤ 1.50×:\n    inconclusive: spread too wide");
  });

  it("spin bench kernel prints the shared format, and --json carries the verdict", async () => {
    const r = await spin("bench", "kernel", "--refs", "2000", "--reps", "2");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^spin bench kernel: 2,000 references/);
    expect(r.stdout).toContain("aim ≥ 0.50×:\n    inconclusive: too few repetitions (2) for a 95% interval");
    const j = await spin("bench", "kernel", "--refs", "2000", "--reps", "2", "--json");
    const aims = (JSON.parse(j.stdout) as { aims: { verdict: string; target: number }[] }).aims;
    expect(aims).toHaveLength(1);
    expect(["met", "missed", "inconclusive"]).toContain(aims[0]!.verdict);
    expect(aims[0]!.target).toBe(0.5);
  });
});
