/**
 * `spin bench dispatch`: the cost of one event through the dispatcher as the number of installed
 * handlers grows, for native and sandboxed handlers, with guards that match no event, exactly one,
 * or all of them.
 *
 * Events are raised directly through `dispatcher.raise` (no kernel around it) with a fixed, seeded
 * stream of realistic `Translation.PageNotPresent` arguments: what is measured is dispatch, the
 * guard index, the crossings and the result checks, nothing else. Accounting and host timing are
 * on, as in a run with `--timing`.
 *
 * Layouts of sandboxed handlers:
 *  - one-sandbox-each: N extensions, each in its own sandbox VM with one handler (N crossings
 *    when all match);
 *  - shared: one extension whose N handlers live in one sandbox VM (all matching handlers run in
 *    one `invokeMany` crossing).
 * Every extension is installed on behalf of the application whose faults are raised (the
 * authorizer confines an application's handlers to its own space, so handlers of *other*
 * applications are never even looked at: the guard index files bindings by space).
 *
 * Guards: `none` gives every handler a page range no event touches; `one` gives handler 0 the whole
 * range the events use and the others ranges no event touches; `all` gives none a page range, so
 * each sees every fault of its application.
 */
import { bareCallFunction } from "../bare-call.js";
import { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import type { Binding, Principal } from "../../kernel/dispatcher/binding.js";
import type { Guard } from "../../kernel/dispatcher/guard.js";
import { nativeHandler, type Handler } from "../../kernel/dispatcher/handler.js";
import { catalogue, type EventArgs, type EventName } from "../../kernel/events/catalogue.js";
import { Prng } from "../../kernel/prng.js";
import { SandboxHandlerDomain } from "../../sandbox/handler.js";
import { createSandboxVM, type SandboxVM } from "../../sandbox/vm.js";
import { median, microsPerCall } from "../stats.js";
import type { Kind, Layout, Match, SweepOptions } from "./options.js";

export {
  DEFAULT_HANDLERS,
  DEFAULT_MAX_ONE_EACH,
  DEFAULT_SWEEP,
  KINDS,
  LAYOUTS,
  MATCHES,
  MAX_HANDLERS,
  type Kind,
  type Layout,
  type Match,
  type SweepOptions,
} from "./options.js";

export interface Point {
  /** e.g. "native, match one" or "sandboxed shared, match all". */
  config: string;
  kind: Kind;
  /** "native" for native handlers (one function each, no sandbox). */
  layout: Layout | "native";
  match: Match;
  handlers: number;
  /** Handlers invoked per event (0, 1 or N). */
  matchedPerEvent: number;
  /** Host→sandbox crossings per event. */
  crossingsPerEvent: number;
  /** Cost of one event, µs: median, min and max over the repetitions. */
  medianUs: number;
  minUs: number;
  maxUs: number;
  /** Sandbox instructions (interrupt polls) per event, from the bindings' accounts. */
  instructionsPerEvent: number;
  /** medianUs / matched handlers (the whole event cost when none matches). */
  perHandlerUs: number;
}

export interface AccountRow {
  extension: string;
  bindings: number;
  invocations: number;
  failures: number;
  instructions: number;
  hostUs: number;
  faults: Record<string, number>;
}

export interface SweepResult {
  schema: "spin-bench-dispatch/1";
  machine: { node: string; platform: string; arch: string; cpus: number; cpuModel: string };
  options: Omit<SweepOptions, "maxOneEach"> & { maxOneEach: number | null };
  event: EventName;
  /** Reference points measured in the same run, µs per call. */
  reference: {
    /** Bare quickjs-emscripten callFunction with three number arguments. */
    bareCallUs: number;
    /** The same bare call with an interrupt handler armed and a meter + deadline set up per call, as the sandbox does for untrusted code. */
    bareCallArmedUs: number;
    /** SandboxVM.invoke of a no-op handler, without the dispatcher. */
    vmInvokeUs: number;
  };
  points: Point[];
  /** Per-extension accounts of the largest all-matching configurations (who spent what). */
  accounts: { config: string; handlers: number; rows: AccountRow[] }[];
  /** Competing sandboxed handlers: one spins forever, the others are no-ops; each invocation has its own budget. */
  competition: { events: number; rows: AccountRow[] };
}

const EVENT = "Translation.PageNotPresent" as const;
const OTHER_EVENT = "Disk.IOComplete" as const;
const SPACE = 0;
/** Pages the event stream touches: [0, EVENT_PAGES). Guards that must not match start far above. */
const EVENT_PAGES = 4096;
const NEVER_BASE = 1 << 20;

const noopHandlerSource = (n: number) => `import { defineExtension } from "spin-kernel/extension";
const noop = (args) => ({});
export default defineExtension({ name: "noop-${n}", handlers: {
  "${EVENT}": [${Array.from({ length: n }, () => "noop").join(", ")}],
  "${OTHER_EVENT}": [${Array.from({ length: n }, () => "noop").join(", ")}],
} });`;

const SPINNER_SOURCE = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ name: "spinner", handlers: {
  "${EVENT}": (args) => { for (;;) {} },
} });`;

function guardFor(match: Match, i: number): Guard {
  const never = { lo: NEVER_BASE + i * 16, hi: NEVER_BASE + i * 16 + 15 };
  if (match === "all") return {};
  if (match === "one" && i === 0) return { vpn: { lo: 0, hi: EVENT_PAGES - 1 } };
  return { vpn: never };
}

function makeDispatcher(): Dispatcher {
  const d = new Dispatcher();
  d.timing = true;
  for (const ev of Object.keys(catalogue) as EventName[]) {
    const result = catalogue[ev].synchronous
      ? ev === "Translation.BadAddress" || ev === "Translation.ProtectionFault"
        ? { action: "terminate" }
        : {}
      : undefined;
    d.setDefault(
      ev,
      nativeHandler(`default:${ev}`, () => result as never),
    );
  }
  return d;
}

/** The seeded event stream: faults of application 0 at pages of [0, EVENT_PAGES). */
export function eventStream(count: number, seed: number): EventArgs<typeof EVENT>[] {
  const rng = new Prng(seed);
  return Array.from({ length: count }, () => ({
    space: SPACE,
    thread: rng.int(4),
    vpn: rng.int(EVENT_PAGES),
    access: rng.next() < 0.3 ? ("write" as const) : ("read" as const),
    onSwap: rng.next() < 0.5,
  }));
}

/** Sandbox VMs, created once per sweep and reused across configurations. */
class VmPool {
  private readonly single: SandboxHandlerDomain[] = [];
  private readonly shared = new Map<number, SandboxHandlerDomain>();
  readonly all: SandboxVM[] = [];

  private async create(source: string, name: string): Promise<SandboxHandlerDomain> {
    const r = await createSandboxVM({ source, filename: `${name}.js` });
    if (!r.ok) throw new Error(`bench setup: sandbox VM failed: ${r.error.message}`);
    this.all.push(r.value);
    return new SandboxHandlerDomain(r.value, { sourceFile: `${name}.ts` });
  }

  async singles(n: number, onCreated?: () => void): Promise<SandboxHandlerDomain[]> {
    while (this.single.length < n) {
      this.single.push(await this.create(noopHandlerSource(1), `ext${this.single.length}`));
      onCreated?.();
    }
    return this.single.slice(0, n);
  }

  async sharedOf(n: number): Promise<SandboxHandlerDomain> {
    let d = this.shared.get(n);
    if (!d) {
      d = await this.create(noopHandlerSource(n), `shared${n}`);
      this.shared.set(n, d);
    }
    return d;
  }

  dispose(): void {
    for (const vm of this.all) vm.dispose();
  }
}

interface Installed {
  dispatcher: Dispatcher;
  /** Extension name per binding, for the accounts. */
  owners: Map<Binding, string>;
}

async function install(
  kind: Kind,
  layout: Layout | "native",
  match: Match,
  n: number,
  opts: SweepOptions,
  pool: VmPool,
): Promise<Installed> {
  const dispatcher = makeDispatcher();
  const owners = new Map<Binding, string>();
  const handlers: { handler: Handler; other?: Handler; extension: string }[] = [];
  if (kind === "native") {
    const noop = () => ({});
    for (let i = 0; i < n; i++)
      handlers.push({
        handler: nativeHandler(`native${i}`, noop),
        other: nativeHandler(`native${i}`, noop),
        extension: `native${i}`,
      });
  } else if (layout === "shared") {
    const domain = await pool.sharedOf(n);
    for (let i = 0; i < n; i++) {
      handlers.push({
        handler: domain.handler(EVENT, i, `shared#${i}`),
        other: domain.handler(OTHER_EVENT, i, `shared#${i}`),
        extension: `shared${n}`,
      });
    }
  } else {
    const domains = await pool.singles(n);
    domains.forEach((domain, i) =>
      handlers.push({
        handler: domain.handler(EVENT, 0, `ext${i}`),
        other: domain.handler(OTHER_EVENT, 0, `ext${i}`),
        extension: `ext${i}`,
      }),
    );
  }
  handlers.forEach(({ handler, other, extension }, i) => {
    const principal: Principal = { kind: "application", space: SPACE, name: extension };
    const b = dispatcher.install(EVENT, handler, { principal, guard: guardFor(match, i), options: { cancel: true } });
    owners.set(b, extension);
    if (opts.otherEvent && other)
      owners.set(dispatcher.install(OTHER_EVENT, other, { principal, options: { cancel: true } }), extension);
  });
  return { dispatcher, owners };
}

function accountRows(installed: Installed): AccountRow[] {
  const by = new Map<string, AccountRow>();
  for (const [b, extension] of installed.owners) {
    let row = by.get(extension);
    if (!row)
      by.set(
        extension,
        (row = { extension, bindings: 0, invocations: 0, failures: 0, instructions: 0, hostUs: 0, faults: {} }),
      );
    row.bindings++;
    row.invocations += b.account.invocations;
    row.failures += b.account.failures;
    row.instructions += b.account.instructions;
    row.hostUs += b.account.hostNs / 1000;
    for (const [k, v] of b.account.faultsByKind) row.faults[k] = (row.faults[k] ?? 0) + v;
  }
  return [...by.values()];
}

export function configName(kind: Kind, layout: Layout | "native", match: Match): string {
  return kind === "native" ? `native, match ${match}` : `sandboxed ${layout}, match ${match}`;
}

/** The configurations a sweep measures, in order, with the handler counts of each. */
export function plan(
  opts: SweepOptions,
): { kind: Kind; layout: Layout | "native"; match: Match; handlers: number[] }[] {
  const out: { kind: Kind; layout: Layout | "native"; match: Match; handlers: number[] }[] = [];
  for (const kind of opts.kinds) {
    const layouts: (Layout | "native")[] = kind === "native" ? ["native"] : [...opts.layouts];
    for (const layout of layouts) {
      for (const match of opts.matches) {
        const cap = layout === "one-sandbox-each" && opts.maxOneEach !== undefined ? opts.maxOneEach : Infinity;
        const handlers = opts.handlers.filter((n) => n <= cap);
        if (handlers.length > 0) out.push({ kind, layout, match, handlers });
      }
    }
  }
  return out;
}

/** Per-call µs of `fn` over `iterations` calls after a warm-up: the median of 5 blocks. */
const perCallUs = (iterations: number, fn: (i: number) => void): number => microsPerCall(iterations, fn, 5);

async function measureReference(pool: VmPool): Promise<SweepResult["reference"]> {
  const bare = await bareCallFunction();
  const rt = bare.runtime;
  const call = bare.call;
  const iterations = 10_000;
  // What the sandbox adds for untrusted code around each call: an interrupt handler (QuickJS
  // calls it every 10,000 ticks) and a fresh meter with a deadline read from the host clock.
  // Armed and unarmed blocks alternate, medians of each.
  let meter = { polls: 0, budget: 100, deadline: 0 };
  const interrupt = () => {
    meter.polls++;
    return meter.polls > meter.budget || performance.now() > meter.deadline;
  };
  const armedCall = (i: number) => {
    meter = { polls: 0, budget: 100, deadline: performance.now() + 250 };
    call(i);
  };
  const plain: number[] = [];
  const armed: number[] = [];
  for (let round = 0; round < 5; round++) {
    rt.removeInterruptHandler();
    plain.push(perCallUs(iterations, call));
    rt.setInterruptHandler(interrupt);
    armed.push(perCallUs(iterations, armedCall));
  }
  const bareCallUs = median(plain);
  const bareCallArmedUs = median(armed);
  rt.removeInterruptHandler();
  bare.dispose();

  const domain = await pool.sharedOf(1);
  const args = eventStream(256, 1);
  const vmInvokeUs = perCallUs(iterations / 4, (i) => {
    const r = domain.vm.invoke(EVENT, 0, args[i & 255]);
    if (!r.ok) throw new Error(`bench: no-op handler failed: ${r.error.message}`);
  });
  return { bareCallUs, bareCallArmedUs, vmInvokeUs };
}

async function measureCompetition(pool: VmPool): Promise<SweepResult["competition"]> {
  const dispatcher = makeDispatcher();
  const owners = new Map<Binding, string>();
  const spin = await createSandboxVM({ source: SPINNER_SOURCE, filename: "spinner.js", limits: { budget: 1 } });
  if (!spin.ok) throw new Error(`bench setup: spinner VM failed: ${spin.error.message}`);
  pool.all.push(spin.value);
  const spinner = new SandboxHandlerDomain(spin.value, { sourceFile: "spinner.ts" });
  const principal = (name: string): Principal => ({ kind: "application", space: SPACE, name });
  owners.set(
    dispatcher.install(EVENT, spinner.handler(EVENT, 0, "spinner"), {
      principal: principal("spinner"),
      options: { cancel: true },
    }),
    "spinner",
  );
  const others = await pool.singles(3);
  others.forEach((d, i) =>
    owners.set(
      dispatcher.install(EVENT, d.handler(EVENT, 0, `ext${i}`), {
        principal: principal(`ext${i}`),
        options: { cancel: true },
      }),
      `ext${i}`,
    ),
  );
  const events = eventStream(20, 99);
  for (const args of events) dispatcher.raise(EVENT, { space: SPACE, vpn: args.vpn, thread: args.thread }, args);
  return { events: events.length, rows: accountRows({ dispatcher, owners }) };
}

export interface Progress {
  /** Called once with the number of steps, then after each step. */
  start(total: number): void;
  tick(label: string): void;
  stop(): void;
}

export async function runSweep(opts: SweepOptions, progress?: Progress): Promise<SweepResult> {
  const configs = plan(opts);
  const steps = configs.reduce((n, c) => n + c.handlers.length, 0) + 2;
  progress?.start(steps);
  const pool = new VmPool();
  try {
    const reference = await measureReference(pool);
    progress?.tick("reference");
    const stream = eventStream(opts.events, opts.seed);
    const keys = stream.map((a) => ({ space: a.space, vpn: a.vpn, thread: a.thread }));
    const points: Point[] = [];
    const accounts: SweepResult["accounts"] = [];
    // Every configuration is installed first, warmed up and calibrated; then the repetitions go
    // round all of them in turn, so that JIT warm-up and drift hit every configuration alike.
    interface Run {
      c: (typeof configs)[number];
      n: number;
      installed: Installed;
      raiseAll: (count: number) => void;
      perRep: number;
      before: number;
      samples: number[];
    }
    const runs: Run[] = [];
    for (const c of configs) {
      for (const n of c.handlers) {
        const installed = await install(c.kind, c.layout, c.match, n, opts, pool);
        const d = installed.dispatcher;
        const raiseAll = (count: number) => {
          for (let i = 0; i < count; i++) {
            const k = i % stream.length;
            d.raise(EVENT, keys[k]!, stream[k]!);
          }
        };
        raiseAll(opts.warmup);
        // A repetition raises the stream as many times as it takes to last ~5 ms, so that cheap
        // configurations are not measured over a few hundred microseconds.
        const c0 = performance.now();
        raiseAll(stream.length);
        const passes = Math.max(1, Math.min(1000, Math.ceil(5 / Math.max(1e-3, performance.now() - c0))));
        const before = accountRows(installed).reduce((t, r) => t + r.instructions, 0);
        runs.push({ c, n, installed, raiseAll, perRep: passes * stream.length, before, samples: [] });
      }
    }
    for (let r = 0; r < opts.reps; r++) {
      for (const run of runs) {
        const t0 = performance.now();
        run.raiseAll(run.perRep);
        run.samples.push(((performance.now() - t0) * 1000) / run.perRep);
        if (r === opts.reps - 1) progress?.tick(`${configName(run.c.kind, run.c.layout, run.c.match)} N=${run.n}`);
      }
    }
    for (const { c, n, installed, perRep, before, samples } of runs) {
      const rows = accountRows(installed);
      const instructions = rows.reduce((t, a) => t + a.instructions, 0) - before;
      const failures = rows.reduce((t, a) => t + a.failures, 0);
      if (failures > 0)
        throw new Error(`bench: ${failures} handler failures in ${configName(c.kind, c.layout, c.match)} N=${n}`);
      const matched = c.match === "none" ? 0 : c.match === "one" ? 1 : n;
      const crossings = c.kind === "native" || matched === 0 ? 0 : c.layout === "shared" ? 1 : matched;
      const medianUs = median(samples);
      points.push({
        config: configName(c.kind, c.layout, c.match),
        kind: c.kind,
        layout: c.layout,
        match: c.match,
        handlers: n,
        matchedPerEvent: matched,
        crossingsPerEvent: crossings,
        medianUs,
        minUs: Math.min(...samples),
        maxUs: Math.max(...samples),
        instructionsPerEvent: instructions / (perRep * opts.reps),
        perHandlerUs: medianUs / Math.max(1, matched),
      });
      if (c.match === "all" && n === c.handlers[c.handlers.length - 1]) {
        accounts.push({ config: configName(c.kind, c.layout, c.match), handlers: n, rows });
      }
    }
    const competition = await measureCompetition(pool);
    progress?.tick("competition");
    const os = await import("node:os");
    return {
      schema: "spin-bench-dispatch/1",
      machine: {
        node: process.version,
        platform: process.platform,
        arch: process.arch,
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "unknown",
      },
      options: { ...opts, maxOneEach: opts.maxOneEach ?? null },
      event: EVENT,
      reference,
      points,
      accounts,
      competition,
    };
  } finally {
    progress?.stop();
    pool.dispose();
  }
}
