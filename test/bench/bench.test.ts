/** The bench's own logic without the native placement (test/bench/placed.test.ts runs that in a worker thread of its own): M×K, applications, Reclaim, --ext, argument errors. Numbers are not asserted. */
import { afterEach, describe, expect, it } from "vitest";
import { ceilingRun, makeTrace, machineFor } from "../../bench/kernel-throughput.js";
import { renderLineChart } from "../../render/svg-chart.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { createPager, createScheduler } from "../../policies/index.js";
import { spin } from "../cli/run-cli.js";

afterEach(() => {
  process.exitCode = undefined;
});

describe("spin bench dispatch", () => {
  it("M×K, competing applications, space guards, a vote and Reclaim with a resident set: plain text, CSV", async () => {
    const args = ["bench", "dispatch", "--event", "PhysAddr.Reclaim", "--resident", "16", "--kind", "builtin,typed"];
    const more = [
      "--grid",
      "1x4,2x2",
      "--apps",
      "2",
      "--result",
      "vote",
      "--events",
      "6",
      "--reps",
      "1",
      "--warmup",
      "0",
    ];
    const r = await spin(...args, ...more);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("guards: space; applications: 2; results: a vote of all; 16 resident pages");
    expect(r.stdout).toMatch(/│ \w+ +│ typed 2x2, match one +│ 4 │ 2×2 │ +1 │ +1 │/);
    expect(r.stdout).toContain("µs per event by application (2 of them)");
    // The 1x4 grid gives application 0 all four handlers and application 1 none: half the events match.
    expect(r.stdout).toMatch(/│ \w+ +│ typed 1x4, match all +│ 4 │ 1×4 │ +2 │ +0\.50 │/);
    for (const line of r.stdout.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
    // CSV of the 2x2 grid alone: builtin at N=4 and typed 2x2, 3 matches each: 6 event rows, each with 2 app rows.
    const csv = await spin(...args, ...more.slice(0, 1), "2x2", ...more.slice(2), "--csv");
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split("\n");
    expect(lines[0]).toMatch(/^scope,config,kind,layout,match,guard,extensions,per_extension,handlers,app,binding,/);
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.filter((c) => c[0] === "event")).toHaveLength(6);
    expect(rows.filter((c) => c[0] === "app")).toHaveLength(12);
    // Per binding: typed 2x2, match all: 4 bindings.
    expect(rows.filter((c) => c[0] === "binding")).toHaveLength(4);
  }, 120_000);

  it("--guard predicate: a kernel predicate on the page decides, after the index matched the application", async () => {
    const r = await spin(
      "bench",
      "dispatch",
      "--guard",
      "predicate",
      "--kind",
      "builtin",
      "--handlers",
      "1,8",
      "--events",
      "20",
      "--reps",
      "1",
      "--warmup",
      "0",
      "--json",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      options: { guard: string };
      points: { match: string; guard: string; handlers: number; matchedPerEvent: number }[];
      aims: { name: string }[];
    };
    expect(j.options.guard).toBe("predicate");
    // Every handler's indexed guard is its application's space: only the predicate tells "none" from "all".
    expect(j.points.map((p) => [p.match, p.handlers, p.matchedPerEvent, p.guard])).toEqual([
      ["none", 1, 0, "predicate"],
      ["none", 8, 0, "predicate"],
      ["one", 1, 1, "predicate"],
      ["one", 8, 1, "predicate"],
      ["all", 1, 1, "predicate"],
      ["all", 8, 8, "predicate"],
    ]);
    expect(j.aims.map((a) => a.name)).toContain("builtin (predicate guards): p50, N=8 with one matching / N=1");
  }, 120_000);

  it("--ext sweeps a real extension's handlers (examples/pagers/clock.ts on Reclaim)", async () => {
    const r = await spin(
      "bench",
      "dispatch",
      "--ext",
      "examples/pagers/clock.ts",
      "--event",
      "PhysAddr.Reclaim",
      "--handlers",
      "1,2",
      "--match",
      "all",
      "--events",
      "5",
      "--reps",
      "1",
      "--warmup",
      "0",
      "--json",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const points = (JSON.parse(r.stdout) as { points: { config: string; fuelPerEvent: number; extensions: number }[] })
      .points;
    expect(points.map((p) => [p.config, p.extensions])).toEqual([
      ["typed clock.ts, match all", 1],
      ["typed clock.ts, match all", 2],
    ]);
    // The clock hand's loop counts fuel: real logic ran, not a no-op.
    expect(points.every((p) => p.fuelPerEvent > 2 * p.extensions)).toBe(true);
  }, 120_000);

  it.each([
    [["--handlers", "1,x"], /--handlers must be comma-separated integers/],
    [["--handlers", "0"], /between 1 and 4096/],
    [["--match", "some"], /--match must be one or more of none, one, all/],
    [["--kind", "wasm"], /--kind must be one or more of builtin, typed, sfi, native, server/],
    [["--kind", "typed,natve"], /got "typed,natve"; did you mean native\?/],
    [["--layout", "pooled"], /--layout must be one or more of one-sandbox-each, shared/],
    [["--kind", "builtin", "--layout", "shared"], /--layout applies to placed handlers/],
    [["--events", "0"], /--events must be an integer from 1 to 100000, got "0"/],
    [["--plot", "out.png"], /--plot must name an .svg file/],
    [["--plot", "/no/such/dir/out.svg"], /--plot: folder \/no\/such\/dir does not exist/],
    [
      ["--event", "Translation.PageNotPresnt"],
      /no event named "Translation.PageNotPresnt"; did you mean Translation.PageNotPresent\?/,
    ],
    [
      ["--event", "PhysAddr.Reclaim", "--guard", "vpn"],
      /PhysAddr.Reclaim cannot be guarded on vpn \(it can on: space\)/,
    ],
    [
      ["--event", "PhysAddr.Reclaim", "--guard", "predicate"],
      /--guard predicate: the swept predicate tests the event's page, and PhysAddr.Reclaim has none/,
    ],
    [["--grid", "100x100"], /--grid takes MxK pairs .* got "100x100"/],
    [["--kind", "server", "--grid", "100x1"], /server takes at most 64 extensions/],
    [["--ext", "/no/such/file.ts"], /--ext: no file \/no\/such\/file.ts/],
    [["--ext", "README.md"], /an extension is a TypeScript file/],
    [
      ["--ext", "examples/pagers/clock.ts", "--kind", "typed", "--handlers", "1"],
      /has no handler for Translation.PageNotPresent \(its events: PhysAddr.Reclaim\)/,
    ],
    [["--resident", "8"], /--resident applies to --event PhysAddr.Reclaim/],
    [["--json", "--csv"], /either --json or --csv/],
  ])("spin bench dispatch %j is a usage error (exit 2)", async (args, message) => {
    const r = await spin("bench", "dispatch", ...(args as string[]));
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.code).toBe(2);
  });

  it("spin bench placement --plot out.png is a usage error before anything is measured", async () => {
    const r = await spin("bench", "placement", "--plot", "out.png");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--plot must name an .svg file/);
  });

  it("spin bench lists what it can measure", async () => {
    const r = await spin("bench");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("dispatch");
    expect(r.stdout).toContain("placement");
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
