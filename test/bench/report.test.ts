/**
 * The one report format of `spin bench` (render/bench-report.ts): every aim with a verdict (met,
 * missed, inconclusive), never a negative cost, the same layout for every benchmark (issue 12:
 * `(aim ≥ 0.50)` without met/missed, `-0.32 µs per call`, and `spin bench kernel` in a format of
 * its own). Built from hand-made results: no host time is asserted.
 */
import { describe, expect, it } from "vitest";
import { judgeAim, judgeCost } from "../../bench/aims.js";
import { formatSweep, summarize } from "../../bench/dispatch/report.js";
import type { Point, SweepResult } from "../../bench/dispatch/sweep.js";
import { formatThroughput, type ThroughputResult } from "../../bench/kernel-throughput.js";
import { spin } from "../cli/run-cli.js";

const machine = { node: "v20.0.0", platform: "linux", arch: "x64", cpus: 2, cpuModel: "Test CPU" };

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

function point(config: string, handlers: number, samplesUs: number[]): Point {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  return {
    config,
    kind: "native",
    layout: "native",
    match: "one",
    handlers,
    matchedPerEvent: 1,
    crossingsPerEvent: 0,
    medianUs: sorted[sorted.length >> 1]!,
    minUs: sorted[0]!,
    maxUs: sorted[sorted.length - 1]!,
    samplesUs,
    instructionsPerEvent: 0,
    perHandlerUs: sorted[sorted.length >> 1]!,
  };
}

function sweep(armed: number[], plain: number[], oneUs: number[], manyUs: number[]): SweepResult {
  return {
    schema: "spin-bench-dispatch/1",
    machine,
    options: {
      handlers: [1, 64],
      kinds: ["native"],
      layouts: [],
      matches: ["one"],
      events: 200,
      reps: oneUs.length,
      warmup: 100,
      seed: 7,
      otherEvent: false,
      maxOneEach: null,
    },
    event: "Translation.PageNotPresent",
    reference: {
      bareCallUs: plain[0]!,
      bareCallArmedUs: armed[0]!,
      bareCallRoundsUs: plain,
      bareCallArmedRoundsUs: armed,
      vmInvokeUs: 10,
    },
    points: [point("native, match one", 1, oneUs), point("native, match one", 64, manyUs)],
    accounts: [],
    competition: { events: 0, rows: [] },
  };
}

describe("aims and costs", () => {
  it("an aim is met or missed only when every repetition agrees; otherwise inconclusive", () => {
    expect(judgeAim("r", [0.6, 0.7, 0.8], "≥", 0.5).verdict).toBe("met");
    expect(judgeAim("r", [0.3, 0.4, 0.45], "≥", 0.5).verdict).toBe("missed");
    expect(judgeAim("r", [0.4, 0.6], "≥", 0.5).verdict).toBe("inconclusive");
    expect(judgeAim("r", [1.2, 1.4], "≤", 1.5).verdict).toBe("met");
    expect(judgeAim("r", [1.6, 1.4], "≤", 1.5)).toMatchObject({
      verdict: "inconclusive",
      lo: 1.4,
      hi: 1.6,
      value: 1.5,
    });
  });

  it("a cost is measured only when every pair shows it; a negative difference is never a cost", () => {
    expect(judgeCost("c", [1.3, 1.4], [1.0, 1.1], " µs")).toMatchObject({ measured: true });
    expect(judgeCost("c", [1.3, 1.4], [1.0, 1.1], " µs").value).toBeCloseTo(0.3);
    expect(judgeCost("c", [0.7, 1.2], [1.0, 1.0], " µs")).toMatchObject({ measured: false, value: null });
  });
});

describe("spin bench's one format", () => {
  it("the kernel bench states its aim with a verdict, in the dispatch bench's layout", () => {
    const text = formatThroughput(throughput([40, 41, 42], [15, 16, 17]));
    expect(text).not.toMatch(/\(aim [≥≤]/);
    expect(text.split("\n")[1]).toBe("machine: 2 cores, Test CPU, Node v20.0.0");
    expect(text).toMatch(/│ aim +│ +measured \(range\) │ +target │ verdict +│/);
    expect(text).toMatch(/│ throughput, kernel \/ ceiling │ +0\.39× \(0\.38–0\.40\) │ ≥ 0\.50× │ missed +│/);
    expect(text).toContain("aims: 1 missed");
    const sweepText = formatSweep(sweep([1.1, 1.2, 1.3], [1, 1, 1], [2, 2, 2], [2.2, 2.4, 2.6]));
    expect(sweepText.split("\n")[1]).toBe("machine: 2 cores, Test CPU, Node v20.0.0");
    expect(sweepText).toMatch(/│ aim +│ +measured \(range\) │ +target │ verdict +│/);
    expect(sweepText).toMatch(/│ native: N=64 with one matching \/ N=1 │ +1\.20× \(1\.10–1\.30\) │ ≤ 1\.50× │ met +│/);
  });

  it("a cost below the noise (the armed call measured faster than the bare one) is said so, never printed negative", () => {
    const r = sweep([0.7, 1.1, 0.9], [1.02, 1.0, 1.01], [2, 2, 2], [2.2, 4, 2.6]);
    const text = formatSweep(r);
    expect(text).not.toMatch(/-\d/);
    expect(text).toMatch(
      /arming the interrupt handler and meter for untrusted code, per call: below the noise of this measurement \(with 0\.90 µs, without 1\.01 µs/,
    );
    expect(summarize(r).aims[0]).toMatchObject({ verdict: "inconclusive" });
    expect(text).toMatch(/│ native: N=64 with one matching \/ N=1 │ .* │ ≤ 1\.50× │ inconclusive │/);
  });

  it("spin bench kernel prints the shared format, and --json carries the verdict", async () => {
    const r = await spin("bench", "kernel", "--refs", "2000", "--reps", "2");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^spin bench kernel: 2,000 references/);
    expect(r.stdout).toMatch(/│ throughput, kernel \/ ceiling │ .* │ (met|missed|inconclusive) +│/);
    const j = await spin("bench", "kernel", "--refs", "2000", "--reps", "2", "--json");
    const aims = (JSON.parse(j.stdout) as { aims: { verdict: string; target: number }[] }).aims;
    expect(aims).toHaveLength(1);
    expect(["met", "missed", "inconclusive"]).toContain(aims[0]!.verdict);
    expect(aims[0]!.target).toBe(0.5);
  });
});
