/**
 * The swap and data disk. One request is served at a time, first come first served, and each
 * costs seek + rotation + transfer:
 *
 *   seek     = 0 on the same track, else seekBaseNs + |track distance| * seekPerTrackNs
 *   rotation = a seeded-random fraction of rotationNs (the sector's angle when the head arrives)
 *   transfer = pages * transferNsPerPage
 *
 * Swap slots are laid out in order along the tracks; an application's own I/O goes to a data
 * area after the swap area. The parameters are documented in docs/MACHINE.md.
 */
import type { DiskParams } from "../config.js";
import type { Prng } from "../prng.js";
import type { EventQueue, ReusableEvent } from "./event-queue.js";

export type DiskRequestKind = "read" | "write" | "io";

/**
 * One transfer. What its completion does is the submitter's: the disk hands the request itself to
 * the completion handler it was made with (no closure per request), so a submitter that keeps its
 * own fields on its requests can recycle them.
 */
export interface DiskRequest {
  readonly kind: DiskRequestKind;
  readonly block: number;
  readonly pages: number;
}

/** Where an application's own I/O lands: far from swap, so that it costs real seeks. */
export const DATA_AREA_BLOCK = 1 << 20;

export class Disk<R extends DiskRequest = DiskRequest> {
  /**
   * The requests waiting, first come first served: a ring of `waiting` entries from `first`
   * (Array.prototype.shift moved the rest of the array on every request), and when each was
   * submitted (its wait is measured from there).
   */
  private queue: (R | undefined)[] = new Array<R | undefined>(8).fill(undefined);
  private submittedAt = new Float64Array(8);
  private first = 0;
  private waiting = 0;
  private head = 0;
  private busy = false;
  /** The request being served; its completion is `completion`, one event the disk reschedules. */
  private current: R | undefined;
  private readonly completion: ReusableEvent;
  reads = 0;
  writes = 0;
  ios = 0;
  busyNs = 0;
  /** Time requests spent queued behind others before their service began, all requests together. */
  queueNs = 0;
  /** The longest queue a request joined (requests waiting, not counting the one in service). */
  maxQueue = 0;

  constructor(
    private readonly params: DiskParams,
    private readonly prng: Prng,
    private readonly events: EventQueue,
    private readonly now: () => number,
    /** Runs at the simulated time a transfer ends, with its request. */
    private readonly done: (request: R) => void,
  ) {
    this.completion = { time: 0, seq: 0, fire: () => this.complete() };
  }

  get pending(): number {
    return this.waiting + (this.busy ? 1 : 0);
  }

  submit(request: R): void {
    if (request.kind === "read") this.reads++;
    else if (request.kind === "write") this.writes++;
    else this.ios++;
    if (this.waiting === this.queue.length) this.growQueue();
    const at = (this.first + this.waiting) & (this.queue.length - 1);
    this.queue[at] = request;
    this.submittedAt[at] = this.now();
    this.waiting++;
    if (this.busy) this.maxQueue = Math.max(this.maxQueue, this.waiting);
    if (!this.busy) this.startNext();
  }

  private growQueue(): void {
    const size = this.queue.length;
    const queue = new Array<R | undefined>(size * 2).fill(undefined);
    const submittedAt = new Float64Array(size * 2);
    for (let i = 0; i < this.waiting; i++) {
      queue[i] = this.queue[(this.first + i) & (size - 1)];
      submittedAt[i] = this.submittedAt[(this.first + i) & (size - 1)]!;
    }
    this.queue = queue;
    this.submittedAt = submittedAt;
    this.first = 0;
  }

  latency(block: number, pages: number): number {
    const p = this.params;
    const track = Math.floor(block / p.pagesPerTrack);
    const distance = Math.abs(track - this.head);
    const seek = distance === 0 ? 0 : p.seekBaseNs + distance * p.seekPerTrackNs;
    const rotation = Math.floor(this.prng.next() * p.rotationNs);
    return seek + rotation + pages * p.transferNsPerPage;
  }

  private startNext(): void {
    if (this.waiting === 0) {
      this.busy = false;
      return;
    }
    const at = this.first;
    const request = this.queue[at]!;
    this.queue[at] = undefined;
    this.first = (at + 1) & (this.queue.length - 1);
    this.waiting--;
    const now = this.now();
    this.queueNs += now - this.submittedAt[at]!;
    this.busy = true;
    const cost = this.latency(request.block, request.pages);
    this.head = Math.floor(request.block / this.params.pagesPerTrack);
    this.busyNs += cost;
    this.current = request;
    this.events.reschedule(this.completion, now + cost);
  }

  private complete(): void {
    const request = this.current!;
    this.current = undefined;
    this.done(request);
    this.startNext();
  }
}
