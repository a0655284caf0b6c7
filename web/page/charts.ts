/**
 * The charts, drawn by the project's own SVG chart (render/svg-chart.ts, which escapes every
 * label) and shown as an image: an SVG in an <img> runs no script and loads nothing, whatever a
 * scenario or extension named its series.
 */
import { renderLineChart, type LineChart } from "../../render/svg-chart.js";
import type { FaultSeries, SweepResultMessage } from "../shared/protocol.js";
import { el } from "./dom.js";

function image(chart: LineChart, className: string): HTMLImageElement {
  const svg = renderLineChart(chart);
  return el("img", {
    class: `chart ${className}`,
    alt: chart.title,
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
  });
}

function points(s: FaultSeries): [number, number][] {
  return s.cumulative.map((faults, i) => [((i + 1) * s.windowNs) / 1e6, faults]);
}

export function faultsOverTime(
  scenario: string,
  builtin: string,
  extension: string,
  withExt: FaultSeries,
  baseline: FaultSeries,
): HTMLImageElement {
  return image(
    {
      title: `${scenario}: page faults over simulated time`,
      xLabel: "simulated time (ms)",
      yLabel: "page faults so far",
      logX: false,
      series: [
        { name: `built-in ${builtin}`, points: points(baseline) },
        { name: extension, points: points(withExt) },
      ],
    },
    "faults-over-time",
  );
}

export function framesSweep(s: SweepResultMessage): HTMLImageElement {
  return image(
    {
      title: `${s.scenario}: page faults against frames`,
      xLabel: "frames",
      yLabel: "page faults",
      logX: false,
      series: [
        { name: `built-in ${s.builtin}`, points: s.points.map((p) => [p.frames, p.builtin]) },
        { name: s.extension, points: s.points.map((p) => [p.frames, p.extension]) },
      ],
    },
    "frames-sweep",
  );
}
