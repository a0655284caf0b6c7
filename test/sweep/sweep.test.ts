/**
 * The sweep engine (bench/sweep/): the figures of every run equal a run of the kernel alone, LRU's
 * one pass equals the kernel's LRU, the output does not depend on the number of workers, FIFO
 * shows Belady's anomaly on Belady's string, and every count a user controls is bounded.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseCounts } from "../../bench/sweep/ranges.js";
import { anomalies, formatSweep, sweepChart, sweepCsv } from "../../bench/sweep/report.js";
import { runSweep, SweepInputError, sweepSeries } from "../../bench/sweep/run.js";
import { runWithExtensions } from "../../extensions/loader/index.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { builtinPolicies, checkPolicyChoice } from "../../policies/index.js";
import { loadWorkload } from "../../workloads/index.js";
import { MAX_SWEEP_FRAMES, MAX_SWEEP_RUNS } from "../../workloads/limits.js";

const root = path.resolve(import.meta.dirname, "../..");
const scenario = (name: string) => path.join(root, "examples/scenarios", `${name}.json`);

describe("frame counts as written", () => {
  it("expands ranges, factors, steps and lists, ascending without repeats", () => {
    expect(parseCounts("frames", "1..4", 1, 100, 10)).toEqual({ ok: true, counts: [1, 2, 3, 4] });
    expect(parseCounts("frames", "1..64x2", 1, 100, 10)).toEqual({ ok: true, counts: [1, 2, 4, 8, 16, 32, 64] });
    expect(parseCounts("frames", "10..40+10,5,10", 1, 100, 10)).toEqual({ ok: true, counts: [5, 10, 20, 30, 40] });
  });
  it("refuses what it cannot read, backwards ranges, counts out of bounds and too many counts, saying how to write them", () => {
    const message = (text: string) => {
      const r = parseCounts("frames", text, 1, 1000, 8);
      return r.ok ? "ok" : r.message;
    };
    expect(message("1-4")).toBe(
      '--frames: cannot read "1-4" (write counts from 1 to 1000 as 4, 1..8, 1..64x2, 10..100+10 or a comma-separated list of these)',
    );
    expect(message("8..2")).toMatch(/^--frames: "8\.\.2" runs backwards: write the smaller count first/);
    expect(message("0..4")).toMatch(/^--frames: 0 is outside 1\.\.1000/);
    expect(message("1..5000")).toMatch(/^--frames: 5000 is outside 1\.\.1000/);
    expect(message("1..9")).toMatch(/holds more than 8 counts, the most one sweep runs/);
    expect(message("1..8x1")).toMatch(/the factor in "1\.\.8x1" must be 2 or more/);
    // A huge range is refused after `max` counts, not built first.
    expect(parseCounts("frames", "1..9007199254740991", 1, Number.MAX_SAFE_INTEGER, 8).ok).toBe(false);
  });
});

describe("spin sweep's engine", () => {
  it("gives each run the figures of the kernel run alone with the same frames and pager", async () => {
    const result = await runSweep({
      workloads: [scenario("looping")],
      frames: [4, 8],
      pagers: ["fifo", "clock"],
      workers: 1,
    });
    expect(result.rows.map((r) => [r.series, r.frames])).toEqual([
      ["fifo", 4],
      ["fifo", 8],
      ["clock", 4],
      ["clock", 8],
    ]);
    for (const row of result.rows) {
      const config = loadWorkload(scenario("looping"), { frames: row.frames, pager: row.series }, checkPolicyChoice);
      const report = new Kernel(config, builtinPolicies).run();
      expect(row.source).toBe("kernel");
      expect([row.faults, row.majorFaults, row.evictions, row.writeBacks, row.simulatedNs]).toEqual([
        report.totals.faults,
        report.totals.majorFaults,
        report.totals.evictions,
        report.totals.writeBacks,
        report.simulatedNs,
      ]);
    }
  });

  it("shows Belady's anomaly for FIFO on Belady's string, and none for LRU and OPT (stack algorithms)", async () => {
    const result = await runSweep({
      workloads: [scenario("belady")],
      frames: [1, 2, 3, 4, 5],
      pagers: ["fifo", "lru", "opt"],
      workers: 1,
    });
    const faults = (series: string) => result.rows.filter((r) => r.series === series).map((r) => r.faults);
    expect(faults("fifo")).toEqual([12, 12, 9, 10, 5]);
    expect(faults("lru")).toEqual([12, 12, 10, 8, 5]);
    expect(faults("opt")).toEqual([12, 9, 7, 6, 5]);
    expect(result.rows.filter((r) => r.series === "lru").every((r) => r.source === "stack")).toBe(true);
    expect(anomalies(result.rows)).toEqual(["fifo: 9 faults at 3 frames, 10 at 4"]);
    expect(formatSweep(result)).toContain(
      "more frames, more faults (Belady's anomaly):\n  fifo: 9 faults at 3 frames, 10 at 4",
    );
    expect(result.notes).toEqual(["belady: lru's curve from one pass (Mattson's stack algorithm)"]);
  });

  it("counts LRU's one pass as the kernel counts LRU, and runs the kernel where one pass would not be exact", async () => {
    const request = {
      workloads: [scenario("write-heavy"), scenario("two-apps")],
      frames: [2, 5, 16, 64],
      pagers: ["lru"],
      workers: 1,
    };
    const stack = await runSweep(request);
    const kernel = await runSweep({ ...request, stack: false });
    const counts = (rows: typeof stack.rows) =>
      rows.map((r) => [r.workload, r.frames, r.faults, r.majorFaults, r.evictions, r.writeBacks]);
    expect(counts(stack.rows)).toEqual(counts(kernel.rows));
    expect(stack.rows.filter((r) => r.workload === "write-heavy").every((r) => r.source === "stack")).toBe(true);
    expect(stack.rows.filter((r) => r.workload !== "write-heavy").every((r) => r.source === "kernel")).toBe(true);
    expect(stack.notes.join("\n")).toMatch(
      /two-apps: lru run by the kernel at each count \(threads query and logger of db both make memory references/,
    );
  });

  it("writes the same bytes with one worker and with two (table, CSV, JSON, SVG)", async () => {
    const request = {
      workloads: [scenario("belady"), scenario("textbook")],
      seeds: [1, 2],
      frames: [2, 3, 4, 6],
      pagers: ["fifo", "lru", "random"],
    };
    const one = await runSweep({ ...request, workers: 1 });
    const two = await runSweep({ ...request, workers: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(sweepCsv(two)).toBe(sweepCsv(one));
    expect(formatSweep(two)).toBe(formatSweep(one));
    expect(sweepChart(two)).toBe(sweepChart(one));
    // The random pager depends on the seed: the seeds are really applied.
    const random = (seed: number) =>
      one.rows
        .filter((r) => r.series === "random" && r.seed === seed && r.workload === "textbook")
        .map((r) => r.faults);
    expect(random(1)).not.toEqual(random(2));
  });

  it("bounds the runs before loading anything, and says what to change", async () => {
    const frames = Array.from({ length: MAX_SWEEP_FRAMES }, (_, i) => i + 1);
    await expect(
      runSweep({ workloads: ["no-such-file.json"], frames, pagers: ["fifo", "lru", "opt", "clock", "random"] }),
    ).rejects.toThrow(
      new SweepInputError(
        `20,480 runs (1 workloads × 1 seeds × 4,096 frame counts × 5 series), at most ${MAX_SWEEP_RUNS.toLocaleString("en-US")} in one sweep: take fewer frame counts (1..1024x2), seeds or policies`,
      ),
    );
    await expect(runSweep({ workloads: [scenario("belady")], frames: [3], workers: 0 })).rejects.toThrow(
      "--workers must be an integer from 1 to 64, got 0",
    );
    await expect(runSweep({ workloads: [scenario("belady")], frames: [3] })).rejects.toThrow(/^nothing to compare/);
    const many = (n: number) => Array.from({ length: n }, (_, i) => `w${i}.json`);
    await expect(runSweep({ workloads: many(65), frames: [3], pagers: ["fifo"] })).rejects.toThrow(
      "workloads: 65 given, at most 64 in one sweep; run several sweeps",
    );
    await expect(
      runSweep({ workloads: ["w.json"], frames: [3], extensions: many(17).map((file) => ({ file })) }),
    ).rejects.toThrow("--extension: 17 given, at most 16 in one sweep; run several sweeps");
    await expect(
      runSweep({
        workloads: ["w.json"],
        frames: [3],
        seeds: Array.from({ length: 1001 }, (_, i) => i),
        pagers: ["fifo"],
      }),
    ).rejects.toThrow("--seeds: 1001 given, at most 1000 in one sweep; take fewer seeds");
  });

  it("runs each extension series with its own application: one file attached to two applications gives each run", async () => {
    // Two small applications whose reference strings differ, so that which one the FIFO extension
    // pages for shows in the figures.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-sweep-apps-"));
    const two = path.join(dir, "two.json");
    const app = (name: string, pages: number[]) => ({
      name,
      pager: "lru",
      threads: [{ name: "main", workload: { type: "sequence", pages, repeat: 3 } }],
    });
    fs.writeFileSync(
      two,
      JSON.stringify({
        name: "two",
        seed: 1,
        frames: 4,
        apps: [app("a", [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5]), app("b", [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2])],
      }),
    );
    try {
      const file = path.join(root, "examples/pagers/fifo.ts");
      const result = await runSweep({
        workloads: [two],
        frames: [4],
        extensions: [
          { file, app: "a" },
          { file, app: "b" },
        ],
        workers: 1,
      });
      expect(result.rows.map((r) => r.series)).toEqual(["fifo.ts@a", "fifo.ts@b"]);
      for (const [i, name] of ["a", "b"].entries()) {
        const config = loadWorkload(two, { frames: 4 }, checkPolicyChoice);
        const alone = await runWithExtensions(config, [{ file, app: name }]);
        expect(alone.extensions.map((e) => e.app)).toEqual([name]);
        expect([result.rows[i]!.faults, result.rows[i]!.simulatedNs]).toEqual([alone.totals.faults, alone.simulatedNs]);
      }
      expect(result.rows[0]!.faults).not.toBe(result.rows[1]!.faults);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("labels series uniquely: pagers crossed with schedulers, extensions by file", () => {
    expect(sweepSeries({ pagers: ["fifo", "second-chance", "clock"] }).map((s) => s.label)).toEqual(["fifo", "clock"]);
    expect(sweepSeries({ pagers: ["lru"], schedulers: ["rr", "fifo"] }).map((s) => s.label)).toEqual([
      "lru/round-robin",
      "lru/fifo",
    ]);
    expect(
      sweepSeries({
        extensions: [{ file: "a/aging.ts" }, { file: "b/aging.ts" }, { file: "a/aging.ts", app: "x" }],
      }).map((s) => s.label),
    ).toEqual(["aging.ts", "aging.ts#2", "aging.ts@x"]);
  });
});
