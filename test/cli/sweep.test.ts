/**
 * `spin sweep` from the command line: the table with FIFO's anomaly, CSV, JSON and the SVG file;
 * the same bytes with one worker or two; an extension as a series (the example FIFO pager counts
 * what the built-in FIFO counts); and every count a user controls refused with a clear message.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_SWEEP_RUNS } from "../../workloads/limits.js";
import { spin } from "./run-cli.js";

const BELADY = "examples/scenarios/belady.json";

describe("spin sweep", () => {
  it("prints the fault curve per frame count and names FIFO's anomaly on Belady's string", async () => {
    const r = await spin("sweep", BELADY, "--frames", "1..6", "--pagers", "fifo,lru,opt");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      [
        "belady (seed 1, 12 references): page faults",
        "┌────────┬──────┬─────┬─────┐",
        "│ frames │ fifo │ lru │ opt │",
        "│ 1      │   12 │  12 │  12 │",
        "│ 2      │   12 │  12 │   9 │",
        "│ 3      │    9 │  10 │   7 │",
        "│ 4      │   10 │   8 │   6 │",
        "│ 5      │    5 │   5 │   5 │",
        "│ 6      │    5 │   5 │   5 │",
        "└────────┴──────┴─────┴─────┘",
        "more frames, more faults (Belady's anomaly):",
        "  fifo: 9 faults at 3 frames, 10 at 4",
        "",
        "note: belady: lru's curve from one pass (Mattson's stack algorithm)",
        "",
      ].join("\n"),
    );
  });

  it("writes the same JSON and CSV with one worker and with two", async () => {
    const args = [
      "sweep",
      BELADY,
      "examples/scenarios/textbook.json",
      "--frames",
      "1..5",
      "--pagers",
      "all",
      "--seeds",
      "1,2",
    ];
    // One after the other: spin() captures the process's output while it runs.
    const json1 = (await spin(...args, "--json", "--workers", "1")).stdout;
    const json2 = (await spin(...args, "--json", "--workers", "2")).stdout;
    const csv1 = (await spin(...args, "--csv", "--workers", "1")).stdout;
    const csv2 = (await spin(...args, "--csv", "--workers", "2")).stdout;
    expect(json2).toBe(json1);
    expect(csv2).toBe(csv1);
    const parsed = JSON.parse(json1) as {
      rows: { workload: string; series: string; frames: number; faults: number }[];
    };
    // 2 workloads × 2 seeds × 5 frame counts × 11 pagers.
    expect(parsed.rows.length).toBe(2 * 2 * 5 * 11);
    const textbook = (series: string, frames: number) =>
      parsed.rows.find((r) => r.workload === "textbook" && r.series === series && r.frames === frames)!.faults;
    // The textbook's figures (docs/POLICIES.md): FIFO 15, LRU 12, OPT 9 with 3 frames.
    expect([textbook("fifo", 3), textbook("lru", 3), textbook("opt", 3)]).toEqual([15, 12, 9]);
    expect(csv1.split("\n")[0]).toBe(
      "workload,seed,series,frames,source,references,faults,majorFaults,minorFaults,evictions,writeBacks,prefetches,missRatio,simulatedNs,checkOk",
    );
    expect(csv1.trimEnd().split("\n").length).toBe(1 + 2 * 2 * 5 * 11);
  });

  it("writes the chart to --plot and says so", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-sweep-plot-"));
    try {
      const file = path.join(dir, "curve.svg");
      const r = await spin("sweep", BELADY, "--frames", "1..6", "--pagers", "fifo,opt", "--plot", file);
      expect(r.code).toBe(0);
      expect(r.stdout.endsWith(`\n\nchart written to ${file}\n`)).toBe(true);
      const svg = fs.readFileSync(file, "utf8");
      expect(svg).toMatch(/^<\?xml/);
      expect(svg.match(/<g class="legend-entry">/g)?.length).toBe(2);
      expect(svg).toContain("<title>fifo: frames=4, 10</title>");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs an extension as a series of its own: the example FIFO pager counts what the built-in FIFO counts", async () => {
    const r = await spin(
      "sweep",
      BELADY,
      "--frames",
      "3,4",
      "--pagers",
      "fifo",
      "--extension",
      "examples/pagers/fifo.ts",
      "--json",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.stdout) as { rows: { series: string; frames: number; faults: number }[] }).rows;
    expect(rows.map((x) => [x.series, x.frames, x.faults])).toEqual([
      ["fifo", 3, 9],
      ["fifo", 4, 10],
      ["fifo.ts", 3, 9],
      ["fifo.ts", 4, 10],
    ]);
  });

  it.each([
    [["--frames", "0..4"], "spin: --frames: 0 is outside 1..16777216"],
    [["--frames", "1..5000"], 'spin: --frames: "1..5000" holds more than 4096 counts, the most one sweep runs'],
    [["--frames", "4", "--seeds", "1..1001"], 'spin: --seeds: "1..1001" holds more than 1000 counts'],
    [["--frames", "4", "--workers", "65"], 'spin: --workers must be an integer from 1 to 64, got "65"'],
    [["--frames", "4", "--pagers", "lur"], 'spin: unknown pager policy "lur"; did you mean "lru"?'],
    [["--frames", "4", "--json", "--csv"], "spin: give either --json or --csv, not both"],
    [["--frames", "4", "--plot", "curve.png"], 'spin: --plot must name an .svg file, got "curve.png"'],
    [
      ["--frames", "4", "--pagers", "all", "--seeds", "1..3", "--plot", "curve.svg"],
      "spin: --plot: 33 lines (workloads × seeds × series) would not all be told apart without colour; a chart takes at most 28",
    ],
    [
      ["--frames", "1..4096", "--pagers", "fifo,lru,opt,clock,random"],
      `spin: 20,480 runs (1 workloads × 1 seeds × 4,096 frame counts × 5 series), at most ${MAX_SWEEP_RUNS.toLocaleString("en-US")} in one sweep`,
    ],
  ])("refuses %j with a clear message and exit code 2", async (flags, message) => {
    const r = await spin("sweep", BELADY, ...flags);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith(message), r.stderr).toBe(true);
  });

  it("has --help with its flags, how to write counts, and examples", async () => {
    const r = await spin("sweep", "--help");
    expect(r.code).toBe(0);
    for (const text of [
      "--frames <counts>",
      "--pagers <names>",
      "--extension <file>",
      "--csv",
      "--json",
      "--plot <file.svg>",
      "--workers <n>",
      "--no-stack",
      "1..64x2 (doubling)",
      "spin sweep examples/scenarios/belady.json --frames 1..6 --pagers fifo,lru,opt",
    ])
      expect(r.stdout).toContain(text);
  });

  it("refuses a sweep without --frames, naming the flag", async () => {
    const r = await spin("sweep", BELADY);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--frames is required");
    // A mistyped flag is named as such, with the flag it resembles (before: "--frames not specified").
    const typo = await spin("sweep", BELADY, "--frams", "3,4");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--frams'");
    expect(typo.stderr).toContain("--frames?");
  });
});
