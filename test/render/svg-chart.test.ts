/**
 * Charts fit for a paper (issue 11): series told apart by marker, fill and dash from their
 * factors, not colour alone (a legend by factor); the measured spread as error bars; reference
 * lines drawn apart from the data and labelled in the margin; tick labels written one way.
 */
import { describe, expect, it } from "vitest";
import { renderBarChart, renderLineChart, tickLabel } from "../../render/svg-chart.js";

const attr = (el: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(el)?.[1];

describe("the SVG charts", () => {
  it("writes tick labels one way: thousands separated, never an exponent beside a plain number", () => {
    expect([0.1, 1, 10, 1_000, 10_000, 100_000, 1_000_000].map(tickLabel)).toEqual([
      "0.1",
      "1",
      "10",
      "1,000",
      "10,000",
      "100,000",
      "1,000,000",
    ]);
    expect(tickLabel(0.25)).toBe("0.25");
    expect(tickLabel(2.5)).toBe("2.5");
  });

  it("draws equal series apart by their factors' marker, fill and dash, with error bars, a dodge and a legend by factor", () => {
    const same = [
      [1, 0.4],
      [4, 0.4],
    ] as const;
    const svg = renderLineChart({
      title: "t",
      xLabel: "N",
      yLabel: "µs",
      logY: true,
      errors: "bars",
      series: [
        {
          name: "a each none",
          points: same,
          bands: [[1, 0.3, 0.5]],
          style: { color: "#000000", marker: "circle", dash: "", fill: "open" },
          dodgePx: -3,
        },
        {
          name: "b shared none",
          points: same,
          bands: [[1, 0.3, 0.5]],
          style: { color: "#0072B2", marker: "square", dash: "7 3", fill: "dot" },
          dodgePx: 3,
        },
      ],
      legend: [
        { title: "placement", entries: [{ label: "a", style: { color: "#000000", marker: "circle", dash: "" } }] },
        { title: "layout", entries: [{ label: "shared", style: { color: "#555", dash: "7 3" } }] },
      ],
      references: [
        { name: "floor 0.5 µs", y: 0.5 },
        { name: "close by 0.52 µs", y: 0.52 },
      ],
    });
    const markers = [...svg.matchAll(/<(circle|rect|path) class="marker [^>]*>/g)].map((m) => m[0]);
    const first = markers.find((m) => m.includes("circle open"))!;
    const second = markers.find((m) => m.includes("square dot"))!;
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    // Set apart sideways: the same x is drawn 6 px apart.
    expect(Number(attr(second, "x")) + 3.5 - Number(attr(first, "cx"))).toBeCloseTo(6, 5);
    const series = [...svg.matchAll(/<path class="series"[^>]*>/g)].map((m) => m[0]);
    expect(series.map((s) => attr(s, "stroke-dasharray") ?? "")).toEqual(["", "7 3"]);
    expect([...svg.matchAll(/<path class="error-bar" data-name="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "a each none",
      "b shared none",
    ]);
    expect(svg).not.toContain('class="band"');
    expect([...svg.matchAll(/class="legend-title"[^>]*>([^<]+)</g)].map((m) => m[1])).toEqual([
      "placement",
      "layout",
      "reference",
    ]);
    // Reference lines: thin, dotted, grey (no series is drawn so), labelled right of the plot, apart.
    const refs = [...svg.matchAll(/<line class="reference"[^>]*>/g)].map((m) => m[0]);
    expect(refs.map((r) => attr(r, "stroke-dasharray"))).toEqual(["1 2", "1 2"]);
    const plotRight = Number(attr(refs[0]!, "x2"));
    const labels = [...svg.matchAll(/<text class="reference-label"[^>]*>/g)].map((m) => m[0]);
    for (const l of labels) expect(Number(attr(l, "x"))).toBeGreaterThan(plotRight);
    const [y1, y2] = labels.map((l) => Number(attr(l, "y")));
    expect(Math.abs(y1! - y2!)).toBeGreaterThanOrEqual(13);
  });

  it("a bar chart draws references apart from the bars, labelled in the margin, and ticks the same way", () => {
    const svg = renderBarChart({
      title: "t",
      yLabel: "µs",
      logY: true,
      series: ["no-op"],
      groups: [{ name: "typed", bars: [{ value: 12_000, lo: 9_000, hi: 15_000 }] }],
      references: [{ name: "SPIN system call 4 µs", y: 4 }],
    });
    expect(svg).toMatch(/<line class="reference"[^>]*stroke-dasharray="1 2"/);
    expect(svg).toMatch(/<text class="reference-label"[^>]*>SPIN system call 4 µs</);
    expect(svg).toContain(">10,000</text>");
    expect(svg).not.toMatch(/>1e\d/);
  });
});
