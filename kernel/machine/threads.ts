/**
 * Applications, their strand and their threads (Strand.i3's verbs, in simulation).
 *
 * Each application has one strand: the unit the kernel's global scheduler gives the CPU to, round
 * robin with a quantum within two priorities. Inside the strand, the application's own thread
 * scheduler (a hook: Strand.Resume) picks which of its threads runs. A thread:
 *
 *   Ready --Resume picks it--> Running --quantum ends--> Ready   (Strand.Checkpoint)
 *                              Running --page-in / I/O--> Blocked (Strand.Block) --done--> Ready (Strand.Unblock)
 *                              Running --last op, or killed--> Done
 *
 * A strand is Blocked when none of its threads is ready, and Done when all are done.
 */
import type { AppSpec } from "../config.js";
import type { PagerPolicy, SchedulerPolicy } from "../policy.js";
import type { Prng } from "../prng.js";
import type { OpStream } from "../workload.js";
import type { AddressSpace } from "./address-space.js";

export const THREAD_READY = 0;
export const THREAD_RUNNING = 1;
export const THREAD_BLOCKED = 2;
export const THREAD_DONE = 3;

export class SimThread {
  pc = 0;
  state = THREAD_READY;
  readySince = 0;
  ranNs = 0;
  /** Remaining ns of a compute op cut by the end of a quantum; -1 when none. */
  computeLeft = -1;
  /** Why the thread was terminated, if it was. */
  killed: string | undefined;
  /** It found every frame busy and has not had the CPU since (prefetching waits for it). */
  wantsFrame = false;
  finishedAt = -1;
  /** Simulated time it first got the CPU, -1 until then (OSTEP's response time; every thread arrives at 0). */
  firstRunAt = -1;
  /** Time spent ready but not running (in its strand's ready list, or its strand not on the CPU). */
  waitingNs = 0;
  /** The next thread (id) waiting for the same page, -1 for the last (AddressSpace.waiters). */
  nextWaiter = -1;

  /** The thread as a Strand.Resume candidate (ReadyThreadInfo) without a copy. */
  get thread(): number {
    return this.id;
  }

  constructor(
    readonly id: number,
    readonly app: number,
    readonly name: string,
    readonly priority: number,
    readonly ops: OpStream,
  ) {}
}

export type StrandState = "ready" | "running" | "blocked" | "done";

export class AppCounters {
  references = 0;
  reads = 0;
  writes = 0;
  faults = 0;
  majorFaults = 0;
  minorFaults = 0;
  evictions = 0;
  writeBacks = 0;
  prefetches = 0;
  badAddress = 0;
  protectionFaults = 0;
  ioRequests = 0;
  cpuNs = 0;
  /** Simulated time charged for extension handlers run on the application's behalf (crossings and fuel). */
  extensionNs = 0;
  /** Their exact work, in fuel units. */
  extensionFuel = 0;
  /** Their invocations. */
  extensionCalls = 0;
  reclaimFallbacks = 0;
  resumeFallbacks = 0;
  /** Read-ahead pages a reference used before they were evicted (or by the end of the run). */
  prefetchUsed = 0;
  /** Read-ahead pages evicted before any reference used them: disk work for nothing. */
  prefetchWasted = 0;
  /** Read-ahead pages still resident and never used when the run ended. */
  prefetchUnused = 0;
}

export class SimApp {
  readonly ready: SimThread[] = [];
  strand: StrandState = "ready";
  /** The thread that ran last in this strand, or -1. */
  lastThread = -1;
  readonly counters = new AppCounters();
  finishedAt = -1;
  /** Prefetches the application may still start; see topUpPrefetchCredit (progress.ts). */
  prefetchCredit: number;
  /** counters.references when the credit was last topped up. */
  creditedReferences = 0;
  /**
   * Frames whose reference bit went from 0 to 1 since the pager's last clock tick, for a pager
   * that has ticks (PagerPolicy.tick); null otherwise, and the hit path pays nothing.
   */
  referencedSinceTick: number[] | null = null;

  constructor(
    readonly index: number,
    readonly spec: AppSpec,
    readonly space: AddressSpace,
    readonly threads: readonly SimThread[],
    readonly pager: PagerPolicy,
    readonly scheduler: SchedulerPolicy,
    readonly prng: Prng,
    prefetchWindow: number,
  ) {
    this.prefetchCredit = prefetchWindow;
  }

  get name(): string {
    return this.spec.name;
  }
}

/**
 * A first-in first-out queue of strands: a ring buffer that doubles when full. Array.prototype.shift
 * copies the rest of the array on each call, which made 100,000 ready strands quadratic, and a
 * queue that dropped its emptied array allocated a new one each time a lone strand blocked and
 * woke (once per page fault).
 */
export class StrandQueue {
  private items: (SimApp | undefined)[] = new Array(8).fill(undefined);
  private head = 0;
  private size = 0;

  push(app: SimApp): void {
    if (this.size === this.items.length) this.grow();
    this.items[(this.head + this.size) & (this.items.length - 1)] = app;
    this.size++;
  }

  shift(): SimApp | undefined {
    if (this.size === 0) return undefined;
    const app = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    return app;
  }

  private grow(): void {
    const old = this.items;
    const items: (SimApp | undefined)[] = new Array(old.length * 2).fill(undefined);
    for (let i = 0; i < this.size; i++) items[i] = old[(this.head + i) & (old.length - 1)];
    this.items = items;
    this.head = 0;
  }
}
