import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../kernel/machine/event-record.js";
import type { TimelineReport } from "../../kernel/machine/timeline.js";
import { EVENT_RESULT_MAX, EVENT_TEXT_MAX, eventLine } from "../../extensions/loader/event-file.js";
import { hasUnsafeCharacter } from "../../extensions/visible.js";
import { renderTimeline } from "../../render/timeline-chart.js";

const series = (app: string | null, faults: number[]) => ({
  app,
  faults,
  majorFaults: faults.map((f) => f - 1),
  evictions: faults,
  writeBacks: faults.map(() => 0),
});

/** The points of each path, by (panel, app, run), in SVG coordinates. */
function paths(svg: string): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  let panel = "";
  for (const line of svg.split("\n")) {
    const p = /<g class="panel" data-count="(\w+)">/.exec(line);
    if (p) panel = p[1]!;
    const m = /<path class="series" data-app="([^"]*)" data-run="([^"]*)" d="([^"]*)"/.exec(line);
    if (m)
      out.set(
        `${panel}|${m[1]}|${m[2]}`,
        m[3]!.split(" ").map((pt) => pt.slice(1).split(",").map(Number) as [number, number]),
      );
  }
  return out;
}

describe("the timeline chart", () => {
  const hostile = 'db<script>alert(1)</script>\u001b[2K"';
  const fine: TimelineReport = { windowNs: 10e6, windows: 4, series: [series(hostile, [1, 2, 3, 4])] };
  const coarse: TimelineReport = { windowNs: 20e6, windows: 2, series: [series(hostile, [5, 5])] };
  const svg = renderTimeline("two runs", [
    { label: "with extensions", timeline: fine },
    { label: "built-in", timeline: coarse },
  ]);

  it("draws both runs at one window width: the finer one merged (1+2, 3+4)", () => {
    const ps = paths(svg);
    expect(ps.size).toBe(8); // 4 panels × 1 application × 2 runs
    const key = [...ps.keys()].find((k) => k.startsWith("faults|") && k.endsWith("|with extensions"))!;
    const pts = ps.get(key)!;
    expect(pts).toHaveLength(2);
    const base = [...ps.get(key.replace("with extensions", "built-in"))!];
    // Heights above the axis are proportional to the counts: 3 and 7 against the other run's 5.
    const axis = Number(/<line x1="70" y1="([\d.]+)" x2="[\d.]+" y2="\1"\/><line x1="70"/.exec(svg)![1]);
    const h = (p: [number, number]) => axis - p[1];
    expect(h(pts[0]!) / h(pts[1]!)).toBeCloseTo(3 / 7, 2);
    expect(h(base[0]!) / h(pts[1]!)).toBeCloseTo(5 / 7, 2);
    // The two runs' points sit at the same times.
    expect(pts.map((p) => p[0])).toEqual(base.map((p) => p[0]));
    expect(svg).toContain("per window of 20 ms of simulated time; 2 windows");
  });

  it("escapes what a scenario named, and is the same bytes for the same inputs", () => {
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("db&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2K&quot;");
    expect(hasUnsafeCharacter(svg)).toBe(false);
    expect(
      renderTimeline("two runs", [
        { label: "with extensions", timeline: fine },
        { label: "built-in", timeline: coarse },
      ]),
    ).toBe(svg);
  });
});

describe("a line of the event record", () => {
  it("is one line of JSON, in a fixed key order, with what an extension chose cut and escaped", () => {
    const record: EventRecord = {
      seq: 7,
      t: 1500,
      event: "PhysAddr.Reclaim",
      app: "a",
      vpn: 3,
      handlers: [
        { handler: "default:pager", result: { victim: 1 } },
        {
          handler: `x.ts#PhysAddr.Reclaim:${"n".repeat(900)}`,
          result: { victim: 2, clearReferenced: Array(2000).fill(2) },
        },
        {
          handler: "y.ts#PhysAddr.Reclaim",
          fault: {
            kind: "exception",
            message: `boom\n\u001b[2K\u202e${"m".repeat(900)}`,
            position: { file: "y.ts", line: 4, column: 9 },
          },
        },
      ],
      decision: { victim: 1 },
      victim: { frame: 1, app: "a", vpn: 9, dirty: true },
      disk: [{ kind: "write-back", app: "a", vpn: 9, block: 0, pages: 1 }],
    };
    const line = eventLine(record, "extensions");
    expect(line).not.toContain("\n");
    expect(hasUnsafeCharacter(line)).toBe(false);
    const back = JSON.parse(line);
    expect(Object.keys(back)).toEqual([
      "run",
      "seq",
      "t",
      "event",
      "app",
      "vpn",
      "handlers",
      "decision",
      "victim",
      "disk",
    ]);
    expect(back.handlers[0]).toEqual({ handler: "default:pager", result: { victim: 1 } });
    const name = record.handlers[1]!.handler;
    expect(back.handlers[1].handler).toBe(`${name.slice(0, EVENT_TEXT_MAX)}…(+${name.length - EVENT_TEXT_MAX} chars)`);
    expect(typeof back.handlers[1].result).toBe("string");
    expect(back.handlers[1].result.length).toBeLessThan(EVENT_RESULT_MAX + 20);
    expect(back.handlers[2].fault).toMatchObject({ kind: "exception", position: "y.ts:4:9" });
    expect(back.handlers[2].fault.message.startsWith("boom\n\u001b[2K\u202e")).toBe(true);
    expect(back.handlers[2].fault.message.length).toBeLessThanOrEqual(EVENT_TEXT_MAX + 20);
    expect(line).toContain("\\u001b[2K\\u202e");
  });
});
