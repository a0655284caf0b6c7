/**
 * Physical memory: the frame table (PhysAddr). A frame is Free, or Active (owned by one address
 * space and holding one of its pages), and may be Busy while a disk transfer uses it:
 *
 *   Free --allocate--> Active --reclaim--> (Busy: write-back if dirty) --> Free
 *
 * Each frame's content is a version stamp: the number of the last write stored in it. That is
 * all the simulator needs to prove that no write is ever lost.
 */
export class FrameTable {
  readonly count: number;
  /** Address space owning the frame, or -1 when free. */
  readonly owner: Int32Array;
  /** Page slot (index in the owner's page table) held by the frame. */
  readonly slot: Int32Array;
  /** Non-zero while a disk transfer uses the frame. Read freely; change it with setBusy. */
  readonly busy: Uint8Array;
  readonly content: Float64Array;
  readonly loadedAt: Float64Array;
  private readonly free: Int32Array;
  private freeTop: number;
  /** Frames owned by each address space, and how many of them are busy, kept up to date by allocate/deallocate/reassign/setBusy. */
  private readonly ownedBy: number[] = [];
  private readonly busyBy: number[] = [];
  /** The address spaces that own at least one frame: never more than `count`, however many spaces there are. */
  private readonly owning = new Set<number>();

  constructor(count: number) {
    this.count = count;
    this.owner = new Int32Array(count).fill(-1);
    this.slot = new Int32Array(count).fill(-1);
    this.busy = new Uint8Array(count);
    this.content = new Float64Array(count);
    this.loadedAt = new Float64Array(count);
    this.free = new Int32Array(count);
    // Hand out low frame numbers first, so that small runs read naturally.
    for (let i = 0; i < count; i++) this.free[i] = count - 1 - i;
    this.freeTop = count;
  }

  /** Frames owned by `space` (busy ones included). O(1). */
  ownedCount(space: number): number {
    return this.ownedBy[space] ?? 0;
  }

  /** Whether `space` owns a frame that is not busy with I/O. O(1). */
  hasCandidate(space: number): boolean {
    return this.ownedCount(space) > (this.busyBy[space] ?? 0);
  }

  /** The spaces owning at least one frame, in no particular order. */
  owners(): Iterable<number> {
    return this.owning;
  }

  /** Mark a frame busy with a disk transfer, or done with it. */
  setBusy(frame: number, busy: boolean): void {
    const was = this.busy[frame] !== 0;
    if (was === busy) return;
    this.busy[frame] = busy ? 1 : 0;
    this.countBusy(this.owner[frame]!, busy ? 1 : -1);
  }

  private own(space: number, delta: number): void {
    if (space < 0) return;
    while (this.ownedBy.length <= space) this.ownedBy.push(0);
    const owned = (this.ownedBy[space]! += delta);
    if (owned === 0) this.owning.delete(space);
    else if (owned === delta) this.owning.add(space);
  }

  private countBusy(space: number, delta: number): void {
    if (space < 0) return;
    while (this.busyBy.length <= space) this.busyBy.push(0);
    this.busyBy[space]! += delta;
  }

  get freeCount(): number {
    return this.freeTop;
  }

  /** PhysAddr.allocate: a free frame now owned by `space`, or -1 when none is free. */
  allocate(space: number, slot: number): number {
    if (this.freeTop === 0) return -1;
    const frame = this.free[--this.freeTop]!;
    this.own(space, 1);
    this.owner[frame] = space;
    this.slot[frame] = slot;
    return frame;
  }

  /** PhysAddr.deallocate. */
  deallocate(frame: number): void {
    this.setBusy(frame, false);
    this.own(this.owner[frame]!, -1);
    this.owner[frame] = -1;
    this.slot[frame] = -1;
    this.free[this.freeTop++] = frame;
  }

  /** Hand an Active frame to another page (and maybe another space) without freeing it. */
  reassign(frame: number, space: number, slot: number): void {
    const busy = this.busy[frame] !== 0;
    if (busy) this.countBusy(this.owner[frame]!, -1);
    this.own(this.owner[frame]!, -1);
    this.own(space, 1);
    if (busy) this.countBusy(space, 1);
    this.owner[frame] = space;
    this.slot[frame] = slot;
  }

  isFree(frame: number): boolean {
    return this.owner[frame] === -1;
  }

  freeFrames(): number[] {
    return Array.from(this.free.subarray(0, this.freeTop));
  }
}
