/**
 * What a sweep writes: the SVG fault curve tells its series apart without colour (marker shape and
 * dash pattern, the same in the legend as on the plot), and the CSV is one row per run that a
 * spreadsheet reads as data, whatever a scenario is named.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS, sweepChart, sweepCsv } from "../../bench/sweep/report.js";
import { runSweep, type SweepResult } from "../../bench/sweep/run.js";
import { seriesStyle } from "../../render/svg-chart.js";

const root = path.resolve(import.meta.dirname, "../..");
const EIGHT = ["fifo", "clock", "lru", "random", "opt", "lfu", "wsclock", "arc"];
let belady: SweepResult;
let textbook: SweepResult;

beforeAll(async () => {
  belady = await runSweep({
    workloads: [path.join(root, "examples/scenarios/belady.json")],
    frames: [1, 2, 3, 4, 5, 6],
    pagers: ["fifo", "clock", "lru", "opt", "random", "nfu", "aging", "lfu"],
    workers: 1,
  });
  // Eight pagers whose curves all differ on the textbook string (docs/POLICIES.md's table).
  textbook = await runSweep({
    workloads: [path.join(root, "examples/scenarios/textbook.json")],
    frames: [1, 2, 3, 4, 5],
    pagers: EIGHT,
    workers: 1,
  });
});

/** What a reader without colour sees of each legend entry and each plotted series: shape and dash. */
function withoutColour(svg: string) {
  const legend = [...svg.matchAll(/<g class="legend-entry">([\s\S]*?)<\/g>/g)].map((m) => ({
    name: /<text[^>]*>([^<]*)<\/text>/.exec(m[1]!)![1],
    dash: /stroke-dasharray="([^"]*)"/.exec(m[1]!)?.[1] ?? "solid",
    marker: /class="marker ([a-z-]+)"/.exec(m[1]!)![1],
  }));
  const plotted = [...svg.matchAll(/<g class="series-group">([\s\S]*?)<\/g>/g)].map((m) => ({
    name: /data-name="([^"]*)"/.exec(m[1]!)![1],
    dash: /<path class="series"[^>]*stroke-dasharray="([^"]*)"/.exec(m[1]!)?.[1] ?? "solid",
    markers: new Set([...m[1]!.matchAll(/class="marker ([a-z-]+)"/g)].map((k) => k[1])),
  }));
  return { legend, plotted };
}

describe("the SVG fault curve", () => {
  it("gives every series a shape-and-dash of its own, in the legend and on the plot alike", () => {
    const { legend, plotted } = withoutColour(sweepChart(textbook));
    expect(legend.map((l) => l.name)).toEqual(EIGHT);
    expect(new Set(legend.map((l) => `${l.marker} ${l.dash}`)).size).toBe(legend.length);
    expect(plotted.map((p) => p.name)).toEqual(legend.map((l) => l.name));
    for (const [i, p] of plotted.entries()) {
      expect(p.dash).toBe(legend[i]!.dash);
      expect([...p.markers]).toEqual([legend[i]!.marker]);
    }
  });

  it("draws series with the same figures at every count as one line named together, so none hides another", () => {
    const { legend, plotted } = withoutColour(sweepChart(belady));
    expect(legend.map((l) => l.name)).toEqual(["fifo = clock = nfu = aging", "lru = lfu", "opt", "random"]);
    expect(plotted.length).toBe(4);
  });

  it("keeps shape and dash apart for the first 28 series, however many colours repeat", () => {
    const styles = Array.from({ length: 28 }, (_, i) => seriesStyle(i));
    expect(new Set(styles.map((s) => `${s.marker} ${s.dash}`)).size).toBe(28);
  });

  it("plots each series' figures at its frame counts, with the axes named", () => {
    const svg = sweepChart(belady);
    expect(svg).toContain(">physical frames</text>");
    expect(svg).toContain(">page faults</text>");
    // FIFO's anomaly is in the points: 9 faults at 3 frames, 10 at 4 (the tooltips carry the values).
    expect(svg).toContain("<title>fifo = clock = nfu = aging: frames=3, 9</title>");
    expect(svg).toContain("<title>fifo = clock = nfu = aging: frames=4, 10</title>");
  });
});

describe("the CSV", () => {
  it("has one row per run under the header, in the table's order", () => {
    const lines = sweepCsv(belady).trimEnd().split("\n");
    expect(lines[0]).toBe(CSV_COLUMNS.join(","));
    expect(lines.length).toBe(1 + 6 * 8);
    // 12 references, 12 faults (none read from disk: each page is new), 11 evictions, 41,120 ns.
    expect(lines[1]).toBe("belady,1,fifo,1,kernel,12,12,0,12,11,0,0,1,41120,true");
    const fifo4 = lines.find((l) => l.startsWith("belady,1,fifo,4,"))!.split(",");
    expect(fifo4[CSV_COLUMNS.indexOf("faults")]).toBe("10");
    const lru4 = lines.find((l) => l.startsWith("belady,1,lru,4,"))!.split(",");
    expect([lru4[CSV_COLUMNS.indexOf("source")], lru4[CSV_COLUMNS.indexOf("simulatedNs")]]).toEqual(["stack", ""]);
  });

  it("quotes a name with a comma or a quote, and makes a name a spreadsheet would run as a formula inert", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-sweep-csv-"));
    try {
      const text = fs.readFileSync(path.join(root, "examples/scenarios/belady.json"), "utf8");
      const file = path.join(dir, "odd.json");
      fs.writeFileSync(file, text.replace('"name": "belady"', '"name": "=HYPERLINK(\\"x\\",1), b"'));
      const r = await runSweep({ workloads: [file], frames: [3], pagers: ["fifo"], workers: 1 });
      expect(sweepCsv(r).split("\n")[1]).toMatch(/^"'=HYPERLINK\(""x"",1\), b",1,fifo,3,kernel,12,9,/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
