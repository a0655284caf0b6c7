/** The bench's own logic: a small sweep gives well-formed JSON and SVG; argument errors exit 2. Numbers are not asserted. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ceilingRun, makeTrace, machineFor } from "../../bench/kernel-throughput.js";
import { renderLineChart } from "../../render/svg-chart.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { createPager, createScheduler } from "../../policies/index.js";
import { spin } from "../cli/run-cli.js";

afterEach(() => {
  process.exitCode = undefined;
});

const num = (v: unknown) => typeof v === "number" && Number.isFinite(v);

/** A hand-written schema check of `spin bench dispatch --json`. */
function checkSweepJson(j: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  need(j.schema === "spin-bench-dispatch/1", "schema");
  const m = j.machine as Record<string, unknown>;
  need(typeof m?.node === "string" && num(m.cpus), "machine");
  const r = j.reference as Record<string, unknown>;
  need(num(r?.bareCallUs) && num(r?.bareCallArmedUs) && num(r?.vmInvokeUs), "reference");
  need(Array.isArray(j.points) && (j.points as unknown[]).length > 0, "points");
  for (const p of (j.points as Record<string, unknown>[]) ?? []) {
    need(typeof p.config === "string", "point.config");
    need(["native", "sandboxed"].includes(p.kind as string), "point.kind");
    need(["native", "one-sandbox-each", "shared"].includes(p.layout as string), "point.layout");
    need(["none", "one", "all"].includes(p.match as string), "point.match");
    for (const k of [
      "handlers",
      "matchedPerEvent",
      "crossingsPerEvent",
      "medianUs",
      "minUs",
      "maxUs",
      "instructionsPerEvent",
      "perHandlerUs",
    ])
      need(num(p[k]), `point.${k}`);
    need(
      (p.minUs as number) <= (p.medianUs as number) && (p.medianUs as number) <= (p.maxUs as number),
      "min ≤ median ≤ max",
    );
    need(p.matchedPerEvent === (p.match === "none" ? 0 : p.match === "one" ? 1 : p.handlers), "matchedPerEvent");
  }
  need(Array.isArray(j.accounts), "accounts");
  const c = j.competition as { events: number; rows: Record<string, unknown>[] };
  need(num(c?.events) && Array.isArray(c?.rows), "competition");
  return problems;
}

describe("spin bench dispatch", () => {
  it("a small sweep gives schema-valid JSON and an SVG with labelled axes and one path per configuration", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-bench-"));
    const svgFile = path.join(dir, "d.svg");
    const r = await spin(
      "bench",
      "dispatch",
      "--handlers",
      "1,4",
      "--events",
      "5",
      "--reps",
      "2",
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
    const points = j.points as { config: string; handlers: number; kind: string; match: string }[];
    const configs = [...new Set(points.map((p) => p.config))];
    // native ×3 matches + sandboxed × 2 layouts × 3 matches, each at N=1 and N=4.
    expect(configs).toHaveLength(9);
    expect(points).toHaveLength(18);
    // The shared layout shows who spent what.
    const accounts = j.accounts as { config: string; rows: { extension: string; invocations: number }[] }[];
    expect(accounts.some((a) => a.config.startsWith("sandboxed shared") && a.rows[0]!.invocations > 0)).toBe(true);
    const spinner = (
      j.competition as { rows: { extension: string; failures: number; faults: Record<string, number> }[] }
    ).rows;
    expect(spinner[0]).toMatchObject({ extension: "spinner" });
    expect(spinner[0]!.faults.budget).toBe(spinner[0]!.failures);
    expect(spinner.slice(1).every((row) => row.failures === 0)).toBe(true);

    const svg = fs.readFileSync(svgFile, "utf8");
    expect(svg.startsWith("<?xml")).toBe(true);
    expect(svg).toMatch(/<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    // XML-ish well-formedness: every opened element is closed, in order.
    const stack: string[] = [];
    for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
      if (m[3] === "/") continue;
      if (m[1] === "/") expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    expect(svg).toMatch(/class="x-label"[^>]*>installed handlers N/);
    expect(svg).toMatch(/class="y-label"[^>]*>cost per event, µs/);
    const paths = [...svg.matchAll(/<path class="series" data-name="([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toEqual(configs);
    for (const c of configs) expect(svg).toContain(`>${c}</text>`);
  }, 30_000);

  it("plain output is a table with the aims", async () => {
    const r = await spin(
      "bench",
      "dispatch",
      "--handlers",
      "1,2",
      "--kind",
      "native",
      "--events",
      "5",
      "--reps",
      "1",
      "--warmup",
      "0",
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("native, match one");
    expect(r.stdout).toContain("aims:");
    expect(r.stdout).toContain("N=2 with one matching / N=1");
  }, 30_000);

  it.each([
    [["--handlers", "1,x"], /--handlers must be comma-separated integers/],
    [["--handlers", "0"], /between 1 and 4096/],
    [["--match", "some"], /--match must be one or more of none, one, all/],
    [["--kind", "wasm"], /--kind must be one or more of native, sandboxed/],
    [["--layout", "pooled"], /--layout must be one or more of one-sandbox-each, shared/],
    [["--kind", "native", "--layout", "shared"], /--layout applies to sandboxed handlers/],
    [["--events", "0"], /--events must be an integer from 1 to 100000, got "0"/],
    [["--plot", "out.png"], /--plot must name an .svg file/],
    [["--plot", "/no/such/dir/out.svg"], /--plot: folder \/no\/such\/dir does not exist/],
  ])("spin bench dispatch %j is a usage error (exit 2)", async (args, message) => {
    const r = await spin("bench", "dispatch", ...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
  });

  it("spin bench lists what it can measure", async () => {
    const r = await spin("bench");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dispatch");
    expect(r.stdout).toContain("kernel");
  });

  it("an unknown benchmark is a usage error", async () => {
    const r = await spin("bench", "nonsense");
    expect(r.code).toBe(2);
  });
});

describe("kernel throughput bench", () => {
  it("the ceiling and the kernel see the same faults on the seeded trace", () => {
    const opts = { refs: 50_000, pages: 600, frames: 200, seed: 3 };
    const ops = makeTrace(opts);
    expect(makeTrace(opts).values).toEqual(ops.values);
    const report = new Kernel(machineFor(ops, opts), { createPager, createScheduler }).run();
    expect(report.check.ok).toBe(true);
    expect(report.totals.references).toBe(opts.refs);
    expect(ceilingRun(ops, opts.pages, opts.frames).faults).toBe(report.totals.faults);
  });

  it("the hit path does not allocate", () => {
    // Everything fits in memory: after the first touch of each page every reference is a hit.
    const opts = { refs: 2_000_000, pages: 64, frames: 128, seed: 5 };
    const config = machineFor(makeTrace(opts), opts);
    const policies = { createPager, createScheduler };
    new Kernel(config, policies).run(); // warm up the JIT
    // The least growth of three runs: a collection or another allocation in the worker can add
    // a megabyte or two to any single measurement.
    let grown = Infinity;
    for (let i = 0; i < 3; i++) {
      const kernel = new Kernel(config, policies);
      const before = process.memoryUsage().heapUsed;
      kernel.run();
      grown = Math.min(grown, process.memoryUsage().heapUsed - before);
    }
    // 2M references: even one 16-byte object per reference would be ≥ 32 MB.
    expect(grown).toBeLessThan(6_000_000);
  });
});

describe("svg chart", () => {
  it("escapes names and draws reference lines", () => {
    const svg = renderLineChart({
      title: "a < b",
      xLabel: "x",
      yLabel: "y",
      logY: true,
      series: [
        {
          name: "s&t",
          points: [
            [1, 1],
            [10, 100],
          ],
        },
      ],
      references: [{ name: "ref", y: 10 }],
    });
    expect(svg).toContain("a &lt; b");
    expect(svg).toContain('data-name="s&amp;t"');
    expect(svg).toContain('class="reference"');
  });
});
