/**
 * The timeline chart (`spin run/load --timeline out.svg`): faults, major faults, evictions and
 * write-backs per window of simulated time, one panel each, one line per application and run
 * (colour: the application; solid: the first run, dashed: the second, so that `spin load` shows
 * the run with extensions over the built-in one). Both runs are brought to one window width
 * first (kernel/machine/timeline.ts `mergeTo`), so a point is the same span of time in each.
 * Plain SVG 1.1, no script; every name is escaped and cut.
 */
import { mergeTo, type TimelineReport, type TimelineSeries } from "../kernel/machine/timeline.js";
import { visible } from "../extensions/visible.js";
import { escapeXml } from "./svg-chart.js";

export interface TimelineRun {
  /** `with extensions`, `built-in`, or a policy's name. */
  readonly label: string;
  readonly timeline: TimelineReport;
}

const PANELS: readonly { readonly key: keyof Omit<TimelineSeries, "app">; readonly title: string }[] = [
  { key: "faults", title: "page faults" },
  { key: "majorFaults", title: "major faults (read from swap)" },
  { key: "evictions", title: "evictions" },
  { key: "writeBacks", title: "write-backs" },
];
const COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];
const DASHES = ["", "7 4", "2 3"];
const NAME_MAX = 40;

const f1 = (v: number) => v.toFixed(1);

function ticks(hi: number): number[] {
  if (hi <= 0) return [0];
  const step = 10 ** Math.floor(Math.log10(hi / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => hi / s <= 5) ?? step * 10;
  // Up to the first tick at or above `hi`, so that the highest point stays inside its panel.
  const out: number[] = [0];
  while (out[out.length - 1]! < hi * 0.999999) out.push(+(out.length * nice).toPrecision(12));
  return out;
}

function label(v: number): string {
  if (v >= 1e5) return v.toExponential(1).replace("e+", "e");
  return Number.isInteger(v) ? String(v) : String(+v.toPrecision(3));
}

export function renderTimeline(title: string, runs: readonly TimelineRun[]): string {
  const width = Math.max(...runs.map((r) => r.timeline.windowNs));
  const merged = runs.map((r) => ({ label: r.label, t: mergeTo(r.timeline, width) }));
  const windows = Math.max(1, ...merged.map((r) => r.t.windows));
  const spanMs = (windows * width) / 1e6;
  const apps = merged[0]?.t.series.map((s) => s.app) ?? [];
  const legendW = 230;
  const W = 960;
  const panelH = 170;
  const m = { left: 70, right: legendW + 20, top: 76, gap: 44, bottom: 50 };
  const plotW = W - m.left - m.right;
  const H = m.top + PANELS.length * (panelH + m.gap) - m.gap + m.bottom;
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(visible(title, 200))}</title>`);
  out.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`);
  out.push(
    `<text class="title" x="20" y="24" font-size="15" font-weight="bold">${escapeXml(visible(title, 200))}</text>`,
  );
  out.push(
    `<text x="20" y="42" fill="#555">per window of ${label(width / 1e6)} ms of simulated time; ${windows} windows</text>`,
  );
  const X = (ms: number) => m.left + (ms / spanMs) * plotW;
  PANELS.forEach((panel, p) => {
    const top = m.top + p * (panelH + m.gap);
    let hi = 0;
    for (const r of merged) for (const s of r.t.series) for (const v of s[panel.key]) hi = Math.max(hi, v);
    const yTicks = ticks(hi);
    const yHi = Math.max(1, yTicks[yTicks.length - 1]!);
    const Y = (v: number) => top + panelH - (v / yHi) * panelH;
    out.push(`<g class="panel" data-count="${panel.key}">`);
    out.push(
      `<text x="${m.left + 8}" y="${top - 10}" font-size="13" font-weight="bold">${escapeXml(panel.title)}</text>`,
    );
    out.push(`<g class="grid" stroke="#e4e4e4" stroke-width="1">`);
    for (const t of yTicks) out.push(`<line x1="${m.left}" y1="${f1(Y(t))}" x2="${m.left + plotW}" y2="${f1(Y(t))}"/>`);
    out.push(`</g>`);
    out.push(
      `<g stroke="#333" stroke-width="1.2"><line x1="${m.left}" y1="${top + panelH}" x2="${m.left + plotW}" y2="${top + panelH}"/><line x1="${m.left}" y1="${top}" x2="${m.left}" y2="${top + panelH}"/></g>`,
    );
    for (const t of yTicks)
      out.push(`<text x="${m.left - 6}" y="${f1(Y(t) + 4)}" text-anchor="end" fill="#333">${label(t)}</text>`);
    for (const t of ticks(spanMs).filter((x) => x <= spanMs))
      out.push(`<text x="${f1(X(t))}" y="${top + panelH + 15}" text-anchor="middle" fill="#333">${label(t)}</text>`);
    merged.forEach((r, ri) => {
      r.t.series.forEach((s, si) => {
        const values = s[panel.key];
        const d = values
          .map((v, w) => `${w === 0 ? "M" : "L"}${f1(X(((w + 0.5) * width) / 1e6))},${f1(Y(v))}`)
          .join(" ");
        const dash = DASHES[ri % DASHES.length]!;
        const name = `${seriesName(s.app)} (${r.label})`;
        out.push(
          `<path class="series" data-app="${escapeXml(seriesName(s.app))}" data-run="${escapeXml(visible(r.label, NAME_MAX))}" d="${d}" fill="none" stroke="${COLOURS[si % COLOURS.length]}" stroke-width="1.8"${dash ? ` stroke-dasharray="${dash}"` : ""}><title>${escapeXml(visible(name, 2 * NAME_MAX))}</title></path>`,
        );
      });
    });
    out.push(`</g>`);
  });
  out.push(
    `<text x="${m.left + plotW / 2}" y="${H - 12}" text-anchor="middle" font-size="13">simulated time (ms)</text>`,
  );
  // Legend: an application's colour, then a run's line style.
  const lx = W - legendW;
  const rows = apps.length + merged.length;
  out.push(`<g class="legend">`);
  out.push(
    `<rect x="${lx - 8}" y="${m.top - 6}" width="${legendW - 4}" height="${rows * 18 + 12}" fill="white" stroke="#ccc"/>`,
  );
  apps.forEach((app, i) => {
    const y = m.top + 8 + i * 18;
    out.push(
      `<line x1="${lx}" y1="${y}" x2="${lx + 24}" y2="${y}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="3"/>`,
    );
    out.push(`<text x="${lx + 30}" y="${y + 4}">${escapeXml(seriesName(app))}</text>`);
  });
  merged.forEach((r, i) => {
    const y = m.top + 8 + (apps.length + i) * 18;
    const dash = DASHES[i % DASHES.length]!;
    out.push(
      `<line x1="${lx}" y1="${y}" x2="${lx + 24}" y2="${y}" stroke="#333" stroke-width="1.8"${dash ? ` stroke-dasharray="${dash}"` : ""}/>`,
    );
    out.push(`<text x="${lx + 30}" y="${y + 4}">${escapeXml(visible(r.label, NAME_MAX))}</text>`);
  });
  out.push(`</g>`);
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}

function seriesName(app: string | null): string {
  return app === null ? "other applications" : visible(app, NAME_MAX);
}
