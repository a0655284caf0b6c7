/**
 * The parts of a run's report that explain its totals, shared by `spin run` and `spin load`: the
 * read-ahead accounting, the disk's contention, and each thread's scheduling figures (OSTEP's
 * turnaround, response and waiting time, and its share of the CPU).
 */
import type { RunReport, ThreadReport } from "../kernel/machine/report.js";
import { visible } from "../extensions/visible.js";
import { ms, table } from "./table.js";

/** Pages read ahead: used before eviction, evicted unused, never used by the end (only when there were any). */
export function readAheadLines(r: RunReport, label: string): string[] {
  const t = r.totals;
  if (t.prefetches === 0) return [];
  return [
    `read-ahead (${label}): ${t.prefetches} pages, ${t.prefetchUsed} used before eviction, ${t.prefetchWasted} evicted unused, ${t.prefetchUnused} never used by the end`,
  ];
}

/** How busy the disk was and how long requests queued behind each other (only when it served any). */
export function diskLines(r: RunReport, label: string): string[] {
  const t = r.totals;
  const requests = t.diskReads + t.diskWrites + t.diskIos;
  if (requests === 0) return [];
  const busy = r.simulatedNs > 0 ? ((t.diskBusyNs / r.simulatedNs) * 100).toFixed(1) : "0.0";
  return [
    `disk (${label}): ${requests} requests, busy ${ms(t.diskBusyNs)} ms (${busy}% of the run), waited ${ms(t.diskQueueNs / requests)} ms on average in its queue (longest queue ${t.diskMaxQueue})`,
  ];
}

export const THREAD_HEAD = [
  "app",
  "thread",
  "run",
  "turnaround ms",
  "response ms",
  "waiting ms",
  "blocked ms",
  "cpu %",
];
export const THREAD_ALIGN: ("left" | "right")[] = ["left", "left", "left", "right", "right", "right", "right", "right"];

export function threadRow(t: ThreadReport, run: string): (string | number)[] {
  const time = (ns: number) => (ns < 0 ? "-" : ms(ns));
  return [
    visible(t.app),
    visible(t.thread),
    run,
    time(t.turnaroundNs),
    time(t.responseNs),
    ms(t.waitingNs),
    time(t.blockedNs),
    (t.cpuShare * 100).toFixed(1),
  ];
}

/** The per-thread table of one run. */
export function formatThreads(r: RunReport): string {
  return table(
    THREAD_HEAD.filter((h) => h !== "run"),
    r.threads.map((t) => threadRow(t, "").filter((_, i) => i !== 2)),
    THREAD_ALIGN.slice(0, 2).concat(THREAD_ALIGN.slice(3)),
  );
}
