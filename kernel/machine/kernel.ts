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
 * The Kernel is the machine's one public face: build it, let extensions install handlers in its
 * dispatcher, run it once, and read it through the few read-only verbs of MachineView. Its parts
 * share the machine's state (machine.ts), which nothing else sees:
 *   strands.ts      the global strand scheduler, Strand.Resume, blocking and unblocking
 *   cpu.ts          a strand's quantum and the hot loop of a thread's ops
 *   paging.ts       the fault path: faults, frames, reclaim, write-back, page-in, prefetch, waits
 *   reclaim.ts      which application gives a frame up, and what it is told
 *   progress.ts     the bound on a run's work and the prefetch credits
 *   pager-clock.ts  pager clock ticks
 */
import type { MachineConfig } from "../config.js";
import type { Dispatcher } from "../dispatcher/dispatcher.js";
import type { Mapping } from "./address-space.js";
import { Cpu } from "./cpu.js";
import { checkInvariants, verifyNothingLost, type LostWrite } from "./invariants.js";
import { installAuthorizers, installDefaultHandlers, installValidators } from "./kernel-hooks.js";
import { Machine, Runaway, type PolicyProvider } from "./machine.js";
import type { AppView, DiskCounters, MachineView } from "./machine-view.js";
import { PagerClocks } from "./pager-clock.js";
import { Paging } from "./paging.js";
import { buildReport, type RunReport } from "./report.js";
import { Strands } from "./strands.js";
import { THREAD_DONE } from "./threads.js";
import { Timeline } from "./timeline.js";
import { EventRecorder, type EventSink } from "./event-record.js";

export type { PolicyProvider } from "./machine.js";
export type { EventRecord, EventSink } from "./event-record.js";
export type { AppView, DiskCounters, MachineView, ThreadView } from "./machine-view.js";

export interface RunOptions {
  /** Check the kernel's invariants after every fault and disk completion (slow; for tests and --check). */
  readonly check?: boolean;
  /** Called about every 65,536 ops with references done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Include host-time figures (not deterministic) in the report. */
  readonly timing?: boolean;
  /** Count faults, major faults, evictions and write-backs per window of time (report.timeline). */
  readonly timeline?: boolean;
  /** Hand every event's record to this sink as soon as it is whole (event-record.ts): streamed, never kept. */
  readonly onEvent?: EventSink;
}

export class Kernel implements MachineView {
  /** Where handlers are installed (Dispatcher.i3's verbs); the kernel's defaults are already there. */
  readonly dispatcher: Dispatcher;
  private readonly machine: Machine;
  private readonly strands: Strands;
  private readonly clocks: PagerClocks;
  private readonly cpu: Cpu;
  private readonly paging: Paging;
  private ran = false;

  constructor(
    readonly config: MachineConfig,
    policies: PolicyProvider,
  ) {
    const m = new Machine(config, policies);
    this.machine = m;
    this.dispatcher = m.dispatcher;
    this.strands = new Strands(m);
    this.clocks = new PagerClocks(m);
    this.paging = new Paging(m, this.strands, this.clocks);
    this.cpu = new Cpu(m, this.strands, this.paging, this.clocks);
    installDefaultHandlers(m);
    installAuthorizers(m);
    installValidators(m);
  }

  // ---- what anyone may read (MachineView) --------------------------------------------------

  get now(): number {
    return this.machine.now;
  }

  get apps(): readonly AppView[] {
    return this.machine.apps;
  }

  /** The application (address space) owning a thread, for the authorizer and the loader. */
  threadOwner(thread: number): number {
    return this.machine.threadOwner(thread);
  }

  get frameCount(): number {
    return this.machine.frameCount;
  }

  frameOwner(frame: number): number | undefined {
    return this.machine.frameOwner(frame);
  }

  frameBusy(frame: number): boolean {
    return this.machine.frameBusy(frame);
  }

  mapping(space: number, vpn: number): Mapping | undefined {
    return this.machine.mapping(space, vpn);
  }

  get disk(): DiskCounters {
    return this.machine.disk;
  }

  // ---- the run -------------------------------------------------------------------------------

  /**
   * Strands take the CPU in turn, and due events fire when no strand is ready, until nothing is
   * left to do. A method of its own, so that V8 optimizes it as a function and keeps that code
   * for the next Kernel: inside run(), whose code after the loop runs once, it was compiled on
   * stack and thrown away at the end of every run.
   */
  private schedule(): void {
    const m = this.machine;
    for (;;) {
      const app = this.strands.next();
      if (app) {
        this.cpu.runStrand(app);
        continue;
      }
      if (m.events.size === this.clocks.pending) return;
      m.fireNext();
    }
  }

  run(options: RunOptions = {}): RunReport {
    if (this.ran) throw new Error("a Kernel runs once; make a new one for another run");
    this.ran = true;
    const m = this.machine;
    m.checking = options.check ?? false;
    m.progress = options.onProgress;
    m.dispatcher.timing = options.timing ?? false;
    if (options.onEvent) {
      const recorder = new EventRecorder(options.onEvent);
      m.recorder = recorder;
      m.dispatcher.recorder = (_event, runs, decision) => recorder.decided(recorder.last!, runs, decision);
    }
    if (options.timeline)
      m.timeline = new Timeline(
        m.config.quantumNs,
        m.apps.map((a) => a.name),
      );
    for (const app of m.apps) {
      for (const thread of app.threads) {
        if (thread.ops.length === 0) m.finish(thread);
        else app.ready.push(thread);
      }
      if (app.ready.length > 0) this.strands.enqueue(app);
      else this.strands.done(app);
      this.clocks.start(app);
    }
    try {
      this.schedule();
    } catch (error) {
      if (!(error instanceof Runaway)) throw error;
      m.violations.push({
        invariant: "progress",
        detail: `the run processed more than ${m.eventLimit} events, the bound for its size (docs/MACHINE.md, "Progress"); stopped at t=${m.now} ns`,
      });
    }
    const stuck = m.threads.filter((t) => t.state !== THREAD_DONE);
    for (const t of stuck)
      m.violations.push({
        invariant: "progress",
        detail: `thread ${t.name} of ${m.apps[t.app]!.name} never finished (state ${t.state})`,
      });
    m.violations.push(...checkInvariants(m.frames, m.spaces));
    this.paging.settleReadAhead();
    m.recorder?.close();
    const lost: LostWrite[] = verifyNothingLost(
      m.frames,
      m.spaces,
      m.swapContent,
      m.apps.map((a) => a.name),
    );
    m.progress?.(m.totalOps, m.totalOps);
    const report = buildReport(m, m.dispatcher, m.violations, lost, options.timing ?? false);
    return m.timeline ? { ...report, timeline: m.timeline.report(m.now) } : report;
  }
}
