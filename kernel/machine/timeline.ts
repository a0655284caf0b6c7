/**
 * A run's timeline: faults, major faults, evictions and write-backs per window of simulated time,
 * per application, in bounded memory whatever the run's length. Windows start one quantum wide
 * and double (neighbours merged) whenever the run outgrows MAX_WINDOWS of them, so two runs of one
 * configuration (with and without extensions) have widths of the form quantum × 2^k and can be
 * brought to a common width by merging (`mergeTo`). The first MAX_SERIES applications get a
 * series each; the rest are summed into one, so that a run of 100,000 applications stays small.
 */

/** The most windows a timeline keeps. */
export const MAX_WINDOWS = 64;
/** Applications with a series of their own; the others share one. */
export const MAX_SERIES = 16;

/** What a window counts, in the order of a series' arrays. */
export const TIMELINE_COUNTS = ["faults", "majorFaults", "evictions", "writeBacks"] as const;
export type TimelineCount = (typeof TIMELINE_COUNTS)[number];
export const T_FAULT = 0;
export const T_MAJOR = 1;
export const T_EVICT = 2;
export const T_WBACK = 3;

export interface TimelineSeries {
  /** The application's name, or `null` for the applications beyond the first MAX_SERIES, together. */
  readonly app: string | null;
  readonly faults: readonly number[];
  readonly majorFaults: readonly number[];
  readonly evictions: readonly number[];
  readonly writeBacks: readonly number[];
}

export interface TimelineReport {
  /** Width of every window (ns); window i covers [i × windowNs, (i + 1) × windowNs). */
  readonly windowNs: number;
  /** Windows from time 0 to the end of the run. */
  readonly windows: number;
  readonly series: readonly TimelineSeries[];
}

export class Timeline {
  private width: number;
  /** Per series, 4 counts per window: counts[s][w * 4 + kind]. */
  private readonly counts: Float64Array[];

  constructor(
    baseWidthNs: number,
    private readonly apps: readonly string[],
  ) {
    this.width = Math.max(1, baseWidthNs);
    const series = Math.min(apps.length, MAX_SERIES) + (apps.length > MAX_SERIES ? 1 : 0);
    this.counts = Array.from({ length: series }, () => new Float64Array(MAX_WINDOWS * 4));
  }

  count(app: number, kind: number, now: number): void {
    this.cover(now);
    const s = app < MAX_SERIES ? app : MAX_SERIES;
    this.counts[s]![Math.floor(now / this.width) * 4 + kind]++;
  }

  /** Widen the windows until `now` falls in the last one. */
  private cover(now: number): void {
    while (now >= this.width * MAX_WINDOWS) {
      for (const c of this.counts) {
        for (let w = 0; w < MAX_WINDOWS; w++) {
          for (let k = 0; k < 4; k++) {
            const from = w * 2 < MAX_WINDOWS ? (c[w * 8 + k] ?? 0) + (c[w * 8 + 4 + k] ?? 0) : 0;
            c[w * 4 + k] = from;
          }
        }
      }
      this.width *= 2;
    }
  }

  report(endNs: number): TimelineReport {
    this.cover(endNs);
    const windows = Math.max(1, Math.min(MAX_WINDOWS, Math.ceil(endNs / this.width)));
    const series = this.counts.map((c, s) => {
      const pick = (k: number) => Array.from({ length: windows }, (_, w) => c[w * 4 + k]!);
      return {
        app: s < MAX_SERIES ? this.apps[s]! : null,
        faults: pick(T_FAULT),
        majorFaults: pick(T_MAJOR),
        evictions: pick(T_EVICT),
        writeBacks: pick(T_WBACK),
      };
    });
    return { windowNs: this.width, windows, series };
  }
}

/**
 * The same timeline in windows `width` wide (a multiple of its own by a power of two): what
 * comparing two runs of one configuration needs.
 */
export function mergeTo(t: TimelineReport, width: number): TimelineReport {
  const factor = Math.round(width / t.windowNs);
  if (factor <= 1) return t;
  const windows = Math.ceil(t.windows / factor);
  const merge = (xs: readonly number[]) =>
    Array.from({ length: windows }, (_, w) => {
      let sum = 0;
      for (let i = w * factor; i < Math.min(xs.length, (w + 1) * factor); i++) sum += xs[i]!;
      return sum;
    });
  return {
    windowNs: t.windowNs * factor,
    windows,
    series: t.series.map((s) => ({
      app: s.app,
      faults: merge(s.faults),
      majorFaults: merge(s.majorFaults),
      evictions: merge(s.evictions),
      writeBacks: merge(s.writeBacks),
    })),
  };
}
