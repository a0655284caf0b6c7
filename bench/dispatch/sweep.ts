/**
 * `spin bench dispatch`: the cost of one event through the dispatcher as the number of installed
 * handlers grows, for any event of the catalogue, in every placement of the registry and as
 * built-in (trusted native) handlers, with guards that match no event, exactly one handler, or
 * all of them.
 *
 * Events are raised directly through `dispatcher.raise` (no kernel around it) with a fixed,
 * seeded stream of realistic arguments (events.ts): what is measured is dispatch, the guard index,
 * the crossings, the handlers and the result checks, nothing else. Accounting and host timing are
 * on, as in a run with `--timing`.
 *
 * Layouts of placed handlers (M extensions × K handlers each on the event, one VM per extension):
 *  - one-sandbox-each: N extensions of one handler (N crossings when all match);
 *  - shared: one extension with N handlers (all matching handlers run in one `invokeMany`);
 *  - `--grid MxK`: anything between;
 *  - `--ext file.ts`: M copies of a real extension, each with the K handlers it binds to the event.
 * Extension e belongs to application e mod `apps` (a built-in handler i to application i mod
 * `apps`); the stream's events concern the applications in turn, so with several applications
 * their handlers compete for the same dispatcher.
 *
 * Guards, within each application (its first handler, and the others): `none` gives every
 * handler a guard no event matches, `one` a guard every event of its application matches to the
 * first handler only, `all` lets every handler see every event of its application. Guards are on
 * a page range (`vpn`), a thread (`thread`: the stream then uses one thread) or the address space
 * (`space`: a handler that must not match is installed by an application that raises nothing).
 *
 * Every event is timed alone (one clock read per event: its cost is in the reference points), so
 * each configuration has a latency distribution (HdrHistogram: p50 … p99.9, max) besides the
 * mean of each repetition; repetitions go round every configuration in a seeded shuffled order,
 * and the median of their means gets a 95% confidence interval.
 */
import path from "node:path";
import type { Histogram } from "hdr-histogram-js";
import { bareCallFunction } from "../bare-call.js";
import { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import type { Binding, Principal } from "../../kernel/dispatcher/binding.js";
import type { Guard } from "../../kernel/dispatcher/guard.js";
import { nativeHandler, type Handler } from "../../kernel/dispatcher/handler.js";
import { catalogue, isEventName, type EventName } from "../../kernel/events/catalogue.js";
import { Prng } from "../../kernel/prng.js";
import { FuelTally, SandboxHandlerDomain } from "../../sandbox/handler.js";
import { createSandboxVM, type ExtensionVM } from "../../sandbox/vm.js";
import { DEFAULT_LIMITS, MEASURING_LIMITS } from "../../sandbox/limits.js";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { fuelSource } from "../../extensions/loader/attach.js";
import { executionModes } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";
import { readExtension } from "../../extensions/loader/source.js";
import { ensureTypeCheckFinishes } from "../../extensions/check/time-limit.js";
import { visible } from "../../extensions/visible.js";
import { median, microsPerCall } from "../stats.js";
import { finished, machineInfo, type MachineInfo } from "../machine.js";
import {
  distributionOf,
  latencyHistogram,
  medianInterval,
  recordNs,
  type Distribution,
  type Interval,
} from "../latency.js";
import { EVENT_PAGES, NOOP_RESULT, STREAM_THREADS, eventStream, type StreamEvent } from "./events.js";
import {
  BUILTIN,
  DEFAULT_ONE_EACH_CAP,
  defaultGuard,
  engineOf,
  sweepProblem,
  type GuardKind,
  type Kind,
  type Match,
  type ModeName,
  type SweepOptions,
} from "./options.js";

export {
  BUILTIN,
  DEFAULT_HANDLERS,
  DEFAULT_MAX_ONE_EACH,
  DEFAULT_SWEEP,
  GUARDS,
  KINDS,
  LAYOUTS,
  MATCHES,
  MAX_HANDLERS,
  RESULTS,
  type GridCell,
  type GuardKind,
  type Kind,
  type Layout,
  type Match,
  type ResultMode,
  type SweepOptions,
} from "./options.js";

/** A sweep that cannot run as asked (a bad --ext, options that do not fit the event): one line, what to do. */
export class DispatchInputError extends Error {
  override readonly name = "DispatchInputError";
}

/** How the handlers of a configuration are laid out over extensions. */
export type LayoutName = "builtin" | "one-sandbox-each" | "shared" | "grid" | "ext";

export interface Point {
  /** e.g. "builtin, match one", "typed each, match all", "native 4x16, match one". */
  config: string;
  kind: Kind;
  layout: LayoutName;
  match: Match;
  guard: GuardKind;
  /** M: extensions (VMs); for built-in handlers, the handlers. */
  extensions: number;
  /** K: handlers of each extension on the event. */
  perExtension: number;
  /** N = M × K. */
  handlers: number;
  /** Handlers invoked per event, averaged over the stream's applications. */
  matchedPerEvent: number;
  /** Host→extension crossings per event (one per extension with a matching handler). */
  crossingsPerEvent: number;
  /** Cost of one event, µs: median, min and max of the repetitions' means. */
  medianUs: number;
  minUs: number;
  maxUs: number;
  /** 95% confidence interval of medianUs (null with fewer than 6 repetitions). */
  ci: Interval | null;
  /** Every repetition's mean, µs, in order. */
  samplesUs: number[];
  /**
   * Every repetition's median event (p50), µs, in order: what one event typically costs, without
   * the few events a shared machine preempted (which the means carry, and the max shows).
   */
  p50SamplesUs: number[];
  /** Every event of every repetition, one at a time. */
  latency: Distribution;
  /** The same per application, when there are several. */
  perApp: { app: number; latency: Distribution }[];
  /** Sandbox instructions (interrupt polls) per event, from the bindings' accounts. */
  instructionsPerEvent: number;
  /** Exact fuel units per event (loop back-edges and function entries), from the bindings' accounts. */
  fuelPerEvent: number;
  /** medianUs / matched handlers (the whole event cost when none matches). */
  perHandlerUs: number;
}

export interface AccountRow {
  extension: string;
  /** The binding's handler name (one row per binding). */
  binding: string;
  app: number;
  invocations: number;
  failures: number;
  instructions: number;
  fuel: number;
  hostUs: number;
  faults: Record<string, number>;
  /** Its invocations' host time, one at a time (a batch's time split evenly over its handlers). */
  latency: Distribution;
}

export interface SweepResult {
  schema: "spin-bench-dispatch/2";
  machine: MachineInfo;
  options: Omit<SweepOptions, "maxOneEach" | "guard" | "grid" | "ext"> & {
    maxOneEach: number | null;
    guard: GuardKind;
    grid: SweepOptions["grid"] | null;
    ext: string | null;
  };
  event: EventName;
  /** Reference points measured in the same run, µs per call. */
  reference: {
    /** One `performance.now()` read: in every per-event latency once. */
    clockReadUs: number;
    /** Bare quickjs-emscripten callFunction with three number arguments. */
    bareCallUs: number;
    /** The same bare call with an interrupt handler armed and a meter + deadline set up per call, as the sandbox does for untrusted code. */
    bareCallArmedUs: number;
    /** Each round's figures of the two (the rounds alternate plain and armed blocks: pairs). */
    bareCallRoundsUs: number[];
    bareCallArmedRoundsUs: number[];
    /** SandboxVM.invoke of a no-op handler, without the dispatcher. */
    vmInvokeUs: number;
  };
  points: Point[];
  /** Per-binding accounts of the largest all-matching configuration of each kind and layout (who spent what). */
  accounts: { config: string; handlers: number; rows: AccountRow[] }[];
  /** Competing sandboxed handlers: one spins forever, the others are no-ops; each invocation has its own budget. */
  competition: { events: number; rows: AccountRow[] };
}

const PAGE_FAULT = "Translation.PageNotPresent" as const;
const NEVER_BASE = 1 << 20;
const NEVER_THREAD = 1000;
/** Reference rounds: enough pairs for a 95% interval of the median difference. */
const REFERENCE_ROUNDS = 7;

/** The event every handler is also installed on with --other-event: one the sweep never raises. */
function otherEventOf(event: EventName): EventName {
  return event === "Disk.IOComplete" ? "Strand.Unblock" : "Disk.IOComplete";
}

/** TypeScript of a no-op extension with `k` handlers on `event` (and on `other`, never raised). */
function noopSource(event: EventName, k: number, other: EventName): string {
  const list = Array.from({ length: k }, () => "h").join(", ");
  const otherList = Array.from({ length: k }, () => "o").join(", ");
  return `import { defineExtension, type Handler } from "spin-kernel/extension";
const h: Handler<"${event}"> = (args) => ${NOOP_RESULT[event].ts};
const o: Handler<"${other}"> = (args) => ${NOOP_RESULT[other].ts};
export default defineExtension({ name: "noop-${k}", handlers: {
  "${event}": [${list}],
  "${other}": [${otherList}],
} });
`;
}

const SPINNER_SOURCE = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ name: "spinner", handlers: {
  "${PAGE_FAULT}": (args) => { for (;;) {} },
} });`;

const QUICKJS_NOOP = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ name: "noop", handlers: { "${PAGE_FAULT}": (args) => ({}) } });`;

/** Combine many results: the most frequent (by its JSON), the last of equals; bounded by the results. */
function vote<T>(results: readonly T[]): T {
  const counts = new Map<string, number>();
  let best = results[results.length - 1] as T;
  let bestCount = 0;
  for (const r of results) {
    const key = JSON.stringify(r) ?? "undefined";
    const c = (counts.get(key) ?? 0) + 1;
    counts.set(key, c);
    if (c >= bestCount) {
      bestCount = c;
      best = r;
    }
  }
  return best;
}

function makeDispatcher(event: EventName, result: SweepOptions["result"]): Dispatcher {
  const d = new Dispatcher();
  d.timing = true;
  for (const ev of Object.keys(catalogue) as EventName[]) {
    const answer = NOOP_RESULT[ev].js;
    d.setDefault(ev, nativeHandler(`default:${ev}`, ((args: never) => answer(args)) as never));
  }
  if (result === "vote") d.setResultHandler(event, vote as never);
  return d;
}

/** The first M VMs of one prepared extension (noop with K handlers, or the user's file), per kind. */
interface Prepared {
  readonly js: string;
  readonly file: string;
  readonly mapPosition?: (line: number, column: number) => { line: number; column: number } | undefined;
  /** Indexes of its handlers on the swept event. */
  readonly indexes: number[];
  readonly domains: SandboxHandlerDomain[];
}

/** Every VM of a sweep, created once and reused across configurations; disposed at the end. */
class VmPool {
  private readonly prepared = new Map<string, Prepared>();
  readonly all: ExtensionVM[] = [];

  constructor(
    private readonly event: EventName,
    private readonly ext: { file: string; text: string } | undefined,
  ) {}

  private prepare(kind: ModeName, k: number): Prepared {
    const id = `${kind}/${this.ext ? "ext" : k}`;
    let p = this.prepared.get(id);
    if (p) return p;
    const file = this.ext ? this.ext.file : `noop-${k}.ts`;
    const text = this.ext ? this.ext.text : noopSource(this.event, k, otherEventOf(this.event));
    const out = executionModes[kind].prepare(file, text, { apiDeclarationFile: apiDeclarationFile() });
    p = { js: out.js, file, mapPosition: out.mapPosition, indexes: [], domains: [] };
    this.prepared.set(id, p);
    return p;
  }

  /** M domains of `kind` with K handlers each on the event (K ignored for --ext). */
  async domains(kind: ModeName, k: number, m: number, onCreated?: () => void): Promise<Prepared> {
    const p = this.prepare(kind, k);
    while (p.domains.length < m) {
      const fuel = fuelSource(kind);
      const created = await createExtensionVM(kind, {
        source: p.js,
        filename: `${path.basename(p.file, ".ts")}-${p.domains.length}.js`,
        // The fuel count reports each handler's units through one host call: a crossing of K
        // handlers makes K of them, which the default limit (1,000 per crossing) would refuse
        // past K = 1,000 (the loader binds at most 8 handlers per event; the bench goes to 4,096).
        limits: { ...MEASURING_LIMITS, maxHostCalls: Math.max(DEFAULT_LIMITS.maxHostCalls, 2 * k + 16) },
        ...(fuel instanceof FuelTally ? { hostFunctions: { sfiFuel: fuel.report } } : {}),
      });
      if (!created.ok) {
        if (this.ext)
          throw new DispatchInputError(
            `--ext ${visible(this.ext.file, 200)}: its module failed in ${kind}: ${visible(created.error.message, 200)}`,
          );
        throw new Error(`bench setup: a no-op extension failed in ${kind}: ${created.error.message}`);
      }
      this.all.push(created.value);
      const list = created.value.manifest.events[this.event] ?? [];
      if (p.indexes.length === 0) {
        if (list.length === 0) {
          const has = Object.keys(created.value.manifest.events).join(", ") || "none";
          throw new DispatchInputError(
            `--ext ${visible(this.ext?.file ?? "", 200)} has no handler for ${this.event} (its events: ${visible(has, 200)}); give --event one of them`,
          );
        }
        p.indexes.push(...list.map((_, i) => i));
      }
      p.domains.push(
        new SandboxHandlerDomain(created.value, {
          sourceFile: p.file,
          ...(p.mapPosition ? { mapPosition: p.mapPosition } : {}),
          fuel,
        }),
      );
      onCreated?.();
    }
    return p;
  }

  dispose(): void {
    for (const vm of this.all) if (vm.state !== "disposed") vm.dispose();
  }
}

/** One configuration at one size. */
interface Cell {
  kind: Kind;
  layout: LayoutName;
  match: Match;
  /** M, K. */
  m: number;
  k: number;
  label: string;
}

export function configName(kind: Kind, layout: LayoutName, match: Match, label?: string): string {
  const shape =
    layout === "builtin"
      ? ""
      : layout === "one-sandbox-each"
        ? " each"
        : layout === "shared"
          ? " shared"
          : ` ${label ?? layout}`;
  return `${kind}${shape}, match ${match}`;
}

/**
 * The configurations a sweep measures, in order (kind, layout, match; then size). `extK` is the
 * number of handlers the --ext extension binds to the event (1 until it is known).
 */
export function plan(opts: SweepOptions, extK = 1): Cell[] {
  const out: Cell[] = [];
  const ext = opts.ext !== undefined ? path.basename(opts.ext) : undefined;
  for (const kind of opts.kinds) {
    const engine = engineOf(kind);
    const shapes: { layout: LayoutName; sizes: { m: number; k: number }[]; label?: string }[] = [];
    if (engine === undefined) {
      const ns = opts.grid ? opts.grid.map((g) => g.extensions * g.perExtension) : [...opts.handlers];
      shapes.push({ layout: "builtin", sizes: [...new Set(ns)].sort((a, b) => a - b).map((n) => ({ m: n, k: 1 })) });
    } else if (ext !== undefined) {
      shapes.push({ layout: "ext", label: ext, sizes: opts.handlers.map((m) => ({ m, k: extK })) });
    } else if (opts.grid) {
      for (const g of opts.grid)
        shapes.push({
          layout: "grid",
          label: `${g.extensions}x${g.perExtension}`,
          sizes: [{ m: g.extensions, k: g.perExtension }],
        });
    } else {
      for (const layout of opts.layouts) {
        const cap =
          layout === "one-sandbox-each" && opts.maxOneEach !== undefined
            ? Math.min(opts.maxOneEach, DEFAULT_ONE_EACH_CAP[engine])
            : Infinity;
        const sizes = opts.handlers
          .filter((n) => n <= cap)
          .map((n) => (layout === "one-sandbox-each" ? { m: n, k: 1 } : { m: 1, k: n }));
        if (sizes.length > 0) shapes.push({ layout, sizes });
      }
    }
    for (const s of shapes)
      for (const match of opts.matches)
        for (const { m, k } of s.sizes)
          out.push({ kind, layout: s.layout, match, m, k, label: configName(kind, s.layout, match, s.label) });
  }
  return out;
}

interface Installed {
  dispatcher: Dispatcher;
  /** Every binding on the swept event with its extension and application. */
  bindings: { binding: Binding; extension: string; app: number }[];
  /** Handlers and crossings per event, averaged over the stream. */
  matchedPerEvent: number;
  crossingsPerEvent: number;
}

function guardFor(guard: GuardKind, matches: boolean, i: number): Guard {
  if (guard === "vpn")
    return matches
      ? { vpn: { lo: 0, hi: EVENT_PAGES - 1 } }
      : { vpn: { lo: NEVER_BASE + i * 16, hi: NEVER_BASE + i * 16 + 15 } };
  if (guard === "thread") return { thread: matches ? 0 : NEVER_THREAD + i };
  return {};
}

async function install(
  cell: Cell,
  opts: SweepOptions,
  guard: GuardKind,
  pool: VmPool,
  stream: readonly StreamEvent[],
): Promise<Installed> {
  const event = opts.event;
  const dispatcher = makeDispatcher(event, opts.result);
  const other = otherEventOf(event);
  // Each handler: its extension (a domain, or none for built-in ones), its application, and its rank there.
  const handlers: { handler: Handler; other?: Handler; extension: string; app: number; domain: number }[] = [];
  if (cell.kind === BUILTIN) {
    const answer = NOOP_RESULT[event].js;
    const fn = (args: never) => answer(args);
    for (let i = 0; i < cell.m; i++)
      handlers.push({
        handler: nativeHandler(`builtin${i}`, fn as never),
        other: nativeHandler(`builtin${i}`, NOOP_RESULT[other].js as never),
        extension: `builtin${i}`,
        app: i % opts.apps,
        domain: -1,
      });
  } else {
    const p = await pool.domains(cell.kind, cell.k, cell.m);
    const base = opts.ext !== undefined ? path.basename(opts.ext, ".ts") : cell.layout === "shared" ? "shared" : "ext";
    for (let e = 0; e < cell.m; e++) {
      const domain = p.domains[e]!;
      const extension = `${base}${cell.m > 1 ? e : ""}`;
      for (const index of p.indexes.slice(0, opts.ext !== undefined ? undefined : cell.k))
        handlers.push({
          handler: domain.handler(event, index, `${extension}#${index}`),
          ...(opts.ext === undefined ? { other: domain.handler(other, index, `${extension}#${index}`) } : {}),
          extension,
          app: e % opts.apps,
          domain: e,
        });
    }
  }
  const rankInApp = new Map<number, number>();
  // Per application: handlers that see its events and the extensions they are in.
  const matched = Array.from({ length: opts.apps }, () => ({ handlers: 0, domains: new Set<number>() }));
  const bindings: Installed["bindings"] = [];
  handlers.forEach(({ handler, other: o, extension, app, domain }, i) => {
    const rank = rankInApp.get(app) ?? 0;
    rankInApp.set(app, rank + 1);
    const matches = cell.match === "all" || (cell.match === "one" && rank === 0);
    // A space guard: a handler that must not match belongs to an application that raises nothing.
    const space = guard === "space" && !matches ? opts.apps : app;
    const g = cell.match === "all" && guard === "vpn" ? {} : guardFor(guard, matches, i);
    const principal: Principal = { kind: "application", space, name: extension };
    const b = dispatcher.install(event, handler, { principal, guard: g, options: { cancel: true } });
    bindings.push({ binding: b, extension, app: space });
    if (matches) {
      matched[app]!.handlers++;
      if (domain >= 0) matched[app]!.domains.add(domain);
    }
    if (opts.otherEvent && o) dispatcher.install(other, o, { principal, options: { cancel: true } });
  });
  let h = 0;
  let c = 0;
  for (const ev of stream) {
    h += matched[ev.key.space]!.handlers;
    c += matched[ev.key.space]!.domains.size;
  }
  return { dispatcher, bindings, matchedPerEvent: h / stream.length, crossingsPerEvent: c / stream.length };
}

function accountRows(bindings: Installed["bindings"], latency?: Map<Binding, Histogram>): AccountRow[] {
  return bindings.map(({ binding: b, extension, app }) => {
    const faults: Record<string, number> = {};
    for (const [k, v] of b.account.faultsByKind) faults[k] = v;
    const h = latency?.get(b);
    return {
      extension,
      binding: b.handler.name,
      app,
      invocations: b.account.invocations,
      failures: b.account.failures,
      instructions: b.account.instructions,
      fuel: b.account.fuel,
      hostUs: b.account.hostNs / 1000,
      faults,
      latency: h ? distributionOf(h) : distributionOf(latencyHistogram(2)),
    };
  });
}

/** Per-call µs of `fn` over `iterations` calls after a warm-up: the median of 5 blocks. */
const perCallUs = (iterations: number, fn: (i: number) => void): number => microsPerCall(iterations, fn, 5);

/** One `performance.now()` read, µs: the median of blocks of back-to-back reads. */
function clockReadUs(): number {
  let sink = 0;
  return (
    perCallUs(100_000, () => {
      sink += performance.now();
    }) + (sink < 0 ? 1 : 0)
  );
}

async function measureReference(): Promise<SweepResult["reference"]> {
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
  for (let round = 0; round < REFERENCE_ROUNDS; round++) {
    rt.removeInterruptHandler();
    plain.push(perCallUs(iterations, call));
    rt.setInterruptHandler(interrupt);
    armed.push(perCallUs(iterations, armedCall));
  }
  rt.removeInterruptHandler();
  bare.dispose();

  const vm = await createSandboxVM({ source: QUICKJS_NOOP, filename: "noop.js" });
  if (!vm.ok) throw new Error(`bench setup: sandbox VM failed: ${vm.error.message}`);
  const args = eventStream(PAGE_FAULT, 256, 1, { apps: 1, threads: STREAM_THREADS, resident: 0 }).map((e) => e.args());
  const vmInvokeUs = perCallUs(iterations / 4, (i) => {
    const r = vm.value.invokeMany([{ event: PAGE_FAULT, index: 0, args: args[i & 255] }]);
    if (!r.ok || !r.value.results[0]!.ok) throw new Error("bench: no-op handler failed");
  });
  vm.value.dispose();
  return {
    clockReadUs: clockReadUs(),
    bareCallUs: median(plain),
    bareCallArmedUs: median(armed),
    bareCallRoundsUs: plain,
    bareCallArmedRoundsUs: armed,
    vmInvokeUs,
  };
}

async function measureCompetition(pool: VmPool): Promise<SweepResult["competition"]> {
  const dispatcher = makeDispatcher(PAGE_FAULT, "last");
  const bindings: Installed["bindings"] = [];
  const boot = async (source: string, name: string, budget?: number) => {
    const r = await createSandboxVM({
      source,
      filename: `${name}.js`,
      ...(budget !== undefined ? { limits: { budget } } : {}),
    });
    if (!r.ok) throw new Error(`bench setup: ${name} VM failed: ${r.error.message}`);
    pool.all.push(r.value);
    return new SandboxHandlerDomain(r.value, { sourceFile: `${name}.ts` });
  };
  const principal = (name: string): Principal => ({ kind: "application", space: 0, name });
  const spinner = await boot(SPINNER_SOURCE, "spinner", 1);
  bindings.push({
    binding: dispatcher.install(PAGE_FAULT, spinner.handler(PAGE_FAULT, 0, "spinner"), {
      principal: principal("spinner"),
      options: { cancel: true },
    }),
    extension: "spinner",
    app: 0,
  });
  for (let i = 0; i < 3; i++) {
    const d = await boot(QUICKJS_NOOP, `ext${i}`);
    bindings.push({
      binding: dispatcher.install(PAGE_FAULT, d.handler(PAGE_FAULT, 0, `ext${i}`), {
        principal: principal(`ext${i}`),
        options: { cancel: true },
      }),
      extension: `ext${i}`,
      app: 0,
    });
  }
  const latency = new Map<Binding, Histogram>();
  for (const { binding } of bindings) {
    const h = latencyHistogram(2);
    latency.set(binding, h);
    binding.account.observeHostNs = (ns) => recordNs(h, ns);
  }
  const events = eventStream(PAGE_FAULT, 20, 99, { apps: 1, threads: STREAM_THREADS, resident: 0 });
  for (const e of events) dispatcher.raise(PAGE_FAULT, e.key, e.args as never);
  return { events: events.length, rows: accountRows(bindings, latency) };
}

export interface Progress {
  /** Called once with the number of steps, then after each step. */
  start(total: number): void;
  tick(label: string): void;
  stop(): void;
}

/** The user's extension, read and type-checked within its time limit (ExtensionInputError / ExtensionRejected otherwise). */
async function readExt(file: string): Promise<{ file: string; text: string }> {
  const source = readExtension(file);
  await ensureTypeCheckFinishes(source.file, source.text, { apiDeclarationFile: apiDeclarationFile() });
  return { file: source.file, text: source.text };
}

/** Fisher–Yates with the sweep's seed: the order repetitions visit configurations in. */
function shuffled<T>(xs: readonly T[], rng: Prng): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export async function runSweep(opts: SweepOptions, progress?: Progress): Promise<SweepResult> {
  if (!isEventName(opts.event)) throw new DispatchInputError(`unknown event ${JSON.stringify(opts.event)}`);
  const guardKeys = catalogue[opts.event].guardKeys;
  const problem = sweepProblem(opts, guardKeys);
  if (problem !== undefined) throw new DispatchInputError(problem);
  const guard = opts.guard ?? defaultGuard(opts.event, guardKeys);
  const machine = machineInfo();
  const ext = opts.ext !== undefined ? await readExt(opts.ext) : undefined;
  const pool = new VmPool(opts.event, ext);
  try {
    // The --ext extension's handlers on the event: known once one VM of it is up.
    let extK = 1;
    const firstPlaced = opts.kinds.find((k): k is ModeName => k !== BUILTIN);
    if (ext !== undefined && firstPlaced !== undefined) extK = (await pool.domains(firstPlaced, 1, 1)).indexes.length;
    const cells = plan(opts, extK);
    progress?.start(cells.length + 2);
    const reference = await measureReference();
    progress?.tick("reference");
    const stream = eventStream(opts.event, opts.events, opts.seed, {
      apps: opts.apps,
      threads: guard === "thread" ? 1 : STREAM_THREADS,
      resident: opts.resident,
    });
    interface Run {
      cell: Cell;
      installed: Installed;
      raiseAll: (count: number, h?: Histogram, apps?: Histogram[], rep?: Histogram) => void;
      perRep: number;
      before: { instructions: number; fuel: number };
      samples: number[];
      p50Samples: number[];
      histogram: Histogram;
      apps: Histogram[];
      bindingLatency?: Map<Binding, Histogram>;
    }
    const runs: Run[] = [];
    const event = opts.event;
    // Every configuration is installed first, warmed up and calibrated; then the repetitions go
    // round all of them in a shuffled order each time, so that JIT warm-up, drift and the other
    // users of a shared machine fall on every configuration alike.
    for (const cell of cells) {
      const installed = await install(cell, opts, guard, pool, stream);
      const d = installed.dispatcher;
      const raiseAll = (count: number, h?: Histogram, apps?: Histogram[], rep?: Histogram) => {
        let t0 = performance.now();
        for (let i = 0; i < count; i++) {
          const e = stream[i % stream.length]!;
          d.raise(event, e.key, e.args as never);
          if (h === undefined) continue;
          const t1 = performance.now();
          const ns = (t1 - t0) * 1e6;
          recordNs(h, ns);
          if (rep !== undefined) recordNs(rep, ns);
          if (apps !== undefined) recordNs(apps[e.key.space]!, ns);
          t0 = t1;
        }
      };
      raiseAll(opts.warmup);
      // A repetition raises the stream as many times as it takes to last ~5 ms, so that cheap
      // configurations are not measured over a few hundred microseconds.
      const c0 = performance.now();
      raiseAll(stream.length);
      const passes = Math.max(1, Math.min(1000, Math.ceil(5 / Math.max(1e-3, performance.now() - c0))));
      const failed = installed.bindings.find((b) => b.binding.account.failures > 0);
      if (failed !== undefined) {
        const f = failed.binding.account.lastFault;
        const what = `${failed.binding.handler.name} failed (${f?.kind}: ${visible(f?.message ?? "", 200)})`;
        if (opts.ext !== undefined)
          throw new DispatchInputError(
            `--ext ${visible(opts.ext, 200)} in ${cell.kind}: ${what} on the bench's ${event} events; the figures would not be its logic's (fix the handler, or sweep another --event)`,
          );
        throw new Error(`bench: ${what} in ${cell.label} N=${cell.m * cell.k}`);
      }
      const sum = (f: (b: Binding) => number) => installed.bindings.reduce((t, b) => t + f(b.binding), 0);
      runs.push({
        cell,
        installed,
        raiseAll,
        perRep: passes * stream.length,
        before: { instructions: sum((b) => b.account.instructions), fuel: sum((b) => b.account.fuel) },
        samples: [],
        histogram: latencyHistogram(),
        p50Samples: [],
        apps: opts.apps > 1 ? Array.from({ length: opts.apps }, () => latencyHistogram()) : [],
      });
    }
    // Per-binding distributions of the largest all-matching configuration of each kind and layout.
    const accountRuns = new Set<Run>();
    for (const run of runs) {
      if (run.cell.match !== "all") continue;
      const same = runs.filter(
        (r) => r.cell.match === "all" && r.cell.kind === run.cell.kind && r.cell.layout === run.cell.layout,
      );
      const largest = same.reduce((a, b) => (b.cell.m * b.cell.k > a.cell.m * a.cell.k ? b : a));
      if (largest === run && run.cell.kind !== BUILTIN) accountRuns.add(run);
    }
    for (const run of accountRuns) {
      run.bindingLatency = new Map();
      for (const { binding } of run.installed.bindings) {
        const h = latencyHistogram(2);
        run.bindingLatency.set(binding, h);
        binding.account.observeHostNs = (ns) => recordNs(h, ns);
      }
    }
    const order = new Prng(opts.seed ^ 0x5eed);
    // Each repetition's own distribution, for its median event (p50Samples).
    const repHistogram = latencyHistogram();
    for (let r = 0; r < opts.reps; r++) {
      for (const run of shuffled(runs, order)) {
        const t0 = performance.now();
        repHistogram.reset();
        run.raiseAll(run.perRep, run.histogram, run.apps.length > 0 ? run.apps : undefined, repHistogram);
        run.samples.push(((performance.now() - t0) * 1000) / run.perRep);
        run.p50Samples.push(distributionOf(repHistogram).p50Us);
        if (r === opts.reps - 1) progress?.tick(`${run.cell.label} N=${run.cell.m * run.cell.k}`);
      }
    }
    const points: Point[] = [];
    const accounts: SweepResult["accounts"] = [];
    for (const run of runs) {
      const { cell, installed, perRep, before, samples } = run;
      for (const { binding } of installed.bindings) binding.account.observeHostNs = undefined;
      const sum = (f: (b: Binding) => number) => installed.bindings.reduce((t, b) => t + f(b.binding), 0);
      const failures = sum((b) => b.account.failures);
      if (failures > 0) throw new Error(`bench: ${failures} handler failures in ${cell.label} N=${cell.m * cell.k}`);
      const measured = perRep * opts.reps;
      const medianUs = median(samples);
      const n = cell.m * cell.k;
      points.push({
        config: cell.label,
        kind: cell.kind,
        layout: cell.layout,
        match: cell.match,
        guard,
        extensions: cell.m,
        perExtension: cell.k,
        handlers: n,
        matchedPerEvent: installed.matchedPerEvent,
        crossingsPerEvent: cell.kind === BUILTIN ? 0 : installed.crossingsPerEvent,
        medianUs,
        minUs: Math.min(...samples),
        maxUs: Math.max(...samples),
        ci: medianInterval(samples) ?? null,
        samplesUs: samples,
        p50SamplesUs: run.p50Samples,
        latency: distributionOf(run.histogram),
        perApp: run.apps.map((h, app) => ({ app, latency: distributionOf(h) })),
        instructionsPerEvent: (sum((b) => b.account.instructions) - before.instructions) / measured,
        fuelPerEvent: (sum((b) => b.account.fuel) - before.fuel) / measured,
        perHandlerUs: medianUs / Math.max(1, installed.matchedPerEvent),
      });
      if (run.bindingLatency)
        accounts.push({ config: cell.label, handlers: n, rows: accountRows(installed.bindings, run.bindingLatency) });
    }
    const competition = await measureCompetition(pool);
    progress?.tick("competition");
    const { maxOneEach, guard: _g, grid, ext: extFile, ...rest } = opts;
    return {
      schema: "spin-bench-dispatch/2",
      machine: finished(machine),
      options: { ...rest, maxOneEach: maxOneEach ?? null, guard, grid: grid ?? null, ext: extFile ?? null },
      event: opts.event,
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
