/**
 * The simulated machine: one CPU, physical frames, one disk, applications with threads, and the
 * dispatcher through which every policy decision is made. Mechanism only: which page to evict and
 * which thread to run are decided by handlers (the built-in policy by default).
 *
 * Time is simulated, in nanoseconds. A strand runs ops until its quantum ends, its thread blocks,
 * or all threads are done; disk completions are delivered at op boundaries once their time has
 * come. Nothing here reads a host clock or Math.random: the same configuration and seed give the
 * same run.
 *
 * The hit path (a reference to a present page) is a Map lookup, a few typed-array stores and an
 * add to the clock; it allocates nothing and raises no event.
 */
import type { MachineConfig, PolicyChoice } from "../config.js";
import type { EventArgs, EventName } from "../events/catalogue.js";
import { Dispatcher } from "../dispatcher/dispatcher.js";
import type { EventKey } from "../dispatcher/guard.js";
import type { PagerPolicy, PagerView, SchedulerPolicy } from "../policy.js";
import { Prng } from "../prng.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, PAGE_SIZE } from "../workload.js";
import {
  AddressSpace,
  PTE_BUSY,
  PTE_DIRTY,
  PTE_ON_SWAP,
  PTE_PRESENT,
  PTE_REFERENCED,
  PTE_WRITABLE,
} from "./address-space.js";
import { DATA_AREA_BLOCK, Disk } from "./disk.js";
import { EventQueue } from "./event-queue.js";
import { FrameTable } from "./frame-table.js";
import { checkInvariants, verifyNothingLost, type InvariantViolation, type LostWrite } from "./invariants.js";
import { installAuthorizers, installDefaultHandlers, installValidators } from "./kernel-hooks.js";
import { MachinePagerView } from "./pager-view.js";
import { ReclaimArgs } from "./reclaim-args.js";
import { buildReport, type RunReport } from "./report.js";
import { SimApp, SimThread, THREAD_BLOCKED, THREAD_DONE, THREAD_READY, THREAD_RUNNING } from "./threads.js";

export interface PolicyProvider {
  createPager(choice: PolicyChoice): PagerPolicy;
  createScheduler(choice: PolicyChoice): SchedulerPolicy;
}

export interface RunOptions {
  /** Check the kernel's invariants after every fault and disk completion (slow; for tests and --check). */
  readonly check?: boolean;
  /** Called about every 65,536 ops with references done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Include host-time figures (not deterministic) in the report. */
  readonly timing?: boolean;
}

const enum Exit {
  Preempted,
  Blocked,
  Done,
}

/** What a miss did to the thread: go on (retry or skip the op), or stop running it. */
const enum Miss {
  Retry,
  Skip,
  Stop,
}

const PROGRESS_EVERY = 1 << 16;

export class Kernel {
  readonly dispatcher = new Dispatcher();
  readonly apps: SimApp[];
  readonly frames: FrameTable;
  readonly disk: Disk;
  now = 0;
  /** Version stamp of the last write anywhere: each write stores a new one. */
  private writeCount = 0;
  private readonly events = new EventQueue();
  private readonly spaces: AddressSpace[];
  private readonly threads: SimThread[] = [];
  private readonly readyStrands: [SimApp[], SimApp[]] = [[], []];
  private swapContent = new Float64Array(1024);
  private swapUsed = 0;
  /** Work waiting for a frame's write-back to finish before the frame is reused. */
  private readonly afterWriteBack = new Map<number, () => void>();
  /** Threads waiting for a page that is in transit, by space and slot. */
  private readonly pageWaiters = new Map<number, SimThread[]>();
  /** Threads waiting because every frame was busy with I/O. */
  private frameWaiters: SimThread[] = [];
  private readonly view: MachinePagerView;
  private readonly ioPrng: Prng;
  private readonly key = { space: 0, vpn: 0, thread: 0 };
  private lastStrand = -1;
  private checking = false;
  private readonly violations: InvariantViolation[] = [];
  private opsDone = 0;
  private nextProgress = PROGRESS_EVERY;
  private readonly totalOps: number;
  private progress: RunOptions["onProgress"];
  private ran = false;

  constructor(
    readonly config: MachineConfig,
    policies: PolicyProvider,
  ) {
    const root = new Prng(config.seed);
    this.frames = new FrameTable(config.frames);
    this.view = new MachinePagerView(this.frames);
    this.disk = new Disk(config.disk, root.fork("disk"), this.events, () => this.now);
    this.ioPrng = root.fork("io");
    this.spaces = config.apps.map((app, i) => new AddressSpace(i, app.regions));
    this.apps = config.apps.map((spec, i) => {
      const threads = spec.threads.map((t) => {
        const thread = new SimThread(this.threads.length, i, t.name, t.priority, t.ops);
        this.threads.push(thread);
        return thread;
      });
      return new SimApp(
        i,
        spec,
        this.spaces[i]!,
        threads,
        policies.createPager(spec.pager),
        policies.createScheduler(spec.scheduler),
        root.fork(`pager:${spec.name}`),
      );
    });
    this.totalOps = this.threads.reduce((sum, t) => sum + t.ops.length, 0);
    installDefaultHandlers(this);
    installAuthorizers(this);
    installValidators(this);
  }

  /** The application (address space) owning a thread, for the authorizer and the loader. */
  threadOwner(thread: number): number {
    return this.threads[thread]?.app ?? -1;
  }

  run(options: RunOptions = {}): RunReport {
    if (this.ran) throw new Error("a Kernel runs once; make a new one for another run");
    this.ran = true;
    this.checking = options.check ?? false;
    this.progress = options.onProgress;
    this.dispatcher.timing = options.timing ?? false;
    for (const app of this.apps) {
      for (const thread of app.threads) {
        if (thread.ops.length === 0) this.finish(thread);
        else app.ready.push(thread);
      }
      if (app.ready.length > 0) this.enqueueStrand(app);
      else this.strandDone(app);
    }
    for (;;) {
      const app = this.nextStrand();
      if (app) {
        this.runStrand(app);
        continue;
      }
      if (this.events.size === 0) break;
      this.fireNext();
    }
    const stuck = this.threads.filter((t) => t.state !== THREAD_DONE);
    for (const t of stuck) this.violations.push({ invariant: "progress", detail: `thread ${t.name} of ${this.apps[t.app]!.name} never finished (state ${t.state})` });
    this.violations.push(...checkInvariants(this.frames, this.spaces));
    const lost: LostWrite[] = verifyNothingLost(this.frames, this.spaces, this.swapContent, this.apps.map((a) => a.name));
    this.progress?.(this.totalOps, this.totalOps);
    return buildReport(this, this.violations, lost, options.timing ?? false);
  }

  // ---- the global scheduler -------------------------------------------------------------

  private enqueueStrand(app: SimApp): void {
    app.strand = "ready";
    this.readyStrands[app.spec.priority === "high" ? 0 : 1].push(app);
  }

  private nextStrand(): SimApp | undefined {
    return this.readyStrands[0].shift() ?? this.readyStrands[1].shift();
  }

  private strandDone(app: SimApp): void {
    app.strand = "done";
    app.finishedAt = this.now;
  }

  private runStrand(app: SimApp): void {
    app.strand = "running";
    if (this.lastStrand !== app.index) this.now += this.config.costs.switchNs;
    this.lastStrand = app.index;
    const sliceStart = this.now;
    const sliceEnd = this.now + this.config.quantumNs;
    for (;;) {
      if (app.ready.length === 0) {
        if (app.threads.every((t) => t.state === THREAD_DONE)) this.strandDone(app);
        else app.strand = "blocked";
        return;
      }
      const thread = this.resume(app);
      const started = this.now;
      const exit = this.execute(thread, sliceEnd);
      thread.ranNs += this.now - started;
      app.counters.cpuNs += this.now - started;
      if (exit === Exit.Preempted) {
        thread.state = THREAD_READY;
        thread.readySince = this.now;
        app.ready.push(thread);
        const ranNs = this.now - sliceStart;
        this.notify("Strand.Checkpoint", app.index, -1, thread.id, () => ({
          space: app.index,
          strand: app.index,
          thread: thread.id,
          ranNs,
        }));
        this.enqueueStrand(app);
        return;
      }
      if (this.now >= sliceEnd && app.ready.length > 0) {
        this.enqueueStrand(app);
        return;
      }
    }
  }

  /** Strand.Resume: the application's thread scheduler picks one of its ready threads. */
  private resume(app: SimApp): SimThread {
    // The built-in scheduler reads the threads themselves; a handler that may be untrusted gets a copy.
    const key = this.key;
    key.space = app.index;
    key.vpn = -1;
    key.thread = -1;
    const bound = this.dispatcher.hasBindings("Strand.Resume", key);
    const ready = bound ? app.ready.map((t) => ({ thread: t.id, priority: t.priority, readySince: t.readySince, ranNs: t.ranNs })) : app.ready;
    const choice = this.raise("Strand.Resume", app.index, -1, -1, {
      space: app.index,
      strand: app.index,
      ready,
      current: app.lastThread,
    });
    const at = app.ready.findIndex((t) => t.id === choice.thread);
    const thread = app.ready.splice(at < 0 ? 0 : at, 1)[0]!;
    thread.state = THREAD_RUNNING;
    app.lastThread = thread.id;
    return thread;
  }

  // ---- running a thread: the hot loop ---------------------------------------------------

  private execute(thread: SimThread, sliceEnd: number): Exit {
    const app = this.apps[thread.app]!;
    const space = app.space;
    const { kinds, values, length } = thread.ops;
    const accessNs = this.config.costs.accessNs;
    const content = this.frames.content;
    const counters = app.counters;
    let flags = space.flags;
    let frameOf = space.frame;
    let lastAccess = space.lastAccess;
    let expected = space.expected;
    let pc = thread.pc;
    let lastVpn = -1;
    let lastSlot = -1;
    let reads = 0;
    let writes = 0;
    let exit = Exit.Done;
    // The clock, the write stamp and the op count live in locals on the hit path and are written
    // back before anything else can look at them (every call out of this loop).
    let now = this.now;
    let writeCount = this.writeCount;
    let ops = 0;
    // Events are only scheduled by what the loop calls out to (fireDue, miss), so the next one's
    // time is read once here and after each call out; one comparison covers both limits.
    let limit = Math.min(sliceEnd, this.events.nextTime);
    // No closures over these locals: V8 would box the captured numbers, one allocation per op.

    while (pc < length) {
      if (now >= limit) {
        if (now >= sliceEnd) {
          exit = Exit.Preempted;
          break;
        }
        thread.pc = pc;
        this.now = now;
        this.writeCount = writeCount;
        this.countOps(ops);
        ops = 0;
        this.fireDue();
        now = this.now;
        writeCount = this.writeCount;
        limit = Math.min(sliceEnd, this.events.nextTime);
        ({ flags, frame: frameOf, lastAccess, expected } = space);
        lastVpn = -1;
      }
      if (++ops === PROGRESS_EVERY) {
        this.countOps(ops);
        ops = 0;
      }
      const kind = kinds[pc]!;
      if (kind === OP_READ || kind === OP_WRITE) {
        const vpn = Math.floor(values[pc]! / PAGE_SIZE);
        const slot = vpn === lastVpn ? lastSlot : space.lookup(vpn);
        if (slot >= 0) {
          const f = flags[slot]!;
          if ((f & PTE_PRESENT) !== 0 && (kind === OP_READ || (f & PTE_WRITABLE) !== 0)) {
            if (kind === OP_WRITE) {
              flags[slot] = f | PTE_REFERENCED | PTE_DIRTY;
              const version = ++writeCount;
              content[frameOf[slot]!] = version;
              expected[slot] = version;
              writes++;
            } else {
              flags[slot] = f | PTE_REFERENCED;
              reads++;
            }
            lastAccess[slot] = now;
            now += accessNs;
            lastVpn = vpn;
            lastSlot = slot;
            pc++;
            continue;
          }
        }
        thread.pc = pc;
        this.now = now;
        this.writeCount = writeCount;
        // The faulting op is not done yet: it counts when it completes (after the fault, or skipped).
        this.countOps(ops - 1);
        ops = 0;
        const miss = this.miss(thread, vpn, kind === OP_WRITE);
        now = this.now;
        writeCount = this.writeCount;
        limit = Math.min(sliceEnd, this.events.nextTime);
        ({ flags, frame: frameOf, lastAccess, expected } = space);
        lastVpn = -1;
        if (miss === Miss.Skip) {
          pc++;
          ops = 1;
        } else if (miss === Miss.Stop) {
          exit = thread.state === THREAD_DONE ? Exit.Done : Exit.Blocked;
          counters.reads += reads;
          counters.writes += writes;
          counters.references += reads + writes;
          return exit;
        }
        continue;
      }
      if (kind === OP_COMPUTE) {
        const left = thread.computeLeft >= 0 ? thread.computeLeft : values[pc]!;
        const step = Math.min(left, Math.max(0, limit - now));
        now += step;
        if (left - step > 0) {
          thread.computeLeft = left - step;
          ops--; // counted when the whole compute op is done
        } else {
          thread.computeLeft = -1;
          pc++;
        }
        continue;
      }
      if (kind === OP_IO) {
        pc++;
        thread.pc = pc;
        this.now = now;
        this.writeCount = writeCount;
        this.countOps(ops);
        ops = 0;
        this.startIo(thread, values[pc - 1]!);
        exit = Exit.Blocked;
        break;
      }
      pc++;
    }
    thread.pc = pc;
    this.now = now;
    this.writeCount = writeCount;
    this.countOps(ops);
    counters.reads += reads;
    counters.writes += writes;
    counters.references += reads + writes;
    if (exit === Exit.Done) this.finish(thread);
    return exit;
  }

  /** Adds executed ops and reports progress each time another PROGRESS_EVERY are done, on every
   * path (a run where every reference faults never reaches the hit path's own count). */
  private countOps(ops: number): void {
    this.opsDone += ops;
    if (this.opsDone >= this.nextProgress) {
      this.nextProgress = this.opsDone + PROGRESS_EVERY;
      this.progress?.(this.opsDone, this.totalOps);
    }
  }

  private finish(thread: SimThread): void {
    thread.state = THREAD_DONE;
    thread.finishedAt = this.now;
  }

  // ---- faults ---------------------------------------------------------------------------

  private miss(thread: SimThread, vpn: number, write: boolean): Miss {
    const app = this.apps[thread.app]!;
    const space = app.space;
    const access = write ? "write" : "read";
    const slot = space.slotFor(vpn);
    if (slot < 0) {
      app.counters.badAddress++;
      const decision = this.raise("Translation.BadAddress", app.index, vpn, thread.id, { space: app.index, thread: thread.id, vpn, access });
      return this.faultAction(thread, decision.action, `bad address: ${access} of page 0x${vpn.toString(16)} outside every allocated range`);
    }
    const f = space.flags[slot]!;
    if (write && (f & PTE_WRITABLE) === 0) {
      app.counters.protectionFaults++;
      const decision = this.raise("Translation.ProtectionFault", app.index, vpn, thread.id, { space: app.index, thread: thread.id, vpn, access });
      return this.faultAction(thread, decision.action, `protection fault: write to read-only page 0x${vpn.toString(16)}`);
    }
    if ((f & PTE_BUSY) !== 0) {
      this.waitForPage(thread, app.index, slot);
      return Miss.Stop;
    }
    app.counters.faults++;
    this.now += this.config.costs.faultNs;
    const onSwap = (f & PTE_ON_SWAP) !== 0;
    const decision = this.raise("Translation.PageNotPresent", app.index, vpn, thread.id, {
      space: app.index,
      thread: thread.id,
      vpn,
      access,
      onSwap,
    });
    const frame = this.obtainFrame(app.index, slot, vpn);
    if (frame < 0) {
      this.frameWaiters.push(thread);
      this.block(thread, "page-fault");
      return Miss.Stop;
    }
    const waitsForWriteBack = this.frames.busy[frame] !== 0;
    space.flags[slot] = space.flags[slot]! | PTE_BUSY;
    this.frames.busy[frame] = 1;
    // Prefetch while the faulting page's frame is still reserved, so that it cannot be the victim.
    if (decision.prefetch) this.prefetch(app.index, decision.prefetch);
    let result = Miss.Stop;
    if (onSwap) {
      app.counters.majorFaults++;
      this.pageIn(app.index, slot, frame, "page-in");
      this.waitForPage(thread, app.index, slot);
    } else if (waitsForWriteBack) {
      app.counters.minorFaults++;
      this.afterWriteBack.set(frame, () => this.zeroFill(app.index, slot, frame, true));
      this.waitForPage(thread, app.index, slot);
    } else {
      app.counters.minorFaults++;
      this.zeroFill(app.index, slot, frame, false);
      result = Miss.Retry;
    }
    this.checkNow();
    return result;
  }

  private faultAction(thread: SimThread, action: "terminate" | "skip", why: string): Miss {
    if (action === "skip") return Miss.Skip;
    thread.killed = why;
    this.finish(thread);
    return Miss.Stop;
  }

  private zeroFill(space: number, slot: number, frame: number, wake: boolean): void {
    this.now += wake ? 0 : this.config.costs.zeroFillNs;
    this.frames.content[frame] = 0;
    this.mapIn(space, slot, frame);
    if (wake) this.wakePage(space, slot);
  }

  private mapIn(space: number, slot: number, frame: number): void {
    const as = this.spaces[space]!;
    this.frames.busy[frame] = 0;
    this.frames.loadedAt[frame] = this.now;
    as.addMapping(slot, frame, this.now);
    this.wakeFrameWaiters();
  }

  /** Read a page's content from swap into its reserved frame. */
  private pageIn(space: number, slot: number, frame: number, kind: "page-in" | "prefetch"): void {
    const as = this.spaces[space]!;
    const swapSlot = as.swapSlot[slot]!;
    this.disk.submit({
      kind: "read",
      block: swapSlot,
      pages: 1,
      done: () => {
        this.frames.content[frame] = this.swapContent[swapSlot]!;
        this.mapIn(space, slot, frame);
        this.wakePage(space, slot);
        this.afterIo(space, kind, as.vpn[slot]!);
      },
    });
  }

  private prefetch(space: number, pages: readonly number[]): void {
    const app = this.apps[space]!;
    const as = app.space;
    for (const vpn of pages) {
      const slot = as.slotFor(vpn);
      if (slot < 0) continue;
      const f = as.flags[slot]!;
      if ((f & (PTE_PRESENT | PTE_BUSY)) !== 0 || (f & PTE_ON_SWAP) === 0) continue;
      const frame = this.obtainFrame(space, slot, vpn);
      if (frame < 0) return;
      as.flags[slot] = as.flags[slot]! | PTE_BUSY;
      this.frames.busy[frame] = 1;
      app.counters.prefetches++;
      this.pageIn(space, slot, frame, "prefetch");
    }
  }

  private afterIo(space: number, kind: "page-in" | "write-back" | "prefetch" | "io", vpn: number): void {
    const decision = this.raise("Disk.IOComplete", space, Math.max(vpn, 0), -1, { space, kind, vpn });
    if (decision.prefetch) this.prefetch(space, decision.prefetch);
    this.checkNow();
  }

  // ---- frames ---------------------------------------------------------------------------

  /**
   * A frame for page `slot` of `space`, now owned by it: a free one, or one taken back through
   * PhysAddr.Reclaim. A frame whose old page is being written back stays busy; the caller waits.
   * Returns -1 when every frame is busy with I/O.
   */
  private obtainFrame(space: number, slot: number, vpn: number): number {
    const free = this.frames.allocate(space, slot);
    if (free >= 0) return free;
    const victimApp = this.pickReclaimApp(space);
    if (!victimApp) return -1;
    const args = this.reclaimArgs(victimApp, vpn);
    const decision = this.raise("PhysAddr.Reclaim", victimApp.index, vpn, -1, args);
    if (decision.clearReferenced) {
      const view = this.view.focus(victimApp, this.spaces, this.now);
      for (const f of decision.clearReferenced) view.clearReferenced(f);
    }
    const frame = decision.victim;
    this.evict(frame);
    this.frames.reassign(frame, space, slot);
    return frame;
  }

  /**
   * The kernel's global policy: the requesting application gives up one of its own pages if it
   * holds at least its fair share of frames; otherwise the application holding the most frames.
   */
  private pickReclaimApp(requester: number): SimApp | undefined {
    // Owned counts are kept by the frame table; only "has a frame not busy with I/O" needs a
    // scan, which stops at the first such frame (was: a full scan of every frame per reclaim).
    const frames = this.frames;
    const share = Math.floor(frames.count / this.apps.length);
    if (frames.ownedCount(requester) >= share && frames.hasCandidate(requester)) return this.apps[requester];
    let best = -1;
    for (let a = 0; a < this.apps.length; a++) {
      const owned = frames.ownedCount(a);
      if (owned === 0 || (best >= 0 && owned <= frames.ownedCount(best))) continue;
      if (frames.hasCandidate(a)) best = a;
    }
    return best < 0 ? undefined : this.apps[best];
  }

  private reclaimArgs(app: SimApp, vpn: number): EventArgs<"PhysAddr.Reclaim"> {
    return new ReclaimArgs(app.index, vpn, () => this.residentList(app));
  }


  private residentList(app: SimApp): EventArgs<"PhysAddr.Reclaim">["resident"] {
    const list: EventArgs<"PhysAddr.Reclaim">["resident"] = [];
    const as = app.space;
    for (let frame = 0; frame < this.frames.count; frame++) {
      if (this.frames.owner[frame] !== app.index || this.frames.busy[frame] !== 0) continue;
      const slot = this.frames.slot[frame]!;
      const f = as.flags[slot]!;
      list.push({
        frame,
        vpn: as.vpn[slot]!,
        referenced: (f & PTE_REFERENCED) !== 0,
        dirty: (f & PTE_DIRTY) !== 0,
        loadedAt: this.frames.loadedAt[frame]!,
        lastAccess: as.lastAccess[slot]!,
      });
    }
    return list;
  }

  /** Take a frame back from its page; a dirty page is written back first (the frame stays busy). */
  private evict(frame: number): void {
    const owner = this.frames.owner[frame]!;
    const app = this.apps[owner]!;
    const as = app.space;
    const slot = this.frames.slot[frame]!;
    app.counters.evictions++;
    const dirty = as.removeMapping(slot);
    if (!dirty) return;
    app.counters.writeBacks++;
    let swapSlot = as.swapSlot[slot]!;
    if (swapSlot < 0) {
      swapSlot = this.allocateSwap();
      as.swapSlot[slot] = swapSlot;
    }
    // The page is in transit until the write lands: a fault on it waits rather than zero-fills.
    as.flags[slot] = as.flags[slot]! | PTE_ON_SWAP | PTE_BUSY;
    this.frames.busy[frame] = 1;
    const data = this.frames.content[frame]!;
    this.disk.submit({
      kind: "write",
      block: swapSlot,
      pages: 1,
      done: () => {
        this.swapContent[swapSlot] = data;
        as.flags[slot] = as.flags[slot]! & ~PTE_BUSY;
        this.wakePage(owner, slot);
        const next = this.afterWriteBack.get(frame);
        this.afterWriteBack.delete(frame);
        next?.();
        this.afterIo(owner, "write-back", as.vpn[slot]!);
      },
    });
  }

  private allocateSwap(): number {
    if (this.swapUsed === this.swapContent.length) {
      const grown = new Float64Array(this.swapContent.length * 2);
      grown.set(this.swapContent);
      this.swapContent = grown;
    }
    return this.swapUsed++;
  }

  // ---- blocking and waking --------------------------------------------------------------

  private block(thread: SimThread, reason: "page-fault" | "io"): void {
    thread.state = THREAD_BLOCKED;
    const app = this.apps[thread.app]!;
    this.notify("Strand.Block", app.index, -1, thread.id, () => ({ space: app.index, strand: app.index, thread: thread.id, reason }));
  }

  private unblock(thread: SimThread): void {
    if (thread.state !== THREAD_BLOCKED) return;
    const app = this.apps[thread.app]!;
    thread.state = THREAD_READY;
    thread.readySince = this.now;
    app.ready.push(thread);
    this.notify("Strand.Unblock", app.index, -1, thread.id, () => ({ space: app.index, strand: app.index, thread: thread.id }));
    if (app.strand === "blocked") this.enqueueStrand(app);
  }

  private waitForPage(thread: SimThread, space: number, slot: number): void {
    const key = space * 2 ** 32 + slot;
    const list = this.pageWaiters.get(key);
    if (list) list.push(thread);
    else this.pageWaiters.set(key, [thread]);
    this.block(thread, "page-fault");
  }

  private wakePage(space: number, slot: number): void {
    const key = space * 2 ** 32 + slot;
    const list = this.pageWaiters.get(key);
    if (!list) return;
    this.pageWaiters.delete(key);
    for (const thread of list) {
      this.retireAccess(thread, space, slot);
      this.unblock(thread);
    }
  }

  /**
   * A thread whose page has just arrived completes the access it faulted on at once, as hardware
   * restarts the faulting instruction. Without this, two threads short of frames could take the
   * frame from each other between the page-in and the access, forever.
   */
  private retireAccess(thread: SimThread, space: number, slot: number): void {
    const as = this.spaces[space]!;
    const f = as.flags[slot]!;
    if ((f & PTE_PRESENT) === 0 || thread.pc >= thread.ops.length) return;
    const kind = thread.ops.kinds[thread.pc]!;
    if (kind !== OP_READ && kind !== OP_WRITE) return;
    if (Math.floor(thread.ops.values[thread.pc]! / PAGE_SIZE) !== as.vpn[slot]) return;
    const counters = this.apps[space]!.counters;
    if (kind === OP_WRITE) {
      if ((f & PTE_WRITABLE) === 0) return;
      as.flags[slot] = f | PTE_REFERENCED | PTE_DIRTY;
      const version = ++this.writeCount;
      this.frames.content[as.frame[slot]!] = version;
      as.expected[slot] = version;
      counters.writes++;
    } else {
      as.flags[slot] = f | PTE_REFERENCED;
      counters.reads++;
    }
    counters.references++;
    as.lastAccess[slot] = this.now;
    thread.pc++;
  }

  private wakeFrameWaiters(): void {
    if (this.frameWaiters.length === 0) return;
    const waiting = this.frameWaiters;
    this.frameWaiters = [];
    for (const thread of waiting) this.unblock(thread);
  }

  private startIo(thread: SimThread, pages: number): void {
    const app = this.apps[thread.app]!;
    app.counters.ioRequests++;
    const block = DATA_AREA_BLOCK + this.ioPrng.int(1 << 16);
    this.block(thread, "io");
    this.disk.submit({
      kind: "io",
      block,
      pages: Math.max(1, Math.round(pages)),
      done: () => {
        this.unblock(thread);
        this.afterIo(app.index, "io", -1);
      },
    });
  }

  // ---- events ---------------------------------------------------------------------------

  private fireNext(): void {
    const event = this.events.pop();
    if (!event) return;
    if (event.time > this.now) this.now = event.time;
    event.fire();
  }

  private fireDue(): void {
    while (this.events.nextTime <= this.now) this.fireNext();
  }

  private raise<E extends EventName>(event: E, space: number, vpn: number, thread: number, args: EventArgs<E> | (() => EventArgs<E>)) {
    const key = this.key;
    key.space = space;
    key.vpn = vpn;
    key.thread = thread;
    return this.dispatcher.raise(event, key as EventKey, args);
  }

  private notify<E extends EventName>(event: E, space: number, vpn: number, thread: number, args: () => EventArgs<E>): void {
    this.raise(event, space, vpn, thread, args);
  }

  private checkNow(): void {
    if (this.checking) this.violations.push(...checkInvariants(this.frames, this.spaces));
  }

  /** The PagerView of the built-in pager, pointed at one application for one reclaim. */
  pagerViewFor(app: SimApp): PagerView {
    return this.view.focus(app, this.spaces, this.now);
  }
}
