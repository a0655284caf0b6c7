/**
 * Timing several subjects so that a shared machine's load falls on all of them alike: blocks of
 * every subject, interleaved in a seeded shuffled order, round after round; each subject's figure
 * is its median block with the 95% interval of that median (order statistics, bench/latency.ts).
 * What `spin bench placement` and bench/sandbox-dispatch.ts time with.
 */
import { Dispatcher } from "../kernel/dispatcher/dispatcher.js";
import { nativeHandler } from "../kernel/dispatcher/handler.js";
import { catalogue } from "../kernel/events/catalogue.js";
import { Prng } from "../kernel/prng.js";
import { type PerEvent, perEvent } from "./placement/per-event.js";

export type { PerEvent };

/** Fisher–Yates in place, from the seeded `rng`: each round's order of the subjects. */
export function shuffle<T>(items: T[], rng: Prng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

/**
 * A dispatcher for timing events, host timing on, with a no-op built-in default on every event
 * (as the kernel has its built-in policies there): what the measured handlers are installed into.
 */
export function benchDispatcher(): Dispatcher {
  const d = new Dispatcher();
  d.timing = true;
  for (const ev of Object.keys(catalogue) as (keyof typeof catalogue)[])
    d.setDefault(
      ev,
      nativeHandler(`default:${ev}`, () => ({}) as never),
    );
  return d;
}

/** µs per event of `raise`, one block of `iterations`. */
export function block(iterations: number, raise: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) raise(i);
  return ((performance.now() - t0) * 1000) / iterations;
}

/** The CPU time of this process so far (user + system, µs): what waiting for a core does not inflate. */
function cpuMicros(): number {
  const c = process.cpuUsage();
  return c.user + c.system;
}

/**
 * Interleaved blocks of every subject, `reps` rounds in a shuffled order each; each subject's
 * blocks, in wall time. With `cpu`, the same blocks' CPU time per event is written into it too.
 */
export function interleaved(
  subjects: Record<string, { iterations: number; raise: (i: number) => void }>,
  reps: number,
  seed: number,
  cpu?: Record<string, PerEvent>,
): Record<string, PerEvent> {
  const samples: Record<string, number[]> = {};
  const cpuSamples: Record<string, number[]> = {};
  for (const [k, s] of Object.entries(subjects)) {
    block(Math.min(1000, s.iterations), s.raise);
    samples[k] = [];
    cpuSamples[k] = [];
  }
  const rng = new Prng(seed);
  const keys = Object.keys(subjects);
  for (let r = 0; r < reps; r++) {
    shuffle(keys, rng);
    for (const k of keys) {
      const s = subjects[k]!;
      const c0 = cpuMicros();
      samples[k]!.push(block(s.iterations, s.raise));
      cpuSamples[k]!.push((cpuMicros() - c0) / s.iterations);
    }
  }
  if (cpu !== undefined) for (const [k, xs] of Object.entries(cpuSamples)) cpu[k] = perEvent(xs);
  return Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, perEvent(xs)]));
}
