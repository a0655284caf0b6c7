/**
 * Page faults over simulated time, in a bounded number of windows whatever the run's length: the
 * window starts small and doubles (neighbouring windows merged) whenever a fault falls past the
 * last one, so a run of any size keeps at most MAX_WINDOWS counters.
 */
export const MAX_WINDOWS = 256;
const FIRST_WINDOW_NS = 1_000;

export class FaultTimeline {
  private windowNs = FIRST_WINDOW_NS;
  private readonly counts = new Float64Array(MAX_WINDOWS);
  private last = -1;

  /** One fault at simulated time `ns` (non-decreasing from call to call). */
  add(ns: number): void {
    if (!Number.isFinite(ns) || ns < 0) return;
    let index = Math.floor(ns / this.windowNs);
    while (index >= MAX_WINDOWS) {
      this.merge();
      index = Math.floor(ns / this.windowNs);
    }
    this.counts[index]! += 1;
    if (index > this.last) this.last = index;
  }

  private merge(): void {
    for (let i = 0; i < MAX_WINDOWS / 2; i++) this.counts[i] = this.counts[2 * i]! + this.counts[2 * i + 1]!;
    this.counts.fill(0, MAX_WINDOWS / 2);
    this.windowNs *= 2;
    this.last = Math.floor(this.last / 2);
  }

  /** Cumulative faults at the end of each window up to `endNs` (the run's simulated time). */
  series(endNs: number): { windowNs: number; cumulative: number[] } {
    while (Math.ceil(endNs / this.windowNs) > MAX_WINDOWS) this.merge();
    const windows = Math.max(this.last + 1, Math.ceil(endNs / this.windowNs), 1);
    const cumulative: number[] = [];
    let sum = 0;
    for (let i = 0; i < windows; i++) cumulative.push((sum += this.counts[i]!));
    return { windowNs: this.windowNs, cumulative };
  }
}
