/**
 * The PagerView a built-in pager reads the machine through, and the future-reference oracle that
 * OPT needs. One view object is reused for every reclaim: no allocation per eviction.
 */
import type { PagerView } from "../policy.js";
import type { Prng } from "../prng.js";
import { PAGE_SIZE, OP_READ, OP_WRITE } from "../workload.js";
import { PTE_DIRTY, PTE_REFERENCED, type AddressSpace } from "./address-space.js";
import type { FrameTable } from "./frame-table.js";
import type { SimApp } from "./threads.js";

export class MachinePagerView implements PagerView {
  space = 0;
  now = 0;
  incomingVpn = -1;
  /** The reclaim being served: which space wants a frame, for which page (-1, -1 between reclaims). */
  private requester = -1;
  private requested = -1;
  private spaces: readonly AddressSpace[] = [];
  private app: SimApp | undefined;
  private rng: Prng | undefined;
  private readonly oracles = new Map<number, FutureOracle>();

  constructor(private readonly frames: FrameTable) {}

  get frameCount(): number {
    return this.frames.count;
  }

  /** Point the view at one application for one reclaim. */
  focus(app: SimApp, spaces: readonly AddressSpace[], now: number): this {
    this.app = app;
    this.space = app.index;
    this.spaces = spaces;
    this.rng = app.prng;
    this.now = now;
    this.incomingVpn = this.requester === app.index ? this.requested : -1;
    return this;
  }

  /** The kernel is about to reclaim a frame for page `vpn` of `space`; (-1, -1) when done. */
  serving(space: number, vpn: number): void {
    this.requester = space;
    this.requested = vpn;
  }

  owner(frame: number): number {
    return this.frames.owner[frame]!;
  }

  busy(frame: number): boolean {
    return this.frames.busy[frame] !== 0;
  }

  candidate(frame: number): boolean {
    return this.frames.owner[frame] === this.space && this.frames.busy[frame] === 0;
  }

  vpn(frame: number): number {
    const space = this.spaces[this.frames.owner[frame]!];
    return space ? space.vpn[this.frames.slot[frame]!]! : -1;
  }

  referenced(frame: number): boolean {
    return (this.flags(frame) & PTE_REFERENCED) !== 0;
  }

  clearReferenced(frame: number): void {
    const space = this.spaces[this.frames.owner[frame]!];
    if (!space || this.frames.owner[frame] !== this.space) return;
    const slot = this.frames.slot[frame]!;
    space.flags[slot] = space.flags[slot]! & ~PTE_REFERENCED;
  }

  dirty(frame: number): boolean {
    return (this.flags(frame) & PTE_DIRTY) !== 0;
  }

  loadedAt(frame: number): number {
    return this.frames.loadedAt[frame]!;
  }

  lastAccess(frame: number): number {
    const space = this.spaces[this.frames.owner[frame]!];
    return space ? space.lastAccess[this.frames.slot[frame]!]! : 0;
  }

  accesses(frame: number): number {
    const space = this.spaces[this.frames.owner[frame]!];
    return space ? space.accesses[this.frames.slot[frame]!]! : 0;
  }

  nextUse(frame: number): number {
    const app = this.app;
    if (!app) return Infinity;
    let oracle = this.oracles.get(app.index);
    if (!oracle) {
      oracle = new FutureOracle(app);
      this.oracles.set(app.index, oracle);
    }
    return oracle.nextUse(this.vpn(frame));
  }

  random(): number {
    return this.rng ? this.rng.next() : 0;
  }

  private flags(frame: number): number {
    const space = this.spaces[this.frames.owner[frame]!];
    return space ? space.flags[this.frames.slot[frame]!]! : 0;
  }
}

/**
 * For each page, the positions at which each thread references it; built once, the first time
 * OPT asks. Next use = the soonest position at or after the thread's current op.
 */
class FutureOracle {
  private readonly positions: Map<number, Int32Array>[];

  constructor(private readonly app: SimApp) {
    this.positions = app.threads.map((thread) => {
      const lists = new Map<number, number[]>();
      const { kinds, values, length } = thread.ops;
      for (let i = 0; i < length; i++) {
        const kind = kinds[i];
        if (kind !== OP_READ && kind !== OP_WRITE) continue;
        const vpn = Math.floor(values[i]! / PAGE_SIZE);
        const list = lists.get(vpn);
        if (list) list.push(i);
        else lists.set(vpn, [i]);
      }
      const packed = new Map<number, Int32Array>();
      for (const [vpn, list] of lists) packed.set(vpn, Int32Array.from(list));
      return packed;
    });
  }

  nextUse(vpn: number): number {
    let best = Infinity;
    this.app.threads.forEach((thread, t) => {
      const list = this.positions[t]!.get(vpn);
      if (!list) return;
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid]! < thread.pc) lo = mid + 1;
        else hi = mid;
      }
      if (lo < list.length) best = Math.min(best, list[lo]! - thread.pc);
    });
    return best;
  }
}
