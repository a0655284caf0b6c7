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
import type { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import type { Binding, Principal } from "../../kernel/dispatcher/binding.js";
import type { Guard } from "../../kernel/dispatcher/guard.js";
import { nativeHandler, type Handler } from "../../kernel/dispatcher/handler.js";
import { catalogue, isEventName } from "../../kernel/events/catalogue.js";
import { Prng } from "../../kernel/prng.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";
import { readExtension } from "../../extensions/loader/source.js";
import { ensureTypeCheckFinishes } from "../../extensions/check/time-limit.js";
import { visible } from "../../extensions/visible.js";
import { median } from "../stats.js";
import { finished, machineInfo } from "../machine.js";
import { distributionOf, latencyHistogram, medianInterval, recordNs } from "../latency.js";
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
import { DispatchInputError, type LayoutName, type Point, type SweepResult } from "./result.js";
import { VmPool, makeDispatcher, otherEventOf } from "./vm-pool.js";
import { accountRows, measureCompetition, measureReference, type BoundHandler } from "./reference.js";

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
export { DispatchInputError, type AccountRow, type LayoutName, type Point, type SweepResult } from "./result.js";

const _PAGE_FAULT = "Translation.PageNotPresent" as const;
const NEVER_BASE = 1 << 20;
const NEVER_THREAD = 1000;

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
  bindings: BoundHandler[];
  /** Handlers and crossings per event, averaged over the stream. */
  matchedPerEvent: number;
  crossingsPerEvent: number;
}

/** The page range a vpn guard (or the predicate testing the same) gives handler `i`. */
function pagesFor(matches: boolean, i: number): { lo: number; hi: number } {
  return matches ? { lo: 0, hi: EVENT_PAGES - 1 } : { lo: NEVER_BASE + i * 16, hi: NEVER_BASE + i * 16 + 15 };
}

function guardFor(guard: GuardKind, matches: boolean, i: number): Guard {
  if (guard === "vpn") return { vpn: pagesFor(matches, i) };
  if (guard === "thread") return { thread: matches ? 0 : NEVER_THREAD + i };
  if (guard === "predicate") {
    const { lo, hi } = pagesFor(matches, i);
    return { predicate: (args) => pageOf(args) >= lo && pageOf(args) <= hi };
  }
  return {};
}

/** The page of an event's arguments (the swept events that take a predicate all have one: sweepProblem). */
const pageOf = (args: unknown): number => (args as { vpn: number }).vpn;

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
    // A predicate is a kernel binding's (the authorizer refuses one from an application): its
    // space is given, as the authorizer would impose it, so the index still narrows to the application.
    const principal: Principal =
      guard === "predicate" ? { kind: "kernel" } : { kind: "application", space, name: extension };
    const b = dispatcher.install(event, handler, {
      principal,
      guard: guard === "predicate" ? { ...g, space } : g,
      options: { cancel: true },
    });
    bindings.push({ binding: b, extension, app: space });
    if (matches) {
      matched[app]!.handlers++;
      if (domain >= 0) matched[app]!.domains.add(domain);
    }
    if (opts.otherEvent && o)
      dispatcher.install(other, o, {
        principal,
        ...(principal.kind === "kernel" ? { guard: { space } } : {}),
        options: { cancel: true },
      });
  });
  let h = 0;
  let c = 0;
  for (const ev of stream) {
    h += matched[ev.key.space]!.handlers;
    c += matched[ev.key.space]!.domains.size;
  }
  return { dispatcher, bindings, matchedPerEvent: h / stream.length, crossingsPerEvent: c / stream.length };
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
