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
  /** Non-zero while a disk transfer uses the frame. */
  readonly busy: Uint8Array;
  readonly content: Float64Array;
  readonly loadedAt: Float64Array;
  private readonly free: Int32Array;
  private freeTop: number;
  /** Frames owned by each address space, kept up to date by allocate/deallocate/reassign. */
  private readonly ownedBy: number[] = [];

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

  /** Whether `space` owns a frame that is not busy with I/O. Stops at the first one found. */
  hasCandidate(space: number): boolean {
    if (this.ownedCount(space) === 0) return false;
    for (let f = 0; f < this.count; f++) if (this.owner[f] === space && this.busy[f] === 0) return true;
    return false;
  }

  private own(space: number, delta: number): void {
    if (space < 0) return;
    while (this.ownedBy.length <= space) this.ownedBy.push(0);
    this.ownedBy[space]! += delta;
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
    this.own(this.owner[frame]!, -1);
    this.owner[frame] = -1;
    this.slot[frame] = -1;
    this.busy[frame] = 0;
    this.free[this.freeTop++] = frame;
  }

  /** Hand an Active frame to another page (and maybe another space) without freeing it. */
  reassign(frame: number, space: number, slot: number): void {
    this.own(this.owner[frame]!, -1);
    this.own(space, 1);
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
