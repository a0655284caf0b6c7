/**
 * An application's address space: the VirtAddr ranges it allocated and a page table filled by the
 * simulated MMU (Translation). Page-table entries live in typed arrays indexed by a page slot,
 * created the first time a page of an allocated range is touched; the hit path is a Map lookup
 * and a few typed-array stores, with nothing allocated.
 */
import type { RegionSpec } from "../config.js";

export const PTE_PRESENT = 1;
export const PTE_REFERENCED = 2;
export const PTE_DIRTY = 4;
export const PTE_WRITABLE = 8;
/** The page has content on the swap device. */
export const PTE_ON_SWAP = 16;
/** A disk transfer for this page is in flight (page-in or prefetch). */
export const PTE_BUSY = 32;

export interface Mapping {
  readonly vpn: number;
  readonly present: boolean;
  readonly referenced: boolean;
  readonly dirty: boolean;
  readonly writable: boolean;
  readonly onSwap: boolean;
  readonly frame: number;
}

export class AddressSpace {
  private readonly slots = new Map<number, number>();
  private readonly regions: RegionSpec[];
  private capacity = 0;
  size = 0;
  vpn = new Float64Array(0);
  flags = new Uint8Array(0);
  frame = new Int32Array(0);
  /** The recency clock's value at the page's last access or load (see Kernel.accessSeq). */
  lastAccess = new Float64Array(0);
  /** References to the page since it was last mapped in (PagerView.accesses). */
  accesses = new Float64Array(0);
  /** The version of the last write to the page: what reading it must return. */
  expected = new Float64Array(0);
  swapSlot = new Int32Array(0);
  /**
   * The page's wait queue: the first thread waiting for it to arrive (its id + 1; 0 when none),
   * the others linked by SimThread.nextWaiter. Kept in the page table so that waiting and waking
   * cost no allocation (a Map of lists allocated a list per fault, and deleting its key made V8
   * shrink the Map's table each time).
   */
  waiters = new Int32Array(0);

  constructor(
    readonly id: number,
    regions: readonly RegionSpec[],
  ) {
    this.regions = [...regions].sort((a, b) => a.startVpn - b.startVpn);
    // Small to start with (it doubles): a scenario may have 100,000 applications of one page.
    this.grow(8);
  }

  /** The slot of a page, or -1 if it was never touched. */
  lookup(vpn: number): number {
    return this.slots.get(vpn) ?? -1;
  }

  /** The region containing the page, or undefined (Translation.BadAddress). */
  region(vpn: number): RegionSpec | undefined {
    let lo = 0;
    let hi = this.regions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.regions[mid]!;
      if (vpn < r.startVpn) hi = mid - 1;
      else if (vpn >= r.startVpn + r.pages) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /** The slot of an allocated page, created on first touch; -1 if outside every region. */
  slotFor(vpn: number): number {
    const known = this.slots.get(vpn);
    if (known !== undefined) return known;
    const region = this.region(vpn);
    if (!region) return -1;
    if (this.size === this.capacity) this.grow(this.capacity * 2);
    const slot = this.size++;
    this.slots.set(vpn, slot);
    this.vpn[slot] = vpn;
    this.flags[slot] = region.writable ? PTE_WRITABLE : 0;
    this.frame[slot] = -1;
    this.swapSlot[slot] = -1;
    return slot;
  }

  /** Translation.examineMapping. */
  examine(vpn: number): Mapping | undefined {
    const slot = this.lookup(vpn);
    if (slot < 0) return undefined;
    const f = this.flags[slot]!;
    return {
      vpn,
      present: (f & PTE_PRESENT) !== 0,
      referenced: (f & PTE_REFERENCED) !== 0,
      dirty: (f & PTE_DIRTY) !== 0,
      writable: (f & PTE_WRITABLE) !== 0,
      onSwap: (f & PTE_ON_SWAP) !== 0,
      frame: this.frame[slot]!,
    };
  }

  /** Translation.addMapping; `stamp` is the recency clock's value for the load. */
  addMapping(slot: number, frame: number, stamp: number): void {
    this.frame[slot] = frame;
    this.flags[slot] = (this.flags[slot]! & (PTE_WRITABLE | PTE_ON_SWAP)) | PTE_PRESENT;
    this.lastAccess[slot] = stamp;
    this.accesses[slot] = 0;
  }

  /** Translation.removeMapping. Returns whether the page was dirty. */
  removeMapping(slot: number): boolean {
    const dirty = (this.flags[slot]! & PTE_DIRTY) !== 0;
    this.flags[slot] = this.flags[slot]! & (PTE_WRITABLE | PTE_ON_SWAP);
    this.frame[slot] = -1;
    return dirty;
  }

  allRegions(): readonly RegionSpec[] {
    return this.regions;
  }

  private grow(capacity: number): void {
    const copy = <T extends Float64Array | Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.vpn = copy(this.vpn, (n) => new Float64Array(n));
    this.flags = copy(this.flags, (n) => new Uint8Array(n));
    this.frame = copy(this.frame, (n) => new Int32Array(n));
    this.lastAccess = copy(this.lastAccess, (n) => new Float64Array(n));
    this.accesses = copy(this.accesses, (n) => new Float64Array(n));
    this.expected = copy(this.expected, (n) => new Float64Array(n));
    this.swapSlot = copy(this.swapSlot, (n) => new Int32Array(n));
    this.waiters = copy(this.waiters, (n) => new Int32Array(n));
    this.capacity = capacity;
  }
}
