import { describe, expect, it } from "vitest";
import { FaultTimeline, MAX_WINDOWS } from "../../web/workers/fault-timeline.js";

describe("FaultTimeline", () => {
  it("counts every fault, cumulatively, in windows that cover the run", () => {
    const t = new FaultTimeline();
    for (const ns of [0, 500, 1_500, 2_000, 2_999]) t.add(ns);
    const s = t.series(3_000);
    expect(s.windowNs).toBe(1_000);
    expect(s.cumulative).toEqual([2, 3, 5]);
  });

  it("keeps at most MAX_WINDOWS windows whatever the run's length, and loses no fault", () => {
    const t = new FaultTimeline();
    let n = 0;
    for (let ns = 0; ns < 5e9; ns += 1e6 + (n % 7)) {
      t.add(ns);
      n++;
    }
    const s = t.series(5e9);
    expect(s.cumulative.length).toBeLessThanOrEqual(MAX_WINDOWS);
    expect(s.cumulative.at(-1)).toBe(n);
    expect(s.cumulative.length * s.windowNs).toBeGreaterThanOrEqual(5e9);
    for (let i = 1; i < s.cumulative.length; i++) expect(s.cumulative[i]!).toBeGreaterThanOrEqual(s.cumulative[i - 1]!);
  });

  it("ignores times that are not times", () => {
    const t = new FaultTimeline();
    t.add(Number.NaN);
    t.add(-1);
    t.add(Number.POSITIVE_INFINITY);
    expect(t.series(0).cumulative).toEqual([0]);
  });
});
