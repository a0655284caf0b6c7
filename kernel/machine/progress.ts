/**
 * How much work a run may do: the bound that "the kernel always makes progress" is checked
 * against, derived in docs/MACHINE.md ("Progress"). The kernel counts the events it processes
 * (every event raised through the dispatcher, every disk completion) and stops a run that goes
 * past the bound as a kernel bug (a `progress` violation) instead of running forever.
 */
import { checkMachineConfig, type MachineConfig } from "../config.js";
import type { RunReport } from "./report.js";
import type { SimApp } from "./threads.js";

/**
 * Speculative reads an application may have started beyond what its references have paid for:
 * each prefetch spends one credit, each memory reference of the application earns one back, up to
 * this many (the longest prefetch list a handler may return, so that one full answer fits when the
 * application has been running).
 */
export const PREFETCH_WINDOW = 64;

/**
 * Tops up `app`'s prefetch credit with the references it made since the last top-up (one each,
 * PREFETCH_WINDOW at most) and returns it; each page read ahead then spends one.
 */
export function topUpPrefetchCredit(app: SimApp): number {
  const references = app.counters.references;
  app.prefetchCredit = Math.min(PREFETCH_WINDOW, app.prefetchCredit + (references - app.creditedReferences));
  app.creditedReferences = references;
  return app.prefetchCredit;
}

/** The size of a run as the bound counts it. */
export interface RunSize {
  /** Operations of every thread (references, compute ops, I/O ops). */
  readonly ops: number;
  /** Σ ceil(computeNs / quantumNs) over every compute op. */
  readonly computeSlices: number;
  readonly apps: number;
  readonly threads: number;
}

export function runSize(config: MachineConfig, computeSlices = checkMachineConfig(config).computeSlices): RunSize {
  let ops = 0;
  let threads = 0;
  for (const app of config.apps) {
    for (const thread of app.threads) {
      ops += thread.ops.length;
      threads++;
    }
  }
  return { ops, computeSlices, apps: config.apps.length, threads };
}

/**
 * The most events (raised + disk completions) a run of this size processes:
 *
 *   (48 + 16 T) × (N + S + A × PREFETCH_WINDOW + 1)
 *
 * N ops, S compute slices, A applications, T threads. Linear in the work the input asks for; the
 * factor T is the frame-wait herd (every thread waiting for a frame retries when one is freed).
 */
export function eventBound(size: RunSize): number {
  return (48 + 16 * size.threads) * (size.ops + size.computeSlices + size.apps * PREFETCH_WINDOW + 1);
}

/** Events a finished run processed, from its report: every event raised, every disk request. */
export function eventsProcessed(report: RunReport): number {
  let raised = 0;
  for (const e of Object.values(report.events)) raised += e.raised;
  return raised + report.totals.diskReads + report.totals.diskWrites + report.totals.diskIos;
}
