/**
 * The per-event record of a run (`spin run/load --events out.jsonl`): one record per event the
 * kernel raised, in order, with the simulated time, the application, thread and page it was about,
 * every handler that ran with its result or its fault, the decision, and what the kernel then did
 * about it: the victim a PhysAddr.Reclaim gave up (and whether it was dirty), the disk requests it
 * led to (page-in, read-ahead, write-back, application I/O).
 *
 * Records are handed to a sink as soon as they are whole, never collected: a record is whole when
 * the kernel has acted on its decision. The fault path (a miss, a disk completion) is one
 * "transaction": the records raised inside it (the fault, the reclaims it needed, the read-ahead,
 * a block) are held until it ends, then handed over in raise order. A transaction raises a bounded
 * number of events (one fault, at most one reclaim per page read, at most 64 pages read ahead), so
 * what is held is bounded whatever the run's length.
 */
import type { HandlerRun } from "../dispatcher/dispatcher.js";
import type { EventName } from "../events/catalogue.js";

export interface DiskRequestRecord {
  readonly kind: "page-in" | "read-ahead" | "write-back" | "io";
  readonly app: string;
  /** The page read or written; absent for an application's own I/O. */
  readonly vpn?: number;
  readonly block: number;
  readonly pages: number;
}

export interface EventRecord {
  /** Raise order, from 1. */
  readonly seq: number;
  /** Simulated time of the raise (ns). */
  readonly t: number;
  readonly event: EventName;
  readonly app: string;
  /** The thread's name, for events about one. */
  thread?: string;
  vpn?: number;
  /** PageNotPresent: the page is on swap (a major fault) or not (a minor one, zero-filled). */
  major?: boolean;
  /** Every handler that ran, the built-in one included, in the order they ran. */
  handlers: readonly HandlerRun[];
  /** What the kernel went by (results combined); absent for a notification. */
  decision?: unknown;
  /** PhysAddr.Reclaim: the page given up. */
  victim?: { readonly frame: number; readonly app: string; readonly vpn: number; readonly dirty: boolean };
  /** Disk requests submitted on account of this event. */
  disk?: DiskRequestRecord[];
}

export type EventSink = (record: EventRecord) => void;

/**
 * The records of one run on their way to a sink: opened by each raise, held while a transaction
 * is open, handed over in order when it closes.
 */
export class EventRecorder {
  private seq = 0;
  private depth = 0;
  private readonly held: EventRecord[] = [];
  /** The record of the latest raise (for the kernel to add what it did). */
  last: EventRecord | undefined;
  /** The most records held at once, for tests of the bound. */
  maxHeld = 0;

  constructor(private readonly sink: EventSink) {}

  open(t: number, event: EventName, app: string, thread: string | undefined, vpn: number): EventRecord {
    const record: EventRecord = { seq: ++this.seq, t, event, app, handlers: [] };
    if (thread !== undefined) record.thread = thread;
    if (vpn >= 0) record.vpn = vpn;
    this.last = record;
    this.held.push(record);
    if (this.held.length > this.maxHeld) this.maxHeld = this.held.length;
    return record;
  }

  /** The dispatcher's part: who ran and what was decided (called once the raise is decided). */
  decided(record: EventRecord, runs: readonly HandlerRun[], decision: unknown): void {
    record.handlers = runs;
    if (decision !== undefined) record.decision = decision;
    if (this.depth === 0) this.flush();
  }

  begin(): void {
    this.depth++;
  }

  end(): void {
    if (--this.depth === 0) this.flush();
  }

  /** The end of the run: whatever a transaction cut short (a run stopped as runaway) still goes out. */
  close(): void {
    this.depth = 0;
    this.flush();
  }

  disk(record: EventRecord | undefined, request: DiskRequestRecord): void {
    if (record === undefined) return;
    (record.disk ??= []).push(request);
  }

  private flush(): void {
    for (const r of this.held) this.sink(r);
    this.held.length = 0;
  }
}
