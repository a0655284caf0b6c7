/**
 * The benchmarks that run the native placement in this process: it locks the realm down (SES
 * lockdown freezes JSON, Date, the intrinsics), so this file runs in a worker thread of its own
 * (vitest.config.ts, LOCKDOWN_FILES). Numbers are not asserted.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EndToEndRow } from "../../bench/placement/end-to-end.js";
import { packageRoot } from "../../extensions/loader/paths.js";
import { spin } from "../cli/run-cli.js";
import { checkSvg, checkSweepJson } from "./checks.js";

afterEach(() => {
  process.exitCode = undefined;
});

describe("spin bench with every placement", () => {
  it("a small sweep of every placement gives schema-valid JSON with distributions and an SVG with 95% error bars, styled by placement, layout and match", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-bench-"));
    const svgFile = path.join(dir, "d.svg");
    const r = await spin(
      "bench",
      "dispatch",
      "--kind",
      "builtin,typed,sfi,native,server",
      "--handlers",
      "1,2",
      "--events",
      "5",
      "--reps",
      "6",
      "--warmup",
      "2",
      "--json",
      "--plot",
      svgFile,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(checkSweepJson(j)).toEqual([]);
    const points = j.points as {
      config: string;
      handlers: number;
      ci: unknown;
      matchedPerEvent: number;
      match: string;
      crossingsPerEvent: number;
      layout: string;
    }[];
    const configs = [...new Set(points.map((p) => p.config))];
    // builtin ×3 matches + 4 placements × 2 layouts × 3 matches, each at N=1 and N=2.
    expect(configs).toHaveLength(27);
    expect(points).toHaveLength(54);
    expect(points.every((p) => p.ci !== null)).toBe(true);
    for (const p of points) {
      expect(p.matchedPerEvent).toBe(p.match === "none" ? 0 : p.match === "one" ? 1 : p.handlers);
      if (p.layout === "shared") expect(p.crossingsPerEvent).toBe(p.match === "none" ? 0 : 1);
      if (p.layout === "one-sandbox-each") expect(p.crossingsPerEvent).toBe(p.matchedPerEvent);
    }
    // Per binding: the largest all-matching configuration of each placement and layout.
    const accounts = j.accounts as {
      config: string;
      rows: { binding: string; invocations: number; latency: { count: number } }[];
    }[];
    expect(accounts.map((a) => a.config).sort()).toEqual(
      ["typed", "sfi", "native", "server"].flatMap((k) => [`${k} each, match all`, `${k} shared, match all`]).sort(),
    );
    for (const a of accounts)
      for (const row of a.rows) expect(row.latency.count).toBe(row.invocations - (row.invocations - row.latency.count));
    const spinner = (
      j.competition as {
        rows: {
          binding: string;
          failures: number;
          invocations: number;
          fuel: number;
          faults: Record<string, number>;
        }[];
      }
    ).rows;
    expect(spinner[0]).toMatchObject({ binding: "spinner" });
    expect(spinner[0]!.faults.budget).toBe(spinner[0]!.failures);
    expect(spinner.slice(1).every((row) => row.failures === 0)).toBe(true);
    // Accounts complete: the spinner, stopped by its budget's interrupt, is charged the loop it ran
    // (thousands of back-edges a call, where 0 was recorded); each no-op its one unit a call.
    expect(spinner[0]!.fuel).toBeGreaterThan(1_000 * spinner[0]!.invocations);
    for (const row of spinner.slice(1)) expect(row.fuel).toBe(row.invocations);

    const svg = fs.readFileSync(svgFile, "utf8");
    checkSvg(svg);
    expect(svg).toMatch(/class="x-label"[^>]*>installed handlers N/);
    expect(svg).toMatch(/class="y-label"[^>]*>cost per event, µs/);
    expect(svg).toMatch(
      /class="caption"[^>]*>median event of 6 interleaved repetitions; bars: its 95% interval; .*; \d+ × .*, load [\d.]+ at start, [\d.]+ at end</,
    );
    const paths = [...svg.matchAll(/<path class="series" data-name="([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toEqual(configs.map((c) => c));
    expect([...svg.matchAll(/<path class="error-bar"/g)]).toHaveLength(configs.length);
    // Told apart by their factors, not colour alone: placement → marker, layout → dash, match → fill.
    const look = (config: string) => {
      const group = svg.split('<g class="series-group">').find((g) => g.includes(`data-name="${config}"`))!;
      return {
        marker: /class="marker ([\w-]+)/.exec(group)![1],
        fill: /class="marker [\w-]+ (open|dot)"/.exec(group)?.[1] ?? "solid",
        dash: /<path class="series"[^>]*stroke-dasharray="([^"]+)"/.exec(group)?.[1] ?? "",
      };
    };
    expect(look("typed each, match none")).toEqual({ marker: "square", fill: "open", dash: "" });
    expect(look("typed shared, match all")).toEqual({ marker: "square", fill: "solid", dash: "7 3" });
    expect(look("native shared, match one")).toEqual({ marker: "diamond", fill: "dot", dash: "7 3" });
    expect(
      new Set(
        ["builtin", "typed", "sfi", "native", "server"].map(
          (k) => look(`${k === "builtin" ? "builtin" : `${k} each`}, match all`).marker,
        ),
      ).size,
    ).toBe(5);
    expect(svg).toMatch(/class="legend-title"[^>]*>placement \(marker, colour\)</);
  }, 120_000);

  it("spin bench placement: JSON of every placement against the built-in handler, and a bar chart with error bars", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-bench-"));
    const svgFile = path.join(dir, "p.svg");
    const scenario = path.join(packageRoot(), "examples", "scenarios", "textbook.json");
    const r = await spin(
      "bench",
      "placement",
      ...["--iterations", "200", "--reps", "6", "--scenario", scenario, "--json", "--plot", svgFile],
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      schema: string;
      machine: { loadStart: number[] };
      builtin: { noop: { us: number; ci: { lo: number; hi: number } | null } };
      rows: { placement: string; noop: { us: number; samplesUs: number[]; ci: unknown }; noopRatio: number }[];
      endToEnd: EndToEndRow[];
    };
    expect(j.schema).toBe("spin-bench-placement/1");
    expect(j.machine.loadStart).toHaveLength(3);
    expect(j.rows.map((x) => x.placement)).toEqual(["typed", "sfi", "native", "server"]);
    for (const row of j.rows) {
      expect(row.noop.samplesUs).toHaveLength(6);
      expect(row.noop.ci).not.toBeNull();
      expect(row.noopRatio).toBeCloseTo(row.noop.us / j.builtin.noop.us, 9);
    }
    // End to end: each example in every placement, against the built-in policy it mirrors.
    expect(j.endToEnd.map((x) => [x.extension, x.scenario, x.unit, x.builtinPolicy])).toEqual([
      ["fifo.ts", "textbook.json", "fault", "fifo"],
      ["clock.ts", "textbook.json", "fault", "clock"],
      ["loop-aware.ts", "textbook.json", "fault", "lru"],
      ["priority.ts", "threads.json", "Strand.Resume", "priority"],
    ]);
    for (const x of j.endToEnd) {
      expect(x.builtin.perUnit.samplesUs).toHaveLength(6);
      expect(x.builtin.units).toBeGreaterThan(0);
      expect(x.placed.map((p) => p.placement)).toEqual(["typed", "sfi", "native", "server"]);
      for (const p of x.placed) {
        expect(p.perUnit.samplesUs).toHaveLength(6);
        expect(p.ratio).toBeCloseTo(p.perUnit.us / x.builtin.perUnit.us, 9);
        expect(p.memoryBytes).toBeGreaterThanOrEqual(p.placement === "native" ? 0 : 1024);
        // One extension, one algorithm: every placement makes the same decisions...
        expect([p.units, p.faults]).toEqual([x.placed[0]!.units, x.placed[0]!.faults]);
        // ...and its work is charged to simulated time (docs/MACHINE.md), by placement.
        expect(p.simulatedNs).toBeGreaterThan(x.builtin.simulatedNs);
        expect(p.chargedUsPerUnit).toBeGreaterThan(0);
      }
      // The examples that mirror a built-in policy decide as it does (loop-aware is LRU only until it sees a loop).
      // One thread (textbook.json), the same decisions: the run is longer by exactly what was charged.
      const placedTime = x.placed.map((p) => Math.round(p.chargedUsPerUnit * p.units * 1000));
      if (x.scenario === "textbook.json" && x.extension !== "loop-aware.ts")
        expect(placedTime).toEqual(x.placed.map((p) => p.simulatedNs - x.builtin.simulatedNs));
      if (x.extension !== "loop-aware.ts")
        expect([x.placed[0]!.units, x.placed[0]!.faults]).toEqual([x.builtin.units, x.builtin.faults]);
    }
    const svg = fs.readFileSync(svgFile, "utf8");
    checkSvg(svg);
    const groups = [...svg.matchAll(/<g class="group" data-name="([^"]+)"/g)].map((m) => m[1]);
    expect(groups).toEqual(["builtin", "typed", "sfi", "native", "server"]);
    expect([...svg.matchAll(/<rect class="bar"/g)]).toHaveLength(10);
    expect([...svg.matchAll(/<path class="error-bar"/g)]).toHaveLength(10);
    expect(svg).toMatch(/class="caption"[^>]*>median of 6 interleaved blocks, error bars: 95% interval/);
  }, 120_000);
});
