/**
 * The result of a run, as data: what `spin run` prints and what `--json` writes. Keys are stable
 * (bpftool's rule): host-time figures appear only when asked for, because they are the one thing
 * in a run that does not repeat byte for byte.
 */
import { eventNames, type EventName } from "../events/catalogue.js";
import { describeGuard } from "../dispatcher/guard.js";
import type { Dispatcher } from "../dispatcher/dispatcher.js";
import type { InvariantViolation, LostWrite } from "./invariants.js";
import type { MachineView } from "./machine-view.js";
import type { TimelineReport } from "./timeline.js";

export interface AppReport {
  readonly name: string;
  readonly priority: "high" | "low";
  readonly pager: string;
  readonly scheduler: string;
  readonly threads: number;
  readonly references: number;
  readonly reads: number;
  readonly writes: number;
  readonly faults: number;
  readonly majorFaults: number;
  readonly minorFaults: number;
  readonly evictions: number;
  readonly writeBacks: number;
  readonly prefetches: number;
  /** Of the pages read ahead: used by a reference while resident, evicted unused, never used by the end. */
  readonly prefetchUsed: number;
  readonly prefetchWasted: number;
  readonly prefetchUnused: number;
  readonly ioRequests: number;
  readonly badAddress: number;
  readonly protectionFaults: number;
  readonly cpuNs: number;
  /** Simulated time charged for extension handlers run on its behalf (docs/MACHINE.md, "Extensions"). */
  readonly extensionNs: number;
  readonly extensionFuel: number;
  readonly extensionCalls: number;
  /** Its bindings' accounts summed (the handlers it installed, those the watchdog took back included). */
  readonly handlerAccount: AppAccount;
  readonly residentAtEnd: number;
  readonly finishedNs: number;
  readonly killed: readonly { readonly thread: string; readonly reason: string }[];
}

/**
 * An application's part of the dispatcher's accounts: the sum of the accounts of every binding it
 * installed (its principal), unloaded ones included, as HandlerReport counts them per binding.
 */
export interface AppAccount extends AccountFigures {
  readonly bindings: number;
  /** Of those, taken back (the watchdog's unload). */
  readonly unloaded: number;
  /** Host time in its handlers (ns); only with `timing`. */
  readonly hostNs?: number;
}

/**
 * One thread's figures, OSTEP's scheduling metrics (every thread arrives at time 0):
 * turnaround = completion − arrival, response = first run − arrival, waiting = time ready but
 * not running; blocked = turnaround − running − waiting (page-ins, I/O, waiting for a frame).
 * `cpuShare` is its running time over all threads' running time. A thread that never finished
 * (or never ran) has -1 where a time is missing.
 */
export interface ThreadReport {
  readonly app: string;
  readonly thread: string;
  readonly turnaroundNs: number;
  readonly responseNs: number;
  readonly waitingNs: number;
  readonly runNs: number;
  readonly blockedNs: number;
  readonly cpuShare: number;
}

/** What a binding's account counts (HandlerReport), and an application's sum of them (AppAccount). */
export interface AccountFigures {
  readonly invocations: number;
  readonly failures: number;
  readonly instructions: number;
  /** Exact work in fuel units, where the handler's engine counts it. */
  readonly fuel: number;
  /** Simulated time charged for its invocations (ns). */
  readonly chargedNs: number;
  /** Invocations that ran in a batch: their host time is a share of the crossing's (by fuel). */
  readonly batched: number;
}

export interface HandlerReport extends AccountFigures {
  readonly id: number;
  readonly event: EventName;
  readonly handler: string;
  readonly kind: "native" | "sandboxed";
  readonly principal: string;
  readonly guard: string;
  readonly options: string;
  /** False once uninstalled (an extension the watchdog unloaded): its account is still here. */
  readonly installed: boolean;
  readonly faults: Readonly<Record<string, number>>;
  readonly lastFault?: string;
  readonly hostNs?: number;
  readonly worstHostNs?: number;
}

/** One event's counts, and the default handler's (the built-in policy's) own account. */
export interface EventReport {
  readonly raised: number;
  readonly defaultRuns: number;
  /** Host time in the default handler (ns); only with `timing`. */
  readonly defaultHostNs?: number;
  readonly defaultWorstHostNs?: number;
}

export interface RunReport {
  readonly scenario: string;
  readonly seed: number;
  readonly frames: number;
  readonly simulatedNs: number;
  readonly totals: {
    readonly references: number;
    readonly faults: number;
    readonly majorFaults: number;
    readonly minorFaults: number;
    readonly evictions: number;
    readonly writeBacks: number;
    readonly prefetches: number;
    readonly diskReads: number;
    readonly diskWrites: number;
    readonly diskIos: number;
    readonly diskBusyNs: number;
    /** Time requests waited behind others before their service began, all together; and the longest queue. */
    readonly diskQueueNs: number;
    readonly diskMaxQueue: number;
    readonly prefetchUsed: number;
    readonly prefetchWasted: number;
    readonly prefetchUnused: number;
  };
  readonly apps: readonly AppReport[];
  readonly threads: readonly ThreadReport[];
  readonly handlers: readonly HandlerReport[];
  readonly events: Readonly<Record<string, EventReport>>;
  /** Only when the run was asked for it (RunOptions.timeline). */
  readonly timeline?: TimelineReport;
  readonly check: {
    readonly ok: boolean;
    readonly violations: readonly InvariantViolation[];
    readonly lostWrites: readonly LostWrite[];
  };
}

export function buildReport(
  machine: MachineView,
  dispatcher: Dispatcher,
  violations: readonly InvariantViolation[],
  lost: readonly LostWrite[],
  timing: boolean,
): RunReport {
  const resident = new Array<number>(machine.apps.length).fill(0);
  for (let f = 0; f < machine.frameCount; f++) {
    const owner = machine.frameOwner(f)!;
    if (owner >= 0) resident[owner]!++;
  }
  const accounts = appAccounts(machine.apps.length, dispatcher, timing);
  const apps: AppReport[] = machine.apps.map((app) => {
    const c = app.counters;
    return {
      name: app.name,
      priority: app.spec.priority,
      pager: app.pager.name,
      scheduler: app.scheduler.name,
      threads: app.threads.length,
      references: c.references,
      reads: c.reads,
      writes: c.writes,
      faults: c.faults,
      majorFaults: c.majorFaults,
      minorFaults: c.minorFaults,
      evictions: c.evictions,
      writeBacks: c.writeBacks,
      prefetches: c.prefetches,
      prefetchUsed: c.prefetchUsed,
      prefetchWasted: c.prefetchWasted,
      prefetchUnused: c.prefetchUnused,
      ioRequests: c.ioRequests,
      badAddress: c.badAddress,
      protectionFaults: c.protectionFaults,
      cpuNs: c.cpuNs,
      extensionNs: c.extensionNs,
      extensionFuel: c.extensionFuel,
      extensionCalls: c.extensionCalls,
      handlerAccount: accounts[app.index]!,
      residentAtEnd: resident[app.index]!,
      finishedNs: app.finishedAt,
      killed: app.threads.filter((t) => t.killed).map((t) => ({ thread: t.name, reason: t.killed! })),
    };
  });
  const sum = (key: keyof AppReport) => apps.reduce((total, app) => total + (app[key] as number), 0);
  // Every binding of the run, those the watchdog took back included: what they spent stays on record.
  const handlers: HandlerReport[] = dispatcher.everBound().map((b) => {
    const a = b.account;
    const options = [b.options.first && "first", b.options.last && "last", b.options.cancel && "cancel"]
      .filter(Boolean)
      .join(",");
    return {
      id: b.id,
      event: b.event,
      handler: b.handler.name,
      kind: b.handler.kind,
      principal: b.principal.kind === "kernel" ? "kernel" : b.principal.name,
      guard: describeGuard(b.guard),
      options: options || "none",
      installed: b.installed,
      invocations: a.invocations,
      failures: a.failures,
      instructions: a.instructions,
      fuel: a.fuel,
      chargedNs: a.chargedNs,
      batched: a.batched,
      faults: Object.fromEntries([...a.faultsByKind.entries()].sort()),
      ...(a.lastFault ? { lastFault: a.lastFault.message } : {}),
      ...(timing ? { hostNs: Math.round(a.hostNs), worstHostNs: Math.round(a.worstHostNs) } : {}),
    };
  });
  const events: Record<string, EventReport> = {};
  for (const name of eventNames) {
    const d = dispatcher.defaultAccount(name);
    events[name] = {
      raised: dispatcher.raisedCount(name),
      defaultRuns: d.invocations,
      ...(timing ? { defaultHostNs: Math.round(d.hostNs), defaultWorstHostNs: Math.round(d.worstHostNs) } : {}),
    };
  }
  return {
    scenario: machine.config.name,
    seed: machine.config.seed,
    frames: machine.config.frames,
    simulatedNs: machine.now,
    totals: {
      references: sum("references"),
      faults: sum("faults"),
      majorFaults: sum("majorFaults"),
      minorFaults: sum("minorFaults"),
      evictions: sum("evictions"),
      writeBacks: sum("writeBacks"),
      prefetches: sum("prefetches"),
      diskReads: machine.disk.reads,
      diskWrites: machine.disk.writes,
      diskIos: machine.disk.ios,
      diskBusyNs: machine.disk.busyNs,
      diskQueueNs: machine.disk.queueNs,
      diskMaxQueue: machine.disk.maxQueue,
      prefetchUsed: sum("prefetchUsed"),
      prefetchWasted: sum("prefetchWasted"),
      prefetchUnused: sum("prefetchUnused"),
    },
    apps,
    threads: threadReports(machine),
    handlers,
    events,
    check: { ok: violations.length === 0 && lost.length === 0, violations, lostWrites: lost },
  };
}

/** Each application's bindings' accounts, summed (kernel bindings belong to no application). */
function appAccounts(count: number, dispatcher: Dispatcher, timing: boolean): AppAccount[] {
  const sums = Array.from({ length: count }, () => ({
    bindings: 0,
    unloaded: 0,
    invocations: 0,
    failures: 0,
    instructions: 0,
    fuel: 0,
    chargedNs: 0,
    batched: 0,
    hostNs: 0,
  }));
  for (const b of dispatcher.everBound()) {
    const sum = b.principal.kind === "application" ? sums[b.principal.space] : undefined;
    if (sum === undefined) continue;
    const a = b.account;
    sum.bindings++;
    if (!b.installed) sum.unloaded++;
    sum.invocations += a.invocations;
    sum.failures += a.failures;
    sum.instructions += a.instructions;
    sum.fuel += a.fuel;
    sum.chargedNs += a.chargedNs;
    sum.batched += a.batched;
    sum.hostNs += a.hostNs;
  }
  return sums.map(({ hostNs, ...rest }) => (timing ? { ...rest, hostNs: Math.round(hostNs) } : rest));
}

function threadReports(machine: MachineView): ThreadReport[] {
  let totalRun = 0;
  for (const app of machine.apps) for (const t of app.threads) totalRun += t.ranNs;
  const out: ThreadReport[] = [];
  for (const app of machine.apps) {
    for (const t of app.threads) {
      const turnaround = t.finishedAt;
      out.push({
        app: app.name,
        thread: t.name,
        turnaroundNs: turnaround,
        responseNs: t.firstRunAt,
        waitingNs: t.waitingNs,
        runNs: t.ranNs,
        blockedNs: turnaround < 0 ? -1 : turnaround - t.ranNs - t.waitingNs,
        cpuShare: totalRun === 0 ? 0 : t.ranNs / totalRun,
      });
    }
  }
  return out;
}
