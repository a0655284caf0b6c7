/**
 * The CPU: a strand runs its threads for one quantum, and a thread runs its ops in the hot loop.
 *
 * The hit path (a reference to a present page) is a Map lookup, a few typed-array stores and an
 * add to the clock; it allocates nothing and raises no event. Everything else (a miss, an I/O op,
 * a due event) leaves the loop through a call out, after the loop's locals are written back.
 */
import type { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, PAGE_SIZE } from "../workload.js";
import type { PTE_DIRTY, PTE_PRESENT, PTE_REFERENCED, PTE_WRITABLE } from "./address-space.js";
import type { Machine, PROGRESS_EVERY } from "./machine.js";
import type { PagerClocks } from "./pager-clock.js";
import { Miss, type Paging } from "./paging.js";
import type { Strands } from "./strands.js";
import { THREAD_BLOCKED, THREAD_DONE, THREAD_READY, type SimApp, type SimThread } from "./threads.js";

/**
 * What the hot loop compares with, as literals of this module (each one's type is the exported
 * constant's, so the compiler checks they agree). An imported binding is read through its module
 * cell with a check that it is initialized, at every use; a literal is a constant to V8. The op
 * kinds as literals made the hit path a quarter faster.
 */
const READ: typeof OP_READ = 0;
const WRITE: typeof OP_WRITE = 1;
const COMPUTE: typeof OP_COMPUTE = 2;
const IO: typeof OP_IO = 3;
const PAGE: typeof PAGE_SIZE = 4096;
const PRESENT: typeof PTE_PRESENT = 1;
const REFERENCED: typeof PTE_REFERENCED = 2;
const DIRTY: typeof PTE_DIRTY = 4;
const WRITABLE: typeof PTE_WRITABLE = 8;
const PROGRESS: typeof PROGRESS_EVERY = 0x10000;

const enum Exit {
  Preempted,
  Blocked,
  Done,
}

export class Cpu {
  /** The strand that ran last: switching to another costs switchNs. */
  private lastStrand = -1;

  constructor(
    private readonly m: Machine,
    private readonly strands: Strands,
    private readonly paging: Paging,
    private readonly clocks: PagerClocks,
  ) {}

  /** Run `app`'s strand for one quantum: its thread scheduler picks a thread, which runs, and so on. */
  runStrand(app: SimApp): void {
    const m = this.m;
    app.strand = "running";
    this.clocks.resume(app);
    if (this.lastStrand !== app.index) m.now += m.config.costs.switchNs;
    this.lastStrand = app.index;
    const sliceStart = m.now;
    const sliceEnd = m.now + m.config.quantumNs;
    for (;;) {
      if (app.ready.length === 0) {
        if (allDone(app.threads)) this.strands.done(app);
        else app.strand = "blocked";
        return;
      }
      const thread = this.strands.resume(app);
      const started = m.now;
      const exit = this.execute(thread, sliceEnd);
      // Unless it has just found every frame busy again, it has had its turn at the CPU since
      // it last did (miss() and startIo() clear the want when they see it).
      if (thread.state !== THREAD_BLOCKED) this.paging.satisfyFrameWant(thread);
      thread.ranNs += m.now - started;
      app.counters.cpuNs += m.now - started;
      m.checkClock(m.now);
      if (exit === Exit.Preempted) {
        thread.state = THREAD_READY;
        thread.readySince = m.now;
        app.ready.push(thread);
        const ranNs = m.now - sliceStart;
        m.notify(m.on["Strand.Checkpoint"], app.index, -1, thread.id, () => ({
          space: app.index,
          strand: app.index,
          thread: thread.id,
          ranNs,
        }));
        this.strands.enqueue(app);
        return;
      }
      if (m.now >= sliceEnd && app.ready.length > 0) {
        this.strands.enqueue(app);
        return;
      }
    }
  }

  /**
   * Run `thread` until the slice ends, it blocks, or it finishes. Two rules make every slice
   * progress, whatever the numbers (see "Progress" in docs/MACHINE.md):
   *  - a thread is preempted only once it has made progress in this slice (an op retired, or part
   *    of a compute op done); a slice that starts at or past its end (a quantum too short for the
   *    clock to count) still runs one op, and a compute op then runs for one quantum;
   *  - the access a zero-fill was for is done in the fault itself, before the end of the slice or
   *    any due event is looked at (a page-in's access is done when the page arrives, see
   *    Paging.retireAccess).
   */
  private execute(thread: SimThread, sliceEnd: number): Exit {
    const m = this.m;
    const app = m.apps[thread.app]!;
    const space = app.space;
    const { kinds, values, length } = thread.ops;
    const accessNs = m.config.costs.accessNs;
    const content = m.frames.content;
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
    let now = m.now;
    let writeCount = m.writeCount;
    let ops = 0;
    // The recency clock rides on the op count: an access stamps seqBase + ops, just after ops was
    // incremented for it, so stamps strictly increase; seqBase + ops is written back to accessSeq
    // (never below the last stamp) at every call out, and read again after. A counter of its own
    // cost 15% of the hit path.
    let seqBase = m.accessSeq;
    // Events are only scheduled by what the loop calls out to (fireDue, miss), so the next one's
    // time is read once here and after each call out; one comparison covers both limits.
    let limit = Math.min(sliceEnd, m.events.nextTime);
    // Where this slice started: the thread may be preempted only after it moved on from here.
    const startPc = pc;
    const startCompute = thread.computeLeft;
    // No closures over these locals: V8 would box the captured numbers, one allocation per op.

    while (pc < length) {
      // The hit loop: references to present pages, until the slice's limit or an op that is not
      // such a hit. It decides before it changes anything, so that an op it leaves is done by the
      // code below with every local as it was.
      while (now < limit && pc < length) {
        const kind = kinds[pc]!;
        if (kind !== READ && kind !== WRITE) break;
        const vpn = Math.floor(values[pc]! / PAGE);
        const slot = vpn === lastVpn ? lastSlot : space.lookup(vpn);
        // Kept for the code below, which then does not look the page up again on a miss.
        lastVpn = vpn;
        lastSlot = slot;
        if (slot < 0) break;
        const f = flags[slot]!;
        if ((f & PRESENT) === 0 || (kind === WRITE && (f & WRITABLE) === 0)) break;
        if (++ops === PROGRESS) {
          m.countOps(ops);
          seqBase += ops;
          ops = 0;
        }
        if ((f & REFERENCED) === 0 && tickRefs !== null) tickRefs.push(frameOf[slot]!);
        if (kind === WRITE) {
          flags[slot] = f | REFERENCED | DIRTY;
          const version = ++writeCount;
          content[frameOf[slot]!] = version;
          expected[slot] = version;
          writes++;
        } else {
          flags[slot] = f | REFERENCED;
          reads++;
        }
        lastAccess[slot] = seqBase + ops;
        if (countAccesses) accesses[slot]++;
        now += accessNs;
        pc++;
      }
      if (pc >= length) break;
      if (now >= limit) {
        if (now >= sliceEnd && (pc !== startPc || thread.computeLeft !== startCompute)) {
          exit = Exit.Preempted;
          break;
        }
        thread.pc = pc;
        m.now = now;
        m.writeCount = writeCount;
        m.accessSeq = seqBase + ops;
        m.countOps(ops);
        ops = 0;
        counters.reads += reads;
        counters.writes += writes;
        counters.references += reads + writes;
        reads = 0;
        writes = 0;
        m.fireDue();
        now = m.now;
        writeCount = m.writeCount;
        seqBase = m.accessSeq;
        limit = Math.min(sliceEnd, m.events.nextTime);
        ({ flags, frame: frameOf, lastAccess, accesses, expected } = space);
        lastVpn = -1;
      }
      if (++ops === PROGRESS) {
        m.countOps(ops);
        seqBase += ops;
        ops = 0;
      }
      const kind = kinds[pc]!;
      if (kind === READ || kind === WRITE) {
        const vpn = Math.floor(values[pc]! / PAGE);
        const slot = vpn === lastVpn ? lastSlot : space.lookup(vpn);
        if (slot >= 0) {
          const f = flags[slot]!;
          if ((f & PRESENT) !== 0 && (kind === READ || (f & WRITABLE) !== 0)) {
            if ((f & REFERENCED) === 0 && tickRefs !== null) tickRefs.push(frameOf[slot]!);
            if (kind === WRITE) {
              flags[slot] = f | REFERENCED | DIRTY;
              const version = ++writeCount;
              content[frameOf[slot]!] = version;
              expected[slot] = version;
              writes++;
            } else {
              flags[slot] = f | REFERENCED;
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
        m.now = now;
        m.writeCount = writeCount;
        m.accessSeq = seqBase + ops;
        // The faulting op is not done yet: it counts when it completes (after the fault, or skipped).
        m.countOps(ops - 1);
        ops = 0;
        counters.reads += reads;
        counters.writes += writes;
        counters.references += reads + writes;
        reads = 0;
        writes = 0;
        const miss = this.paging.miss(thread, vpn, kind === WRITE, slot);
        now = m.now;
        writeCount = m.writeCount;
        seqBase = m.accessSeq;
        limit = Math.min(sliceEnd, m.events.nextTime);
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
      if (kind === COMPUTE) {
        const left = thread.computeLeft >= 0 ? thread.computeLeft : values[pc]!;
        // Up to the next event or the end of the slice; a slice already over (its first op, see
        // above) computes for one quantum, so that every slice moves the op on.
        const room = limit - now;
        const step = Math.min(left, room > 0 ? room : m.config.quantumNs);
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
      if (kind === IO) {
        pc++;
        thread.pc = pc;
        m.now = now;
        m.writeCount = writeCount;
        m.accessSeq = seqBase + ops;
        m.countOps(ops);
        ops = 0;
        this.paging.startIo(thread, values[pc - 1]!);
        exit = Exit.Blocked;
        break;
      }
      pc++;
    }
    thread.pc = pc;
    m.now = now;
    m.writeCount = writeCount;
    m.accessSeq = seqBase + ops;
    m.countOps(ops);
    counters.reads += reads;
    counters.writes += writes;
    counters.references += reads + writes;
    if (exit === Exit.Done) m.finish(thread);
    return exit;
  }
}

function allDone(threads: readonly SimThread[]): boolean {
  for (let i = 0; i < threads.length; i++) if (threads[i]!.state !== THREAD_DONE) return false;
  return true;
}
