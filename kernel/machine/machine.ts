/**
 * The machine's state, shared by the kernel's parts (strands.ts, pager-clock.ts, paging.ts,
 * cpu.ts) and private to kernel/machine: nothing outside this folder imports it (the layer rules
 * in .dependency-cruiser.cjs say so); the rest of the project sees the machine through the Kernel
 * (kernel.ts) and the read-only MachineView it offers.
 *
 * Besides the tables it holds the plumbing every part uses: raising an event through the
 * dispatcher, firing due events, the simulated clock's horizon, the op count and progress.
 */
import {
  CLOCK_HORIZON_QUANTA,
  MachineConfigError,
  SimulationLimitError,
  checkMachineConfig,
  type MachineConfig,
  type PolicyChoice,
} from "../config.js";
import type { Binding } from "../dispatcher/binding.js";
import { Dispatcher, type EventChannel } from "../dispatcher/dispatcher.js";
import type { EventKey } from "../dispatcher/guard.js";
import { catalogue, type EventArgs, type EventName, type EventResult } from "../events/catalogue.js";
import type { PagerPolicy, PagerView, SchedulerPolicy, SchedulerView } from "../policy.js";
import { Prng } from "../prng.js";
import { AddressSpace, type Mapping } from "./address-space.js";
import { Disk } from "./disk.js";
import type { Transfer } from "./transfer.js";
import { EventQueue } from "./event-queue.js";
import { FrameTable } from "./frame-table.js";
import { checkInvariants, type InvariantViolation } from "./invariants.js";
import type { MachineView } from "./machine-view.js";
import { MachinePagerView } from "./pager-view.js";
import { PREFETCH_WINDOW, eventBound, runSize } from "./progress.js";
import { MachineSchedulerView } from "./scheduler-view.js";
import { SimApp, SimThread, THREAD_DONE } from "./threads.js";
import type { Timeline } from "./timeline.js";
import type { EventRecorder } from "./event-record.js";

/** Where the kernel gets each application's pager and thread scheduler (policies/registry.ts, or a test's own). */
export interface PolicyProvider {
  createPager(choice: PolicyChoice): PagerPolicy;
  createScheduler(choice: PolicyChoice): SchedulerPolicy;
}

/** Progress is reported, and the op count flushed from the hot loop's locals, every this many ops. */
export const PROGRESS_EVERY = 0x10000;

/** Thrown out of the run when it processed more events than eventBound allows: a kernel bug. */
export class Runaway extends Error {}

export class Machine implements MachineView {
  readonly dispatcher = new Dispatcher();
  /** Every event's handle in the dispatcher, by name: what the kernel raises (no lookup by name per raise). */
  readonly on = eventChannels(this.dispatcher);
  readonly apps: SimApp[];
  readonly frames: FrameTable;
  readonly disk: Disk<Transfer>;
  /** What a finished transfer does: set by the fault path (paging.ts), which submits them. */
  transferDone: (transfer: Transfer) => void = () => {
    throw new Error("kernel bug: a disk transfer finished before the fault path was set up");
  };
  readonly events = new EventQueue();
  readonly spaces: AddressSpace[];
  readonly threads: SimThread[] = [];
  now = 0;
  /** Version stamp of the last write anywhere: each write stores a new one. */
  writeCount = 0;
  /**
   * The recency clock: every memory access and every page load takes the next number, which the
   * page's lastAccess register keeps. Logical, not simulated time, so that no two accesses ever tie
   * (several can happen in one simulated nanosecond: a retired access, a zero-cost access).
   */
  accessSeq = 0;
  /** Page contents on swap, by swap slot (the version stamp of the page's last write). */
  swapContent = new Float64Array(1024);
  swapUsed = 0;
  /** The PagerView of the built-in pagers and of pager ticks, focused on one application at a time. */
  readonly pagerView: MachinePagerView;
  readonly ioPrng: Prng;
  /** Invariant checks after every fault and disk completion (RunOptions.check), and what they found. */
  checking = false;
  readonly violations: InvariantViolation[] = [];
  /** Events processed so far (raised, disk completions) and the most a run of this size may process. */
  private eventCount = 0;
  readonly eventLimit: number;
  private readonly schedulerView: MachineSchedulerView;
  private readonly key = { space: 0, vpn: 0, thread: 0 };
  private opsDone = 0;
  /** quantumNs × CLOCK_HORIZON_QUANTA (checkClock), computed once. */
  private readonly clockHorizon: number;
  private nextProgress = PROGRESS_EVERY;
  readonly totalOps: number;
  progress: ((done: number, total: number) => void) | undefined;
  /** Faults, evictions and write-backs per window of time, when the run was asked for it. */
  timeline: Timeline | undefined;
  /** The per-event record, when the run was asked for it. */
  recorder: EventRecorder | undefined;

  constructor(
    readonly config: MachineConfig,
    policies: PolicyProvider,
  ) {
    const { problems, computeSlices } = checkMachineConfig(config);
    if (problems.length > 0) throw new MachineConfigError(problems);
    this.eventLimit = eventBound(runSize(config, computeSlices));
    this.clockHorizon = config.quantumNs * CLOCK_HORIZON_QUANTA;
    const root = new Prng(config.seed);
    this.frames = new FrameTable(config.frames);
    this.pagerView = new MachinePagerView(this.frames);
    this.schedulerView = new MachineSchedulerView(root.fork("schedulers"), config.quantumNs, config.costs);
    this.disk = new Disk<Transfer>(
      config.disk,
      root.fork("disk"),
      this.events,
      () => this.now,
      (transfer) => this.transferDone(transfer),
    );
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
    this.dispatcher.charger = this.chargeInvocation;
  }

  /**
   * An extension's invocation in simulated time: its crossing (when it entered its domain) plus
   * its work, its fuel at fuelUnitNs or its interrupt polls at pollNs (QuickJS: work in C builtins
   * counts ticks, not fuel), whichever costs more, added to the clock (the one CPU ran it) and to the account of the
   * application on whose behalf it ran: the binding's principal, or the event's application for
   * a kernel binding. Handlers with no crossing (the built-in policies) cost nothing here.
   */
  private readonly chargeInvocation = (
    binding: Binding,
    crossed: boolean,
    fuel: number,
    key: EventKey,
    polls: number,
  ): number => {
    const crossing = binding.handler.crossing;
    if (crossing === undefined) return 0;
    const costs = this.config.costs;
    const ns = (crossed ? costs[crossing] : 0) + Math.max(fuel * costs.fuelUnitNs, polls * costs.pollNs);
    this.now += ns;
    const p = binding.principal;
    const app = this.apps[p.kind === "application" ? p.space : key.space];
    if (app !== undefined) {
      app.counters.extensionNs += ns;
      app.counters.extensionFuel += fuel;
      app.counters.extensionCalls++;
    }
    return ns;
  };

  // ---- the read-only view (MachineView) --------------------------------------------------

  threadOwner(thread: number): number {
    return this.threads[thread]?.app ?? -1;
  }

  get frameCount(): number {
    return this.frames.count;
  }

  frameOwner(frame: number): number | undefined {
    return this.frames.owner[frame];
  }

  frameBusy(frame: number): boolean {
    return this.frames.busy[frame] !== 0;
  }

  mapping(space: number, vpn: number): Mapping | undefined {
    return this.spaces[space]?.examine(vpn);
  }

  /** The PagerView of application `space`'s built-in pager, focused on it now. */
  pagerViewOf(space: number): PagerView {
    return this.pagerView.focus(this.apps[space]!, this.spaces, this.now);
  }

  /** The SchedulerView of application `space`'s built-in thread scheduler, focused on it now. */
  schedulerViewOf(space: number): SchedulerView {
    return this.schedulerView.focus(this.apps[space]!, this.now);
  }

  // ---- events ----------------------------------------------------------------------------

  /** Raise an event (its handle in `on`) about page `vpn` of `space` and `thread` (-1: none). */
  raise<E extends EventName>(
    event: EventChannel<E>,
    space: number,
    vpn: number,
    thread: number,
    args: EventArgs<E> | (() => EventArgs<E>),
  ): EventResult<E> {
    this.countEvent();
    const key = this.key;
    key.space = space;
    key.vpn = vpn;
    key.thread = thread;
    this.recorder?.open(
      this.now,
      event.event,
      this.apps[space]?.name ?? "",
      thread >= 0 ? this.threads[thread]?.name : undefined,
      vpn,
    );
    return this.dispatcher.raiseOn(event, key as EventKey, args);
  }

  notify<E extends EventName>(
    event: EventChannel<E>,
    space: number,
    vpn: number,
    thread: number,
    args: () => EventArgs<E>,
  ): void {
    this.raise(event, space, vpn, thread, args);
  }

  /** Whether a handler other than the default is bound for `event` in `space` (the key of Strand.Resume). */
  hasBindings(event: EventChannel<EventName>, space: number): boolean {
    const key = this.key;
    key.space = space;
    key.vpn = -1;
    key.thread = -1;
    return this.dispatcher.hasBindings(event, key);
  }

  fireNext(): void {
    const event = this.events.pop();
    if (!event) return;
    this.countEvent();
    if (event.time > this.now) {
      this.checkClock(event.time);
      this.now = event.time;
    }
    event.fire();
  }

  fireDue(): void {
    while (this.events.nextTime <= this.now) this.fireNext();
  }

  private countEvent(): void {
    if (++this.eventCount > this.eventLimit) throw new Runaway();
  }

  /** Past quantumNs × 2^52 ns a quantum no longer moves the float64 clock: stop rather than run on frozen time. */
  checkClock(time: number): void {
    if (time <= this.clockHorizon) return;
    const horizon = this.clockHorizon;
    throw new SimulationLimitError(
      `the simulated clock passed ${horizon.toExponential(2)} ns (quantumNs × 2^52; at ${time.toExponential(2)} ns), beyond which a quantum no longer moves it: shorten the run (its costs, compute times, disk parameters, workload or prefetches)`,
    );
  }

  checkNow(): void {
    if (this.checking) this.violations.push(...checkInvariants(this.frames, this.spaces));
  }

  // ---- ops and threads -------------------------------------------------------------------

  /** Adds executed ops and reports progress each time another PROGRESS_EVERY are done, on every
   * path (a run where every reference faults never reaches the hit path's own count). */
  countOps(ops: number): void {
    this.opsDone += ops;
    if (this.opsDone >= this.nextProgress) {
      this.nextProgress = this.opsDone + PROGRESS_EVERY;
      this.progress?.(this.opsDone, this.totalOps);
    }
  }

  finish(thread: SimThread): void {
    thread.state = THREAD_DONE;
    thread.finishedAt = this.now;
  }
}

function eventChannels(dispatcher: Dispatcher): { readonly [E in EventName]: EventChannel<E> } {
  const on: Partial<Record<EventName, EventChannel<EventName>>> = {};
  for (const name of Object.keys(catalogue) as EventName[]) on[name] = dispatcher.channel(name);
  return on as { readonly [E in EventName]: EventChannel<E> };
}
