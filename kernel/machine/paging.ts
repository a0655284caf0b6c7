/**
 * The fault path: what happens when a reference misses (Translation.BadAddress,
 * ProtectionFault, PageNotPresent), how a frame is found for the page (a free one, or one taken
 * back through PhysAddr.Reclaim and written back if dirty), page-ins and zero-fills, the pages a
 * handler asks to read ahead, the threads that wait for a page or a frame, and application I/O.
 * The hot loop (cpu.ts) comes here on every miss; nothing here runs on a hit.
 */
import { OP_READ, OP_WRITE, PAGE_SIZE } from "../workload.js";
import { PTE_BUSY, PTE_DIRTY, PTE_ON_SWAP, PTE_PRESENT, PTE_REFERENCED, PTE_WRITABLE } from "./address-space.js";
import { DATA_AREA_BLOCK } from "./disk.js";
import type { Machine } from "./machine.js";
import type { PagerClocks } from "./pager-clock.js";
import { topUpPrefetchCredit } from "./progress.js";
import { pickReclaimApp, ReclaimArgsMaker } from "./reclaim.js";
import type { Strands } from "./strands.js";
import type { SimApp, SimThread } from "./threads.js";
import type { Transfer, TransferPurpose } from "./transfer.js";
import { T_EVICT, T_FAULT, T_MAJOR, T_WBACK } from "./timeline.js";
import type { EventRecord } from "./event-record.js";
import type { EventArgs } from "../events/catalogue.js";

/**
 * What a miss did to the thread: go on with the next op (the access was done in the fault, or
 * skipped), or stop running it (it blocked or finished).
 */
export const enum Miss {
  Done,
  Skip,
  Stop,
}

export class Paging {
  /** Threads that found every frame busy and have not retried since: prefetching waits for them. */
  private frameWanted = 0;
  /**
   * Zero-fills waiting for a frame's write-back to finish before the frame is reused: by frame,
   * the page (space × 2^32 + slot) that gets the frame.
   */
  private readonly afterWriteBack = new Map<number, number>();
  /** Finished transfers, kept for the next ones (a fault allocates none once the run is warm). */
  private readonly spareTransfers: Transfer[] = [];
  /**
   * Read-ahead pages not yet judged, by space and slot: the recency stamp their page-in gave them.
   * A reference restamps the page, so at eviction a stamp still equal says no reference used it.
   * Holds at most the resident pages (one entry per frame at most).
   */
  private readonly readAhead = new Map<number, number>();
  /** PhysAddr.Reclaim's arguments (their list builders made once per application). */
  private readonly reclaimArgs: ReclaimArgsMaker;
  /** Threads waiting because every frame was busy with I/O. */
  private frameWaiters: SimThread[] = [];
  /**
   * The fault and the completion being raised, and the builders of their events' arguments: the
   * dispatcher builds them only when a handler other than a default that ignores them is bound
   * (Handler.readsArgs), so a fault handled by the built-in policy allocates no arguments. Each
   * build is a new object, read before the raise returns.
   */
  private readonly faulting = { space: 0, thread: 0, vpn: 0, access: "read" as "read" | "write", onSwap: false };
  private readonly pageNotPresentArgs = (): EventArgs<"Translation.PageNotPresent"> => {
    const f = this.faulting;
    return { space: f.space, thread: f.thread, vpn: f.vpn, access: f.access, onSwap: f.onSwap };
  };
  private readonly completed = { space: 0, kind: "page-in" as EventArgs<"Disk.IOComplete">["kind"], vpn: 0 };
  private readonly ioCompleteArgs = (): EventArgs<"Disk.IOComplete"> => {
    const c = this.completed;
    return { space: c.space, kind: c.kind, vpn: c.vpn };
  };

  constructor(
    private readonly m: Machine,
    private readonly strands: Strands,
    private readonly clocks: PagerClocks,
  ) {
    m.transferDone = (transfer) => this.transferDone(transfer);
    this.reclaimArgs = new ReclaimArgsMaker(m.frames);
  }

  // ---- faults ---------------------------------------------------------------------------

  /** A miss on page `vpn`; `known` is its slot when the hot loop found one (-1: never touched). */
  miss(thread: SimThread, vpn: number, write: boolean, known: number): Miss {
    const recorder = this.m.recorder;
    if (recorder === undefined) return this.fault(thread, vpn, write, known);
    // The records raised on the way (the fault, reclaims, read-ahead, a block) are whole at the end.
    recorder.begin();
    try {
      return this.fault(thread, vpn, write, known);
    } finally {
      recorder.end();
    }
  }

  private fault(thread: SimThread, vpn: number, write: boolean, known: number): Miss {
    const m = this.m;
    this.satisfyFrameWant(thread);
    const app = m.apps[thread.app]!;
    this.clocks.resume(app);
    const space = app.space;
    const access = write ? "write" : "read";
    const slot = known >= 0 ? known : space.slotFor(vpn);
    if (slot < 0) {
      app.counters.badAddress++;
      const decision = m.raise(m.on["Translation.BadAddress"], app.index, vpn, thread.id, {
        space: app.index,
        thread: thread.id,
        vpn,
        access,
      });
      return this.faultAction(
        thread,
        decision.action,
        `bad address: ${access} of page 0x${vpn.toString(16)} outside every allocated range`,
      );
    }
    const f = space.flags[slot]!;
    if (write && (f & PTE_WRITABLE) === 0) {
      app.counters.protectionFaults++;
      const decision = m.raise(m.on["Translation.ProtectionFault"], app.index, vpn, thread.id, {
        space: app.index,
        thread: thread.id,
        vpn,
        access,
      });
      return this.faultAction(
        thread,
        decision.action,
        `protection fault: write to read-only page 0x${vpn.toString(16)}`,
      );
    }
    if ((f & PTE_BUSY) !== 0) {
      this.waitForPage(thread, app.index, slot);
      return Miss.Stop;
    }
    app.counters.faults++;
    m.timeline?.count(app.index, T_FAULT, m.now);
    m.now += m.config.costs.faultNs;
    const onSwap = (f & PTE_ON_SWAP) !== 0;
    const faulting = this.faulting;
    faulting.space = app.index;
    faulting.thread = thread.id;
    faulting.vpn = vpn;
    faulting.access = access;
    faulting.onSwap = onSwap;
    const decision = m.raise(m.on["Translation.PageNotPresent"], app.index, vpn, thread.id, this.pageNotPresentArgs);
    const record = m.recorder?.last;
    if (record) record.major = onSwap;
    const frame = this.obtainFrame(app.index, slot, vpn);
    if (frame < 0) {
      this.frameWaiters.push(thread);
      thread.wantsFrame = true;
      this.frameWanted++;
      this.strands.block(thread, "page-fault");
      return Miss.Stop;
    }
    const waitsForWriteBack = m.frames.busy[frame] !== 0;
    space.flags[slot] = space.flags[slot]! | PTE_BUSY;
    m.frames.setBusy(frame, true);
    // Prefetch while the faulting page's frame is still reserved, so that it cannot be the victim.
    if (decision.prefetch) this.prefetch(app.index, decision.prefetch, record);
    let result = Miss.Stop;
    if (onSwap) {
      app.counters.majorFaults++;
      m.timeline?.count(app.index, T_MAJOR, m.now);
      this.pageIn(app.index, slot, frame, "page-in", record);
      this.waitForPage(thread, app.index, slot);
    } else if (waitsForWriteBack) {
      app.counters.minorFaults++;
      this.afterWriteBack.set(frame, app.index * 2 ** 32 + slot);
      this.waitForPage(thread, app.index, slot);
    } else {
      app.counters.minorFaults++;
      this.zeroFill(app.index, slot, frame, false);
      // The page is mapped and nothing else has run: the access is done now, at its usual cost,
      // before any due event or the end of the slice, so nothing can take the frame first.
      if (!this.retireAccess(thread, app.index, slot))
        throw new Error(`kernel bug: the access to page 0x${vpn.toString(16)} could not be done after its zero-fill`);
      m.now += m.config.costs.accessNs;
      result = Miss.Done;
    }
    m.checkNow();
    return result;
  }

  private faultAction(thread: SimThread, action: "terminate" | "skip", why: string): Miss {
    if (action === "skip") return Miss.Skip;
    thread.killed = why;
    this.m.finish(thread);
    return Miss.Stop;
  }

  private zeroFill(space: number, slot: number, frame: number, wake: boolean): void {
    this.m.now += wake ? 0 : this.m.config.costs.zeroFillNs;
    this.m.frames.content[frame] = 0;
    this.mapIn(space, slot, frame);
    if (wake) this.wakePage(space, slot);
  }

  private mapIn(space: number, slot: number, frame: number): void {
    const m = this.m;
    const as = m.spaces[space]!;
    m.frames.setBusy(frame, false);
    m.frames.loadedAt[frame] = m.now;
    // A page just loaded counts as just used (so that a prefetched page is not the next victim).
    as.addMapping(slot, frame, ++m.accessSeq);
    this.wakeFrameWaiters();
  }

  /** Read a page's content from swap into its reserved frame. */
  private pageIn(
    space: number,
    slot: number,
    frame: number,
    kind: "page-in" | "prefetch",
    record: EventRecord | undefined,
  ): void {
    const m = this.m;
    const as = m.spaces[space]!;
    m.recorder?.disk(record, {
      kind: kind === "prefetch" ? "read-ahead" : "page-in",
      app: m.apps[space]!.name,
      vpn: as.vpn[slot]!,
      block: as.swapSlot[slot]!,
      pages: 1,
    });
    m.disk.submit(this.transfer("read", as.swapSlot[slot]!, 1, kind, space, slot, frame));
  }

  /**
   * Read pages in ahead, as a handler asked. Speculative work is bounded and comes after demand
   * (see "Progress" in docs/MACHINE.md): nothing is read for an application whose threads are all
   * done, nor while a thread waits for a frame, and each page read spends one of the
   * application's prefetch credits (topUpPrefetchCredit).
   */
  private prefetch(space: number, pages: readonly number[], record: EventRecord | undefined): void {
    const m = this.m;
    const app = m.apps[space]!;
    if (app.strand === "done" || this.frameWanted > 0) return;
    topUpPrefetchCredit(app);
    const as = app.space;
    for (const vpn of pages) {
      if (app.prefetchCredit <= 0) return;
      // A page never touched has no slot, and nothing on swap to read.
      const slot = as.lookup(vpn);
      if (slot < 0) continue;
      const f = as.flags[slot]!;
      if ((f & (PTE_PRESENT | PTE_BUSY)) !== 0 || (f & PTE_ON_SWAP) === 0) continue;
      const frame = this.obtainFrame(space, slot, vpn);
      if (frame < 0) return;
      as.flags[slot] = as.flags[slot]! | PTE_BUSY;
      m.frames.setBusy(frame, true);
      app.counters.prefetches++;
      app.prefetchCredit--;
      this.pageIn(space, slot, frame, "prefetch", record);
    }
  }

  private afterIo(space: number, kind: "page-in" | "write-back" | "prefetch" | "io", vpn: number): void {
    const recorder = this.m.recorder;
    recorder?.begin();
    const completed = this.completed;
    completed.space = space;
    completed.kind = kind;
    completed.vpn = vpn;
    const decision = this.m.raise(this.m.on["Disk.IOComplete"], space, Math.max(vpn, 0), -1, this.ioCompleteArgs);
    const record = recorder?.last;
    if (record && vpn < 0) delete record.vpn;
    if (decision.prefetch) this.prefetch(space, decision.prefetch, record);
    this.m.checkNow();
    recorder?.end();
  }

  // ---- frames ---------------------------------------------------------------------------

  /**
   * A frame for page `slot` of `space`, now owned by it: a free one, or one taken back through
   * PhysAddr.Reclaim. A frame whose old page is being written back stays busy; the caller waits.
   * Returns -1 when every frame is busy with I/O.
   */
  private obtainFrame(space: number, slot: number, vpn: number): number {
    const m = this.m;
    const free = m.frames.allocate(space, slot);
    if (free >= 0) return free;
    const victimApp = pickReclaimApp(m.frames, m.apps, space);
    if (!victimApp) return -1;
    const args = this.reclaimArgs.args(victimApp, vpn);
    m.pagerView.serving(space, vpn);
    const decision = m.raise(m.on["PhysAddr.Reclaim"], victimApp.index, vpn, -1, args);
    const record = m.recorder?.last;
    m.pagerView.serving(-1, -1);
    if (decision.clearReferenced) {
      const view = m.pagerViewOf(victimApp.index);
      for (const f of decision.clearReferenced) view.clearReferenced(f);
    }
    const frame = decision.victim;
    this.evict(frame, record);
    m.frames.reassign(frame, space, slot);
    return frame;
  }

  /** Take a frame back from its page; a dirty page is written back first (the frame stays busy). */
  private evict(frame: number, record: EventRecord | undefined): void {
    const m = this.m;
    const owner = m.frames.owner[frame]!;
    const app = m.apps[owner]!;
    const as = app.space;
    const slot = m.frames.slot[frame]!;
    if (record)
      record.victim = { frame, app: app.name, vpn: as.vpn[slot]!, dirty: (as.flags[slot]! & PTE_DIRTY) !== 0 };
    app.counters.evictions++;
    m.timeline?.count(owner, T_EVICT, m.now);
    this.judgeReadAhead(app, slot);
    const dirty = as.removeMapping(slot);
    if (!dirty) return;
    app.counters.writeBacks++;
    m.timeline?.count(owner, T_WBACK, m.now);
    let swapSlot = as.swapSlot[slot]!;
    if (swapSlot < 0) {
      swapSlot = this.allocateSwap();
      as.swapSlot[slot] = swapSlot;
    }
    // The page is in transit until the write lands: a fault on it waits rather than zero-fills.
    as.flags[slot] = as.flags[slot]! | PTE_ON_SWAP | PTE_BUSY;
    m.frames.setBusy(frame, true);
    m.recorder?.disk(record, { kind: "write-back", app: app.name, vpn: as.vpn[slot]!, block: swapSlot, pages: 1 });
    const transfer = this.transfer("write", swapSlot, 1, "write-back", owner, slot, frame);
    transfer.swapSlot = swapSlot;
    transfer.data = m.frames.content[frame]!;
    m.disk.submit(transfer);
  }

  /** A transfer object for the disk: a finished one again, or a new one. */
  private transfer(
    kind: Transfer["kind"],
    block: number,
    pages: number,
    purpose: TransferPurpose,
    space: number,
    slot: number,
    frame: number,
  ): Transfer {
    const t = this.spareTransfers.pop();
    if (t === undefined)
      return { kind, block, pages, purpose, space, slot, frame, swapSlot: -1, data: 0, thread: undefined };
    t.kind = kind;
    t.block = block;
    t.pages = pages;
    t.purpose = purpose;
    t.space = space;
    t.slot = slot;
    t.frame = frame;
    return t;
  }

  /** What a transfer does when the disk has finished it (at its simulated time). */
  private transferDone(t: Transfer): void {
    const m = this.m;
    const { space, slot, frame } = t;
    const purpose = t.purpose;
    if (purpose === "io") {
      const thread = t.thread!;
      t.thread = undefined;
      this.spareTransfers.push(t);
      this.strands.unblock(thread);
      this.afterIo(space, "io", -1);
      return;
    }
    const as = m.apps[space]!.space;
    if (purpose === "write-back") {
      const swapSlot = t.swapSlot;
      const data = t.data;
      this.spareTransfers.push(t);
      m.swapContent[swapSlot] = data;
      as.flags[slot] = as.flags[slot]! & ~PTE_BUSY;
      this.wakePage(space, slot);
      const next = this.afterWriteBack.size === 0 ? undefined : this.afterWriteBack.get(frame);
      if (next !== undefined) {
        this.afterWriteBack.delete(frame);
        const nextSpace = Math.floor(next / 2 ** 32);
        this.zeroFill(nextSpace, next - nextSpace * 2 ** 32, frame, true);
      }
      this.afterIo(space, "write-back", as.vpn[slot]!);
      return;
    }
    // A page-in or a prefetch: the read's block is the page's swap slot.
    const swapSlot = t.block;
    this.spareTransfers.push(t);
    m.frames.content[frame] = m.swapContent[swapSlot]!;
    this.mapIn(space, slot, frame);
    if (purpose === "prefetch") this.readAhead.set(space * 2 ** 32 + slot, as.lastAccess[slot]!);
    this.wakePage(space, slot);
    this.afterIo(space, purpose, as.vpn[slot]!);
  }

  /** A read-ahead page leaves memory (or the run ends): was it used while it was resident? */
  private judgeReadAhead(app: SimApp, slot: number): void {
    if (this.readAhead.size === 0) return;
    const key = app.index * 2 ** 32 + slot;
    const stamp = this.readAhead.get(key);
    if (stamp === undefined) return;
    this.readAhead.delete(key);
    if (app.space.lastAccess[slot] !== stamp) app.counters.prefetchUsed++;
    else app.counters.prefetchWasted++;
  }

  /** At the end of the run: read-ahead pages still resident are used, or never used. */
  settleReadAhead(): void {
    for (const [key, stamp] of this.readAhead) {
      const app = this.m.apps[Math.floor(key / 2 ** 32)]!;
      if (app.space.lastAccess[key % 2 ** 32] !== stamp) app.counters.prefetchUsed++;
      else app.counters.prefetchUnused++;
    }
    this.readAhead.clear();
  }

  private allocateSwap(): number {
    const m = this.m;
    if (m.swapUsed === m.swapContent.length) {
      const grown = new Float64Array(m.swapContent.length * 2);
      grown.set(m.swapContent);
      m.swapContent = grown;
    }
    return m.swapUsed++;
  }

  // ---- waiting for pages and frames -----------------------------------------------------

  /** The thread waits for page `slot` of `space`, which is in transit (AddressSpace.waiters: in arrival order). */
  private waitForPage(thread: SimThread, space: number, slot: number): void {
    const m = this.m;
    const waiters = m.spaces[space]!.waiters;
    thread.nextWaiter = -1;
    const first = waiters[slot]! - 1;
    if (first < 0) waiters[slot] = thread.id + 1;
    else {
      let last = m.threads[first]!;
      while (last.nextWaiter >= 0) last = m.threads[last.nextWaiter]!;
      last.nextWaiter = thread.id;
    }
    this.strands.block(thread, "page-fault");
  }

  private wakePage(space: number, slot: number): void {
    const m = this.m;
    const waiters = m.spaces[space]!.waiters;
    let next = waiters[slot]! - 1;
    if (next < 0) return;
    waiters[slot] = 0;
    while (next >= 0) {
      const thread = m.threads[next]!;
      next = thread.nextWaiter;
      thread.nextWaiter = -1;
      this.retireAccess(thread, space, slot);
      this.strands.unblock(thread);
    }
  }

  /**
   * A thread whose page has just been mapped (read in, or zero-filled) completes the access it
   * faulted on at once, as hardware restarts the faulting instruction. Without this, two threads
   * short of frames could take the frame from each other between the mapping and the access,
   * forever. False if the thread's op is not that access (it never happens for a zero-fill; a
   * thread that waited for a page's write-back finds it gone and faults again).
   */
  private retireAccess(thread: SimThread, space: number, slot: number): boolean {
    const m = this.m;
    const as = m.spaces[space]!;
    const f = as.flags[slot]!;
    if ((f & PTE_PRESENT) === 0 || thread.pc >= thread.ops.length) return false;
    const kind = thread.ops.kinds[thread.pc]!;
    if (kind !== OP_READ && kind !== OP_WRITE) return false;
    if (Math.floor(thread.ops.values[thread.pc]! / PAGE_SIZE) !== as.vpn[slot]) return false;
    const counters = m.apps[space]!.counters;
    if (kind === OP_WRITE && (f & PTE_WRITABLE) === 0) return false;
    if ((f & PTE_REFERENCED) === 0) m.apps[space]!.referencedSinceTick?.push(as.frame[slot]!);
    if (kind === OP_WRITE) {
      as.flags[slot] = f | PTE_REFERENCED | PTE_DIRTY;
      const version = ++m.writeCount;
      m.frames.content[as.frame[slot]!] = version;
      as.expected[slot] = version;
      counters.writes++;
    } else {
      as.flags[slot] = f | PTE_REFERENCED;
      counters.reads++;
    }
    counters.references++;
    as.lastAccess[slot] = ++m.accessSeq;
    if (m.apps[space]!.pager.countsAccesses === true) as.accesses[slot]++;
    thread.pc++;
    // The op was left out of the count when it faulted (see Cpu.execute): it is done now.
    m.countOps(1);
    return true;
  }

  /** The thread has had the CPU since it found every frame busy: it no longer holds prefetching back. */
  satisfyFrameWant(thread: SimThread): void {
    if (!thread.wantsFrame) return;
    thread.wantsFrame = false;
    this.frameWanted--;
  }

  private wakeFrameWaiters(): void {
    if (this.frameWaiters.length === 0) return;
    const waiting = this.frameWaiters;
    this.frameWaiters = [];
    for (const thread of waiting) this.strands.unblock(thread);
  }

  // ---- application I/O ------------------------------------------------------------------

  startIo(thread: SimThread, pages: number): void {
    const m = this.m;
    this.satisfyFrameWant(thread);
    const app = m.apps[thread.app]!;
    app.counters.ioRequests++;
    const block = DATA_AREA_BLOCK + m.ioPrng.int(1 << 16);
    const recorder = m.recorder;
    recorder?.begin();
    this.strands.block(thread, "io");
    recorder?.disk(recorder.last, { kind: "io", app: app.name, block, pages: Math.max(1, Math.round(pages)) });
    recorder?.end();
    const transfer = this.transfer("io", block, Math.max(1, Math.round(pages)), "io", app.index, -1, -1);
    transfer.thread = thread;
    m.disk.submit(transfer);
  }
}
