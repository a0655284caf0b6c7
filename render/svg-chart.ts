/**
 * A small, dependency-free SVG line chart: log-scale x (and optionally y), labelled axes with
 * units, one `<path class="series">` per series with point markers, the measured spread as error
 * bars or a band, horizontal reference lines, and a legend. Enough for `spin bench --plot` and
 * `spin sweep --plot`; the output is plain SVG 1.1, the same bytes for the same data.
 *
 * Series differ by colour, marker shape and dash pattern together, so that a chart printed in
 * grey or read by someone who does not tell the colours apart still tells them apart: with 7
 * shapes and 4 dash patterns (coprime), the first 28 series all differ in shape-and-dash alone.
 * A chart whose series are the cells of a design (kind × layout × match, say) gives each series
 * its style from its factors instead (`Series.style`) and a legend by factor (`LineChart.legend`):
 * marker and colour for one factor, dash for another, the marker's fill for a third.
 *
 * Reference lines are drawn thin, dotted and grey, under the data, and labelled in the margin to
 * the right of the plot (never on the data), and tick labels are written one way on every axis
 * (`1,000`, `0.1`).
 *
 * Why our own code and not a charting library: vega-lite 6.5 with vega 6.4's headless SVG renderer
 * was measured for this chart (docs/PERFORMANCE.md, "Charts"): 79 packages and 25 MB installed,
 * 160 ms to import and 95-150 ms to render the dispatch chart, 226 KB of SVG; this module takes
 * a few milliseconds for both and needs nothing. Its factored legend is what this one now draws.
 */

/** The marker's fill: solid, open (white inside), or open with a dot in its centre. */
export type MarkerFill = "solid" | "open" | "dot";

export interface SeriesStyle {
  readonly color: string;
  readonly marker: Marker;
  /** An SVG stroke-dasharray; "" is a solid line. */
  readonly dash: string;
  readonly fill: MarkerFill;
}

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** The measured spread of each point: [x, lo, hi] (a confidence interval), drawn as `LineChart.errors` says. */
  readonly bands?: readonly (readonly [number, number, number])[];
  /** How it is drawn, where its factors say (default: the i-th of the distinct styles, seriesStyle(i)). */
  readonly style?: Partial<SeriesStyle>;
  /**
   * Set apart sideways by this many pixels (its line, markers and error bars), so that series
   * whose values coincide (a dodge, as a caption should say) show every marker.
   */
  readonly dodgePx?: number;
}

export interface ReferenceLine {
  readonly name: string;
  readonly y: number;
}

/** One factor of a legend by factors: its title and what each of its values looks like. */
export interface LegendGroup {
  readonly title: string;
  readonly entries: readonly { readonly label: string; readonly style: Partial<SeriesStyle> }[];
}

export interface LineChart {
  readonly title: string;
  /** A second line under the title: what the figures are and the machine they were measured on. */
  readonly caption?: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly references?: readonly ReferenceLine[];
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
  /** What a point's tooltip calls its x value (`N=4`, `frames=4`); default `N`. */
  readonly pointLabel?: string;
  /** How `Series.bands` are drawn: a translucent band under the line (default), or an error bar at each point. */
  readonly errors?: "band" | "bars";
  /** A legend by factors instead of one entry per series (each series then has its `style`). */
  readonly legend?: readonly LegendGroup[];
}

const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
  "#393b79",
  "#637939",
];
/**
 * Okabe and Ito's colours, told apart by readers with any common colour-vision deficiency: for
 * series whose colour stands for one factor (a placement, say). Yellow is left out (unreadable on white).
 */
export const FACTOR_COLORS = ["#000000", "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"] as const;
export const DASHES = ["", "7 3", "2 3", "9 3 2 3"] as const;
export const MARKERS = ["circle", "square", "triangle", "diamond", "triangle-down", "cross", "plus"] as const;
/** Series that differ in marker shape and dash pattern alone (7 and 4 are coprime: 7 × 4). */
export const DISTINCT_SERIES_STYLES = MARKERS.length * DASHES.length;
export type Marker = (typeof MARKERS)[number];
const REFERENCE_STROKE = `stroke="#777" stroke-width="1" stroke-dasharray="1 2"`;

/** How series `i` is drawn. */
export function seriesStyle(i: number): { color: string; dash: string; marker: Marker } {
  return {
    color: PALETTE[i % PALETTE.length]!,
    dash: DASHES[i % DASHES.length]!,
    marker: MARKERS[i % MARKERS.length]!,
  };
}

function styleOf(s: Series, i: number): SeriesStyle {
  return { ...seriesStyle(i), fill: "solid", ...s.style };
}

/** A marker of `shape` centred on (x, y); `fill` solid, open (white inside) or open with a centre dot. */
function markerSvg(
  shape: Marker,
  x: number,
  y: number,
  color: string,
  title?: string,
  fill: MarkerFill = "solid",
): string {
  const f = (v: number) => v.toFixed(1);
  const r = 3.5;
  const tip = title === undefined ? "" : `<title>${escapeXml(title)}</title>`;
  const open = fill !== "solid";
  const filled = open
    ? `class="marker ${shape} ${fill}" fill="white" stroke="${color}" stroke-width="1.5"`
    : `class="marker ${shape}" fill="${color}"`;
  const stroked = `class="marker ${shape}" fill="none" stroke="${color}" stroke-width="1.8"`;
  const dot = fill === "dot" ? `<circle fill="${color}" cx="${f(x)}" cy="${f(y)}" r="1.3"/>` : "";
  const path = (d: string, attrs: string) => `<path ${attrs} d="${d}">${tip}</path>${dot}`;
  switch (shape) {
    case "circle":
      return `<circle ${filled} cx="${f(x)}" cy="${f(y)}" r="${r}">${tip}</circle>${dot}`;
    case "square":
      return `<rect ${filled} x="${f(x - r)}" y="${f(y - r)}" width="${2 * r}" height="${2 * r}">${tip}</rect>${dot}`;
    case "triangle":
      return path(`M${f(x)},${f(y - r - 1)} L${f(x + r + 0.5)},${f(y + r)} L${f(x - r - 0.5)},${f(y + r)} Z`, filled);
    case "triangle-down":
      return path(`M${f(x)},${f(y + r + 1)} L${f(x + r + 0.5)},${f(y - r)} L${f(x - r - 0.5)},${f(y - r)} Z`, filled);
    case "diamond":
      return path(
        `M${f(x)},${f(y - r - 1)} L${f(x + r + 1)},${f(y)} L${f(x)},${f(y + r + 1)} L${f(x - r - 1)},${f(y)} Z`,
        filled,
      );
    case "cross":
      return path(
        `M${f(x - r)},${f(y - r)} L${f(x + r)},${f(y + r)} M${f(x - r)},${f(y + r)} L${f(x + r)},${f(y - r)}`,
        stroked,
      );
    case "plus":
      return path(
        `M${f(x - r - 1)},${f(y)} L${f(x + r + 1)},${f(y)} M${f(x)},${f(y - r - 1)} L${f(x)},${f(y + r + 1)}`,
        stroked,
      );
  }
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * A tick label, written the same way on every axis and chart: whole numbers with thousands
 * separators (`1,000`, `100,000`, never `1e5` next to `10000`), fractions to 2 significant digits.
 */
export function tickLabel(v: number): string {
  if (v === 0) return "0";
  const sign = v < 0 ? "-" : "";
  const a = Math.abs(v);
  if (a >= 1e15) return sign + a.toExponential(0).replace("e+", "e");
  if (Number.isInteger(a)) return sign + String(a).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return sign + String(+a.toPrecision(a >= 1 ? 3 : 2));
}

/** Ticks of a log axis: powers of ten, with 2 and 5 when the range is short. */
function logTicks(lo: number, hi: number, base: 2 | 10): number[] {
  const ticks: number[] = [];
  if (base === 2) {
    for (let e = Math.floor(Math.log2(lo)); 2 ** e <= hi * 1.0001; e++) if (2 ** e >= lo / 1.0001) ticks.push(2 ** e);
    return ticks;
  }
  const decades = Math.log10(hi / lo);
  const mult = decades <= 2 ? [1, 2, 5] : [1];
  for (let e = Math.floor(Math.log10(lo)); 10 ** e <= hi * 1.0001; e++) {
    for (const m of mult) {
      const v = +(m * 10 ** e).toPrecision(12);
      if (v >= lo / 1.0001 && v <= hi * 1.0001) ticks.push(v);
    }
  }
  return ticks;
}

function linearTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / 5));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 6) ?? step * 10;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / nice) * nice; v <= hi + nice * 1e-9; v += nice) ticks.push(+v.toPrecision(12));
  return ticks;
}

/**
 * Where the labels of reference lines go in the right margin: at their lines' heights, moved
 * apart (at least `gap` px, in order) so that none covers another, and kept within [top, bottom].
 */
function spreadLabels(ys: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => o.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k]!, placed[k - 1]! + gap);
  const over = (placed.at(-1) ?? bottom) - bottom;
  if (over > 0) for (let k = 0; k < placed.length; k++) placed[k] = Math.max(top, placed[k]! - over);
  const out = new Array<number>(ys.length);
  order.forEach((o, k) => (out[o.i] = placed[k]!));
  return out;
}

/** A legend sample: a short line with the style's dash and, if it has one, its marker. */
function legendSample(x: number, y: number, st: Partial<SeriesStyle>): string[] {
  const color = st.color ?? "#555";
  const dash = st.dash ?? "";
  const out = [
    `<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
  ];
  if (st.marker !== undefined) out.push(markerSvg(st.marker, x + 12, y, color, undefined, st.fill ?? "solid"));
  return out;
}

/**
 * The y axis's range over `values` (the positive finite ones; 1 to 10 when there are none): whole
 * decades on a log scale, else from 0 to a tenth above the highest.
 */
function yRange(values: readonly number[], logY: boolean | undefined): [number, number] {
  const ys = values.filter((v) => v > 0 && Number.isFinite(v));
  let lo = ys.length > 0 ? Math.min(...ys) : 1;
  let hi = ys.length > 0 ? Math.max(...ys) : 10;
  if (!logY) return [0, hi * 1.1 || 1];
  lo = 10 ** Math.floor(Math.log10(lo));
  hi = 10 ** Math.ceil(Math.log10(hi));
  return [lo, lo === hi ? hi * 10 : hi];
}

/** Where a chart's plot sits, and its y scale. */
interface PlotBox {
  readonly m: { readonly left: number; readonly top: number };
  readonly plotW: number;
  readonly plotH: number;
  readonly Y: (v: number) => number;
  readonly yLo: number;
  readonly yHi: number;
}

/**
 * The y axis's label, then the reference lines, under the data: thin, dotted, grey, each labelled
 * in the right margin (spread so that the labels do not overlap), not on the data.
 */
function yLabelAndReferences(yLabel: string, refs: readonly ReferenceLine[], box: PlotBox): string[] {
  const { m, plotW, plotH, Y, yLo, yHi } = box;
  const f = (v: number) => v.toFixed(1);
  const out = [
    `<text class="y-label" transform="translate(20 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13">${escapeXml(yLabel)}</text>`,
  ];
  const shown = refs.filter((r) => r.y > 0 && Number.isFinite(r.y) && r.y >= yLo && r.y <= yHi);
  const labelYs = spreadLabels(
    shown.map((r) => Y(r.y) + 4),
    13,
    m.top + 4,
    m.top + plotH,
  );
  shown.forEach((r, k) => {
    out.push(
      `<line class="reference" x1="${m.left}" y1="${f(Y(r.y))}" x2="${m.left + plotW}" y2="${f(Y(r.y))}" ${REFERENCE_STROKE}><title>${escapeXml(r.name)}</title></line>`,
      `<text class="reference-label" x="${m.left + plotW + 12}" y="${f(labelYs[k]!)}" text-anchor="start" fill="#555" font-size="11" font-style="italic">${escapeXml(r.name)}</text>`,
    );
  });
  return out;
}

export function renderLineChart(chart: LineChart): string {
  const refs = chart.references ?? [];
  // Size the legend, the reference labels and the canvas from the text they hold (about 7 px per
  // character at 12 px, 6 at 11 px), so that no label or title is cut off whatever the names are.
  const legendLabels = chart.legend
    ? chart.legend.flatMap((g) => [g.title, ...g.entries.map((e) => e.label)])
    : chart.series.map((s) => s.name);
  const legendWidth = Math.max(160, 48 + 7 * Math.max(0, ...legendLabels.map((l) => l.length)));
  const refWidth = refs.length === 0 ? 0 : 22 + 6 * Math.max(...refs.map((r) => r.name.length));
  const width = Math.max(
    chart.width ?? 860,
    560 + legendWidth + refWidth,
    40 + 8.5 * chart.title.length,
    40 + 6.5 * (chart.caption?.length ?? 0),
  );
  const legendRows = chart.legend
    ? chart.legend.reduce((n, g) => n + 1 + g.entries.length, 0) + (refs.length > 0 ? 1 + refs.length : 0)
    : chart.series.length + refs.length;
  const m = { left: 78, right: legendWidth + refWidth + 20, top: chart.caption === undefined ? 44 : 62, bottom: 62 };
  const height = Math.max(chart.height ?? 520, m.top + legendRows * 18 + 20 + m.bottom);
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const xs = chart.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = [
    ...chart.series.flatMap((s) => s.points.map((p) => p[1])),
    ...chart.series.flatMap((s) => (s.bands ?? []).flatMap((b) => [b[1], b[2]])),
    ...refs.map((r) => r.y),
  ];
  const positive = (v: number) => v > 0 && Number.isFinite(v);
  let xLo = Math.min(...xs.filter(positive), Infinity);
  let xHi = Math.max(...xs.filter(positive), -Infinity);
  if (!Number.isFinite(xLo)) [xLo, xHi] = [1, 10];
  if (xLo === xHi) [xLo, xHi] = [xLo / 2, xHi * 2];
  const [yLo, yHi] = yRange(ys, chart.logY);
  const lx = chart.logX ?? true;
  const Xs = (v: number) => m.left + (lx ? Math.log(v / xLo) / Math.log(xHi / xLo) : (v - xLo) / (xHi - xLo)) * plotW;
  const X = Xs;
  const Y = (v: number) =>
    m.top + plotH - (chart.logY ? Math.log(v / yLo) / Math.log(yHi / yLo) : (v - yLo) / (yHi - yLo)) * plotH;
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(chart.title)}</title>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  out.push(
    `<text class="title" x="20" y="24" text-anchor="start" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
  );
  if (chart.caption !== undefined)
    out.push(
      `<text class="caption" x="20" y="42" text-anchor="start" font-size="11" fill="#444">${escapeXml(chart.caption)}</text>`,
    );
  // grid and ticks
  const xTicks = lx ? logTicks(xLo, xHi, xHi / xLo <= 4096 ? 2 : 10) : linearTicks(xLo, xHi);
  const yTicks = chart.logY ? logTicks(yLo, yHi, 10) : linearTicks(yLo, yHi);
  out.push(`<g class="grid" stroke="#e4e4e4" stroke-width="1">`);
  for (const t of xTicks) out.push(`<line x1="${f(X(t))}" y1="${m.top}" x2="${f(X(t))}" y2="${m.top + plotH}"/>`);
  for (const t of yTicks) out.push(`<line x1="${m.left}" y1="${f(Y(t))}" x2="${m.left + plotW}" y2="${f(Y(t))}"/>`);
  out.push(`</g>`);
  out.push(
    `<g class="axes" stroke="#333" stroke-width="1.2" fill="none"><line x1="${m.left}" y1="${m.top + plotH}" x2="${m.left + plotW}" y2="${m.top + plotH}"/><line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + plotH}"/></g>`,
  );
  out.push(`<g class="tick-labels" fill="#333">`);
  for (const t of xTicks)
    out.push(`<text x="${f(X(t))}" y="${m.top + plotH + 18}" text-anchor="middle">${tickLabel(t)}</text>`);
  for (const t of yTicks)
    out.push(`<text x="${m.left - 8}" y="${f(Y(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
  out.push(`</g>`);
  out.push(
    `<text class="x-label" x="${m.left + plotW / 2}" y="${height - 16}" text-anchor="middle" font-size="13">${escapeXml(chart.xLabel)}</text>`,
  );
  out.push(...yLabelAndReferences(chart.yLabel, refs, { m, plotW, plotH, Y, yLo, yHi }));
  // series
  const drawable = (p: readonly [number, number]) =>
    (lx ? positive(p[0]) : Number.isFinite(p[0])) && (chart.logY ? positive(p[1]) : Number.isFinite(p[1]) && p[1] >= 0);
  chart.series.forEach((s, i) => {
    const { color, dash, marker, fill } = styleOf(s, i);
    const dodge = s.dodgePx ?? 0;
    const X = (v: number) => Xs(v) + dodge;
    const pts = s.points.filter(drawable);
    const d = pts.map((p, k) => `${k === 0 ? "M" : "L"}${f(X(p[0]))},${f(Y(p[1]))}`).join(" ");
    out.push(`<g class="series-group">`);
    const band = (s.bands ?? []).filter((b) => drawable([b[0], b[1]]) && drawable([b[0], b[2]]));
    if (chart.errors === "bars") {
      if (band.length > 0) {
        const cap = (x: number, y: number) => `M${f(x - 3)},${f(y)} L${f(x + 3)},${f(y)}`;
        const bars = band.map(
          ([x, lo, hi]) => `M${f(X(x))},${f(Y(lo))} L${f(X(x))},${f(Y(hi))} ${cap(X(x), Y(lo))} ${cap(X(x), Y(hi))}`,
        );
        out.push(
          `<path class="error-bar" data-name="${escapeXml(s.name)}" d="${bars.join(" ")}" fill="none" stroke="${color}" stroke-width="1.1"/>`,
        );
      }
    } else if (band.length > 1) {
      const upper = band.map((b, k) => `${k === 0 ? "M" : "L"}${f(X(b[0]))},${f(Y(b[2]))}`);
      const lower = [...band].reverse().map((b) => `L${f(X(b[0]))},${f(Y(b[1]))}`);
      out.push(
        `<path class="band" data-name="${escapeXml(s.name)}" d="${[...upper, ...lower].join(" ")} Z" fill="${color}" fill-opacity="0.15" stroke="none"/>`,
      );
    } else if (band.length === 1) {
      const [x, lo, hi] = band[0]!;
      out.push(
        `<line class="band" data-name="${escapeXml(s.name)}" x1="${f(X(x))}" y1="${f(Y(lo))}" x2="${f(X(x))}" y2="${f(Y(hi))}" stroke="${color}" stroke-width="6" stroke-opacity="0.3"/>`,
      );
    }
    out.push(
      `<path class="series" data-name="${escapeXml(s.name)}" d="${d}" fill="none" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ""}><title>${escapeXml(s.name)}</title></path>`,
    );
    for (const p of pts)
      out.push(
        markerSvg(
          marker,
          X(p[0]),
          Y(p[1]),
          color,
          `${s.name}: ${chart.pointLabel ?? "N"}=${p[0]}, ${tickLabel(p[1])}`,
          fill,
        ),
      );
    out.push(`</g>`);
  });
  // legend
  const lx0 = width - legendWidth;
  out.push(`<g class="legend">`);
  out.push(
    `<rect x="${lx0 - 8}" y="${m.top - 6}" width="${legendWidth - 4}" height="${legendRows * 18 + 10}" fill="white" stroke="#ccc"/>`,
  );
  let row = 0;
  const rowY = () => m.top + 8 + row++ * 18;
  const heading = (text: string) =>
    out.push(`<text class="legend-title" x="${lx0}" y="${rowY() + 4}" font-weight="bold">${escapeXml(text)}</text>`);
  if (chart.legend) {
    for (const g of chart.legend) {
      heading(g.title);
      for (const e of g.entries) {
        const y = rowY();
        out.push(`<g class="legend-entry">`, ...legendSample(lx0, y, e.style));
        out.push(`<text x="${lx0 + 30}" y="${y + 4}">${escapeXml(e.label)}</text>`, `</g>`);
      }
    }
    if (refs.length > 0) heading("reference");
  } else {
    chart.series.forEach((s, i) => {
      const y = rowY();
      out.push(`<g class="legend-entry">`, ...legendSample(lx0, y, styleOf(s, i)));
      out.push(`<text x="${lx0 + 30}" y="${y + 4}">${escapeXml(s.name)}</text>`, `</g>`);
    });
  }
  for (const r of refs) {
    const y = rowY();
    out.push(`<line x1="${lx0}" y1="${y}" x2="${lx0 + 24}" y2="${y}" ${REFERENCE_STROKE}/>`);
    out.push(`<text x="${lx0 + 30}" y="${y + 4}">${escapeXml(r.name)}</text>`);
  }
  out.push(`</g>`);
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}

/** One bar: its value and, when measured, an interval drawn as an error bar. */
export interface Bar {
  readonly value: number;
  readonly lo?: number;
  readonly hi?: number;
}

export interface BarChart {
  readonly title: string;
  readonly caption?: string;
  readonly yLabel: string;
  /** What each bar of a group is (the legend): e.g. "no-op", "Reclaim". */
  readonly series: readonly string[];
  /** The groups along x (e.g. placements), each with one bar per series (null: not measured). */
  readonly groups: readonly { readonly name: string; readonly bars: readonly (Bar | null)[] }[];
  /** Horizontal lines for figures to compare with, drawn and labelled as in the line chart. */
  readonly references?: readonly ReferenceLine[];
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** Fill patterns by series, so that bars differ in pattern as well as colour (a grey print tells them apart). */
const BAR_PATTERNS = ["solid", "hatch", "dots", "cross"] as const;

/**
 * A grouped bar chart with error bars (an interval per bar: a 95% confidence interval of the
 * repetitions' median, say), log or linear y; each series has its colour and its fill pattern.
 */
export function renderBarChart(chart: BarChart): string {
  const refs = chart.references ?? [];
  const legendWidth = Math.max(
    140,
    60 + 7 * Math.max(0, ...chart.series.map((s) => s.length), ...refs.map((r) => r.name.length)),
  );
  const refWidth = refs.length === 0 ? 0 : 22 + 6 * Math.max(...refs.map((r) => r.name.length));
  const width = Math.max(
    chart.width ?? 760,
    520 + legendWidth + refWidth,
    40 + 8.5 * chart.title.length,
    40 + 6.5 * (chart.caption?.length ?? 0),
  );
  const height = chart.height ?? 480;
  const m = { left: 78, right: legendWidth + refWidth + 20, top: chart.caption === undefined ? 44 : 62, bottom: 56 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const bars = chart.groups.flatMap((g) => g.bars.filter((b): b is Bar => b !== null));
  const [yLo, yHi] = yRange(
    [...bars.flatMap((b) => [b.value, b.lo ?? b.value, b.hi ?? b.value]), ...refs.map((r) => r.y)],
    chart.logY,
  );
  const Y = (v: number) =>
    m.top +
    plotH -
    (chart.logY ? Math.log(Math.max(v, yLo) / yLo) / Math.log(yHi / yLo) : (v - yLo) / (yHi - yLo)) * plotH;
  const f = (v: number) => v.toFixed(1);
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(chart.title)}</title>`);
  out.push(`<defs>`);
  chart.series.forEach((_, i) => {
    const color = PALETTE[i % PALETTE.length]!;
    const kind = BAR_PATTERNS[i % BAR_PATTERNS.length]!;
    const inner =
      kind === "solid"
        ? `<rect width="8" height="8" fill="${color}"/>`
        : kind === "hatch"
          ? `<rect width="8" height="8" fill="white"/><path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="${color}" stroke-width="2"/>`
          : kind === "dots"
            ? `<rect width="8" height="8" fill="white"/><circle cx="4" cy="4" r="2" fill="${color}"/>`
            : `<rect width="8" height="8" fill="white"/><path d="M0,0 L8,8 M8,0 L0,8" stroke="${color}" stroke-width="1.5"/>`;
    out.push(`<pattern id="bar-fill-${i}" width="8" height="8" patternUnits="userSpaceOnUse">${inner}</pattern>`);
  });
  out.push(`</defs>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`);
  out.push(
    `<text class="title" x="20" y="24" text-anchor="start" font-size="15" font-weight="bold">${escapeXml(chart.title)}</text>`,
  );
  if (chart.caption !== undefined)
    out.push(
      `<text class="caption" x="20" y="42" text-anchor="start" font-size="11" fill="#444">${escapeXml(chart.caption)}</text>`,
    );
  const yTicks = chart.logY ? logTicks(yLo, yHi, 10) : linearTicks(yLo, yHi);
  out.push(`<g class="grid" stroke="#e4e4e4" stroke-width="1">`);
  for (const t of yTicks) out.push(`<line x1="${m.left}" y1="${f(Y(t))}" x2="${m.left + plotW}" y2="${f(Y(t))}"/>`);
  out.push(`</g>`);
  out.push(
    `<g class="axes" stroke="#333" stroke-width="1.2" fill="none"><line x1="${m.left}" y1="${m.top + plotH}" x2="${m.left + plotW}" y2="${m.top + plotH}"/><line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + plotH}"/></g>`,
  );
  out.push(`<g class="tick-labels" fill="#333">`);
  for (const t of yTicks)
    out.push(`<text x="${m.left - 8}" y="${f(Y(t) + 4)}" text-anchor="end">${tickLabel(t)}</text>`);
  out.push(`</g>`);
  out.push(...yLabelAndReferences(chart.yLabel, refs, { m, plotW, plotH, Y, yLo, yHi }));
  const groupW = plotW / Math.max(1, chart.groups.length);
  const barW = Math.min(36, (groupW * 0.8) / Math.max(1, chart.series.length));
  chart.groups.forEach((g, gi) => {
    const gx = m.left + gi * groupW + (groupW - barW * chart.series.length) / 2;
    out.push(`<g class="group" data-name="${escapeXml(g.name)}">`);
    g.bars.forEach((b, si) => {
      if (b === null || !(b.value > 0 || !chart.logY)) return;
      const x = gx + si * barW;
      const top = Y(b.value);
      const tip = `${g.name}, ${chart.series[si] ?? ""}: ${tickLabel(b.value)}${b.lo !== undefined && b.hi !== undefined ? ` (${tickLabel(b.lo)}–${tickLabel(b.hi)})` : ""}`;
      out.push(
        `<rect class="bar" data-series="${escapeXml(chart.series[si] ?? "")}" x="${f(x + 1)}" y="${f(top)}" width="${f(barW - 2)}" height="${f(m.top + plotH - top)}" fill="url(#bar-fill-${si})" stroke="${PALETTE[si % PALETTE.length]}" stroke-width="1"><title>${escapeXml(tip)}</title></rect>`,
      );
      if (b.lo !== undefined && b.hi !== undefined) {
        const cx = x + barW / 2;
        out.push(
          `<path class="error-bar" d="M${f(cx)},${f(Y(b.lo))} L${f(cx)},${f(Y(b.hi))} M${f(cx - 4)},${f(Y(b.lo))} L${f(cx + 4)},${f(Y(b.lo))} M${f(cx - 4)},${f(Y(b.hi))} L${f(cx + 4)},${f(Y(b.hi))}" stroke="#222" stroke-width="1.3" fill="none"/>`,
        );
      }
    });
    out.push(
      `<text class="group-label" x="${f(m.left + gi * groupW + groupW / 2)}" y="${m.top + plotH + 18}" text-anchor="middle">${escapeXml(g.name)}</text>`,
    );
    out.push(`</g>`);
  });
  const lx0 = width - legendWidth;
  out.push(`<g class="legend">`);
  out.push(
    `<rect x="${lx0 - 8}" y="${m.top - 6}" width="${legendWidth - 4}" height="${(chart.series.length + refs.length) * 20 + 30}" fill="white" stroke="#ccc"/>`,
  );
  chart.series.forEach((s, i) => {
    const y = m.top + 4 + i * 20;
    out.push(
      `<rect x="${lx0}" y="${y}" width="20" height="12" fill="url(#bar-fill-${i})" stroke="${PALETTE[i % PALETTE.length]}"/>`,
    );
    out.push(`<text x="${lx0 + 28}" y="${y + 10}">${escapeXml(s)}</text>`);
  });
  const ey = m.top + 4 + chart.series.length * 20;
  out.push(
    `<path d="M${lx0 + 10},${ey} L${lx0 + 10},${ey + 12} M${lx0 + 6},${ey} L${lx0 + 14},${ey} M${lx0 + 6},${ey + 12} L${lx0 + 14},${ey + 12}" stroke="#222" stroke-width="1.3"/>`,
  );
  out.push(`<text x="${lx0 + 28}" y="${ey + 10}">95% interval</text>`);
  refs.forEach((r, i) => {
    const y = ey + 20 * (i + 1) + 6;
    out.push(`<line x1="${lx0}" y1="${y}" x2="${lx0 + 20}" y2="${y}" ${REFERENCE_STROKE}/>`);
    out.push(`<text x="${lx0 + 28}" y="${y + 4}">${escapeXml(r.name)}</text>`);
  });
  out.push(`</g>`);
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
