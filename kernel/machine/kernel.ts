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
import { CLOCK_HORIZON_QUANTA, MachineConfigError, SimulationLimitError, checkMachineConfig, type MachineConfig, type PolicyChoice } from "../config.js";
import type { EventArgs, EventName } from "../events/catalogue.js";
import { Dispatcher } from "../dispatcher/dispatcher.js";
import type { EventKey } from "../dispatcher/guard.js";
import type { PagerPolicy, PagerView, SchedulerPolicy, SchedulerView } from "../policy.js";
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
import { PREFETCH_WINDOW, eventBound, runSize } from "./progress.js";
import { ReclaimArgs } from "./reclaim-args.js";
import { buildReport, type RunReport } from "./report.js";
import { MachineSchedulerView } from "./scheduler-view.js";
import { SimApp, SimThread, StrandQueue, THREAD_BLOCKED, THREAD_DONE, THREAD_READY, THREAD_RUNNING } from "./threads.js";

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

/**
 * What a miss did to the thread: go on with the next op (the access was done in the fault, or
 * skipped), or stop running it (it blocked or finished).
 */
const enum Miss {
  Done,
  Skip,
  Stop,
}

const PROGRESS_EVERY = 1 << 16;

/** Thrown out of the run when it processed more events than eventBound allows: a kernel bug. */
class Runaway extends Error {}

export class Kernel {
  readonly dispatcher = new Dispatcher();
  readonly apps: SimApp[];
  readonly frames: FrameTable;
  readonly disk: Disk;
  now = 0;
  /** Version stamp of the last write anywhere: each write stores a new one. */
  private writeCount = 0;
  /**
   * The recency clock: every memory access and every page load takes the next number, which the
   * page's lastAccess register keeps. Logical, not simulated time, so that no two accesses ever tie
   * (several can happen in one simulated nanosecond: a retired access, a zero-cost access).
   */
  private accessSeq = 0;
  /** Threads that found every frame busy and have not retried since: prefetching waits for them. */
  private frameWanted = 0;
  /** Events processed so far (raised, disk completions) and the most a run of this size may process. */
  private eventCount = 0;
  private readonly eventLimit: number;
  private readonly events = new EventQueue();
  private readonly spaces: AddressSpace[];
  private readonly threads: SimThread[] = [];
  private readonly readyStrands: [StrandQueue, StrandQueue] = [new StrandQueue(), new StrandQueue()];
  private swapContent = new Float64Array(1024);
  private swapUsed = 0;
  /** Work waiting for a frame's write-back to finish before the frame is reused. */
  private readonly afterWriteBack = new Map<number, () => void>();
  /** Threads waiting for a page that is in transit, by space and slot. */
  private readonly pageWaiters = new Map<number, SimThread[]>();
  /** Threads waiting because every frame was busy with I/O. */
  private frameWaiters: SimThread[] = [];
  private readonly view: MachinePagerView;
  private readonly schedulerView: MachineSchedulerView;
  /** Pager clock ticks in the event queue: they alone do not keep the run going. */
  private pendingTicks = 0;
  /** Per application: its pager's clock, if the pager asked for ticks. */
  private readonly pagerClocks: (PagerClock | undefined)[] = [];
  /** Scratch marks by frame for deduplicating a tick's list (all 0 between ticks); made at the first tick. */
  private tickListedMarks: Uint8Array | undefined;
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
    const { problems, computeSlices } = checkMachineConfig(config);
    if (problems.length > 0) throw new MachineConfigError(problems);
    this.eventLimit = eventBound(runSize(config, computeSlices));
    const root = new Prng(config.seed);
    this.frames = new FrameTable(config.frames);
    this.view = new MachinePagerView(this.frames);
    this.schedulerView = new MachineSchedulerView(root.fork("schedulers"), config.quantumNs, config.costs);
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
        PREFETCH_WINDOW,
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
      this.startPagerClock(app);
    }
    try {
      for (;;) {
        const app = this.nextStrand();
        if (app) {
          this.runStrand(app);
          continue;
        }
        if (this.events.size === this.pendingTicks) break;
        this.fireNext();
      }
    } catch (error) {
      if (!(error instanceof Runaway)) throw error;
      this.violations.push({
        invariant: "progress",
        detail: `the run processed more than ${this.eventLimit} events, the bound for its size (docs/MACHINE.md, "Progress"); stopped at t=${this.now} ns`,
      });
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
    this.resumePagerClock(app);
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
      // Unless it has just found every frame busy again, it has had its turn at the CPU since
      // it last did (miss() and startIo() clear the want when they see it).
      if (thread.state !== THREAD_BLOCKED) this.satisfyFrameWant(thread);
      thread.ranNs += this.now - started;
      app.counters.cpuNs += this.now - started;
      this.checkClock(this.now);
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

  /**
   * Run `thread` until the slice ends, it blocks, or it finishes. Two rules make every slice
   * progress, whatever the numbers (see "Progress" in docs/MACHINE.md):
   *  - a thread is preempted only once it has made progress in this slice (an op retired, or part
   *    of a compute op done); a slice that starts at or past its end (a quantum too short for the
   *    clock to count) still runs one op, and a compute op then runs for one quantum;
   *  - the access a zero-fill was for is done in the fault itself, before the end of the slice or
   *    any due event is looked at (a page-in's access is done when the page arrives, see
   *    retireAccess).
   */
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
    let accesses = space.accesses;
    // Only pagers that read view.accesses (LFU, ARC) pay for the count on the hit path.
    const countAccesses = app.pager.countsAccesses === true;
    // Only pagers with clock ticks (NFU, Aging) get the frames referenced since the last tick.
    const tickRefs = app.referencedSinceTick;
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
    // The recency clock rides on the op count: an access stamps seqBase + ops, just after ops was
    // incremented for it, so stamps strictly increase; seqBase + ops is written back to accessSeq
    // (never below the last stamp) at every call out, and read again after. A counter of its own
    // cost 15% of the hit path.
    let seqBase = this.accessSeq;
    // Events are only scheduled by what the loop calls out to (fireDue, miss), so the next one's
    // time is read once here and after each call out; one comparison covers both limits.
    let limit = Math.min(sliceEnd, this.events.nextTime);
    // Where this slice started: the thread may be preempted only after it moved on from here.
    const startPc = pc;
    const startCompute = thread.computeLeft;
    // No closures over these locals: V8 would box the captured numbers, one allocation per op.

    while (pc < length) {
      if (now >= limit) {
        if (now >= sliceEnd && (pc !== startPc || thread.computeLeft !== startCompute)) {
          exit = Exit.Preempted;
          break;
        }
        thread.pc = pc;
        this.now = now;
        this.writeCount = writeCount;
        this.accessSeq = seqBase + ops;
        this.countOps(ops);
        ops = 0;
        counters.reads += reads;
        counters.writes += writes;
        counters.references += reads + writes;
        reads = 0;
        writes = 0;
        this.fireDue();
        now = this.now;
        writeCount = this.writeCount;
        seqBase = this.accessSeq;
        limit = Math.min(sliceEnd, this.events.nextTime);
        ({ flags, frame: frameOf, lastAccess, accesses, expected } = space);
        lastVpn = -1;
      }
      if (++ops === PROGRESS_EVERY) {
        this.countOps(ops);
        seqBase += ops;
        ops = 0;
      }
      const kind = kinds[pc]!;
      if (kind === OP_READ || kind === OP_WRITE) {
        const vpn = Math.floor(values[pc]! / PAGE_SIZE);
        const slot = vpn === lastVpn ? lastSlot : space.lookup(vpn);
        if (slot >= 0) {
          const f = flags[slot]!;
          if ((f & PTE_PRESENT) !== 0 && (kind === OP_READ || (f & PTE_WRITABLE) !== 0)) {
            if ((f & PTE_REFERENCED) === 0 && tickRefs !== null) tickRefs.push(frameOf[slot]!);
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
            lastAccess[slot] = seqBase + ops;
            if (countAccesses) accesses[slot]++;
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
        this.accessSeq = seqBase + ops;
        // The faulting op is not done yet: it counts when it completes (after the fault, or skipped).
        this.countOps(ops - 1);
        ops = 0;
        counters.reads += reads;
        counters.writes += writes;
        counters.references += reads + writes;
        reads = 0;
        writes = 0;
        const miss = this.miss(thread, vpn, kind === OP_WRITE);
        now = this.now;
        writeCount = this.writeCount;
        seqBase = this.accessSeq;
        limit = Math.min(sliceEnd, this.events.nextTime);
        ({ flags, frame: frameOf, lastAccess, accesses, expected } = space);
        lastVpn = -1;
        if (miss === Miss.Skip) {
          pc++;
          ops = 1;
        } else if (miss === Miss.Done) pc++;
        else if (miss === Miss.Stop) {
          exit = thread.state === THREAD_DONE ? Exit.Done : Exit.Blocked;
          return exit;
        }
        continue;
      }
      if (kind === OP_COMPUTE) {
        const left = thread.computeLeft >= 0 ? thread.computeLeft : values[pc]!;
        // Up to the next event or the end of the slice; a slice already over (its first op, see
        // above) computes for one quantum, so that every slice moves the op on.
        const room = limit - now;
        const step = Math.min(left, room > 0 ? room : this.config.quantumNs);
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
        this.accessSeq = seqBase + ops;
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
    this.accessSeq = seqBase + ops;
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
    this.satisfyFrameWant(thread);
    const app = this.apps[thread.app]!;
    this.resumePagerClock(app);
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
      thread.wantsFrame = true;
      this.frameWanted++;
      this.block(thread, "page-fault");
      return Miss.Stop;
    }
    const waitsForWriteBack = this.frames.busy[frame] !== 0;
    space.flags[slot] = space.flags[slot]! | PTE_BUSY;
    this.frames.setBusy(frame, true);
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
      // The page is mapped and nothing else has run: the access is done now, at its usual cost,
      // before any due event or the end of the slice, so nothing can take the frame first.
      if (!this.retireAccess(thread, app.index, slot)) throw new Error(`kernel bug: the access to page 0x${vpn.toString(16)} could not be done after its zero-fill`);
      this.now += this.config.costs.accessNs;
      result = Miss.Done;
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
    this.frames.setBusy(frame, false);
    this.frames.loadedAt[frame] = this.now;
    // A page just loaded counts as just used (so that a prefetched page is not the next victim).
    as.addMapping(slot, frame, ++this.accessSeq);
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

  /**
   * Read pages in ahead, as a handler asked. Speculative work is bounded and comes after demand
   * (see "Progress" in docs/MACHINE.md): nothing is read for an application whose threads are all
   * done, nor while a thread waits for a frame, and each page read spends one of the
   * application's prefetch credits (PREFETCH_WINDOW at most, one earned back per reference).
   */
  private prefetch(space: number, pages: readonly number[]): void {
    const app = this.apps[space]!;
    if (app.strand === "done" || this.frameWanted > 0) return;
    const references = app.counters.references;
    app.prefetchCredit = Math.min(PREFETCH_WINDOW, app.prefetchCredit + (references - app.creditedReferences));
    app.creditedReferences = references;
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
      this.frames.setBusy(frame, true);
      app.counters.prefetches++;
      app.prefetchCredit--;
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
    this.view.serving(space, vpn);
    const decision = this.raise("PhysAddr.Reclaim", victimApp.index, vpn, -1, args);
    this.view.serving(-1, -1);
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
    // Owned and busy counts are kept by the frame table, and only the applications that own a
    // frame are looked at (at most one per frame, however many applications there are: a loop
    // over every application per reclaim made 100,000 one-page applications quadratic).
    const frames = this.frames;
    const share = Math.floor(frames.count / this.apps.length);
    if (frames.ownedCount(requester) >= share && frames.hasCandidate(requester)) return this.apps[requester];
    // The most frames wins; ties go to the lowest application index.
    let best = -1;
    let bestOwned = 0;
    for (const a of frames.owners()) {
      const owned = frames.ownedCount(a);
      if (owned < bestOwned || (owned === bestOwned && a > best) || !frames.hasCandidate(a)) continue;
      best = a;
      bestOwned = owned;
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
    this.frames.setBusy(frame, true);
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
   * A thread whose page has just been mapped (read in, or zero-filled) completes the access it
   * faulted on at once, as hardware restarts the faulting instruction. Without this, two threads
   * short of frames could take the frame from each other between the mapping and the access,
   * forever. False if the thread's op is not that access (it never happens for a zero-fill; a
   * thread that waited for a page's write-back finds it gone and faults again).
   */
  private retireAccess(thread: SimThread, space: number, slot: number): boolean {
    const as = this.spaces[space]!;
    const f = as.flags[slot]!;
    if ((f & PTE_PRESENT) === 0 || thread.pc >= thread.ops.length) return false;
    const kind = thread.ops.kinds[thread.pc]!;
    if (kind !== OP_READ && kind !== OP_WRITE) return false;
    if (Math.floor(thread.ops.values[thread.pc]! / PAGE_SIZE) !== as.vpn[slot]) return false;
    const counters = this.apps[space]!.counters;
    if (kind === OP_WRITE && (f & PTE_WRITABLE) === 0) return false;
    if ((f & PTE_REFERENCED) === 0) this.apps[space]!.referencedSinceTick?.push(as.frame[slot]!);
    if (kind === OP_WRITE) {
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
    as.lastAccess[slot] = ++this.accessSeq;
    if (this.apps[space]!.pager.countsAccesses === true) as.accesses[slot]++;
    thread.pc++;
    // The op was left out of the count when it faulted (see execute): it is done now.
    this.countOps(1);
    return true;
  }

  private satisfyFrameWant(thread: SimThread): void {
    if (!thread.wantsFrame) return;
    thread.wantsFrame = false;
    this.frameWanted--;
  }

  private wakeFrameWaiters(): void {
    if (this.frameWaiters.length === 0) return;
    const waiting = this.frameWaiters;
    this.frameWaiters = [];
    for (const thread of waiting) this.unblock(thread);
  }

  private startIo(thread: SimThread, pages: number): void {
    this.satisfyFrameWant(thread);
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
    this.countEvent();
    if (event.time > this.now) {
      this.checkClock(event.time);
      this.now = event.time;
    }
    event.fire();
  }

  private countEvent(): void {
    if (++this.eventCount > this.eventLimit) throw new Runaway();
  }

  /** Past quantumNs × 2^52 ns a quantum no longer moves the float64 clock: stop rather than run on frozen time. */
  private checkClock(time: number): void {
    const horizon = this.config.quantumNs * CLOCK_HORIZON_QUANTA;
    if (time <= horizon) return;
    throw new SimulationLimitError(
      `the simulated clock passed ${horizon.toExponential(2)} ns (quantumNs × 2^52; at ${time.toExponential(2)} ns), beyond which a quantum no longer moves it: shorten the run (its costs, compute times, disk parameters, workload or prefetches)`,
    );
  }

  private fireDue(): void {
    while (this.events.nextTime <= this.now) this.fireNext();
  }

  private raise<E extends EventName>(event: E, space: number, vpn: number, thread: number, args: EventArgs<E> | (() => EventArgs<E>)) {
    this.countEvent();
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

  /** The SchedulerView of the built-in thread scheduler, pointed at one application for one pick. */
  schedulerViewFor(app: SimApp): SchedulerView {
    return this.schedulerView.focus(app, this.now);
  }

  // ---- pager clock ticks (NFU, Aging) -----------------------------------------------------
  //
  // Ticks fall on the grid tickNs, 2 tickNs, ... of simulated time. A tick at which the
  // application has completed no operation since the last one delivered (it was computing, waiting
  // for the disk, or not running) parks the clock: no more tick events until the application runs
  // again or faults; the next tick then tells the pager how many grid points passed. So ticks cost
  // host time in proportion to the operations run, never to simulated time alone (a tiny tickNs
  // over a long wait, or a float clock too coarse for tickNs, cannot flood the event queue).

  private startPagerClock(app: SimApp): void {
    const { tick, tickNs } = app.pager;
    if (tick === undefined || tickNs === undefined || !(tickNs > 0) || !Number.isFinite(tickNs)) return;
    if (app.strand === "done") return;
    const clock: PagerClock = { tickNs, last: 0, progress: 0, parked: false };
    this.pagerClocks[app.index] = clock;
    app.referencedSinceTick = [];
    this.scheduleTick(app, clock, tickNs);
  }

  private scheduleTick(app: SimApp, clock: PagerClock, due: number): void {
    if (!(due > clock.last)) return; // the float clock no longer resolves tickNs: no more ticks
    this.pendingTicks++;
    this.events.schedule(due, () => this.pagerTick(app, clock, due));
  }

  private pagerTick(app: SimApp, clock: PagerClock, due: number): void {
    this.pendingTicks--;
    if (app.strand === "done") return;
    let progress = 0;
    for (const t of app.threads) progress += t.pc;
    if (progress === clock.progress) {
      clock.parked = true;
      return;
    }
    clock.progress = progress;
    const elapsed = Math.max(1, Math.round((due - clock.last) / clock.tickNs));
    clock.last = due;
    const view = this.view.focus(app, this.spaces, this.now);
    const referenced = app.referencedSinceTick!;
    app.pager.tick!(view, elapsed, referenced);
    // What the pager left referenced (a busy frame it skipped) is listed for the next tick; the
    // rest is done with. The list never holds more than the references since the last tick plus
    // those frames.
    const listed = (this.tickListedMarks ??= new Uint8Array(this.frames.count));
    let kept = 0;
    for (const f of referenced) {
      if (listed[f] !== 0 || view.owner(f) !== app.index || !view.referenced(f)) continue;
      listed[f] = 1;
      referenced[kept++] = f;
    }
    referenced.length = kept;
    for (const f of referenced) listed[f] = 0;
    this.scheduleTick(app, clock, due + clock.tickNs);
  }

  /** The application runs (or faults) again: a parked clock ticks again from the next grid point. */
  private resumePagerClock(app: SimApp): void {
    const clock = this.pagerClocks[app.index];
    if (!clock?.parked) return;
    clock.parked = false;
    this.scheduleTick(app, clock, (Math.floor(this.now / clock.tickNs) + 1) * clock.tickNs);
  }
}

interface PagerClock {
  readonly tickNs: number;
  /** Grid time of the last tick delivered. */
  last: number;
  /** Operations the application had completed then (the sum of its threads' pc). */
  progress: number;
  /** No tick event is pending: the application did nothing at the last one. */
  parked: boolean;
}
