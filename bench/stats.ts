/**
 * The statistics and host-time measurements of every benchmark, in one place: a median, a
 * min/median/max summary, and per-call timing after a warm-up. Host time is what benchmarks
 * measure and tests never assert.
 */

/** The median (the mean of the middle two for an even count); NaN for no samples. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly n: number;
}

export function summary(xs: readonly number[]): Summary {
  return { min: Math.min(...xs), median: median(xs), max: Math.max(...xs), n: xs.length };
}

/** Host time of one call of `fn` (ms), and what it returned. */
export function timeMs<T>(fn: () => T): { readonly ms: number; readonly value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

/** Host time of `fn` until its promise settles (ms), and what it resolved to. */
export async function timeMsAsync<T>(fn: () => Promise<T>): Promise<{ readonly ms: number; readonly value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/**
 * µs per call of `fn(i)`: after a warm-up of min(1,000, iterations) calls (the JIT), `repeats`
 * blocks of `iterations` calls each are timed, and the median block gives the figure.
 */
export function microsPerCall(iterations: number, fn: (i: number) => void, repeats = 1): number {
  for (let i = 0; i < Math.min(1000, iterations); i++) fn(i);
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) fn(i);
    samples.push(((performance.now() - t0) * 1000) / iterations);
  }
  return median(samples);
}
