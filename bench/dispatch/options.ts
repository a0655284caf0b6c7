/**
 * What `spin bench dispatch` can be asked (sweep.ts measures it): a module without the sandbox, so
 * that the command line can describe the options without loading what runs them.
 *
 * Kinds are the placements of the one registry (extensions/loader/mode-names.ts, `MODE_NAMES`)
 * plus `builtin`, a trusted native handler (a plain function in the dispatcher's own realm, as
 * the kernel's built-in policies are): the floor every placement is compared with.
 */
import { MODE_NAMES, PLACEMENTS, type EngineName, type ModeName } from "../../extensions/loader/mode-names.js";
import { eventNames, type EventName } from "../../kernel/events/catalogue.js";

export const BUILTIN = "builtin" as const;
export const KINDS = [BUILTIN, ...MODE_NAMES] as const;
export const LAYOUTS = ["one-sandbox-each", "shared"] as const;
export const MATCHES = ["none", "one", "all"] as const;
/**
 * How a guard tells matching handlers from the others: a page range (`vpn`), a thread, or the
 * address space (the handler is installed by another application, whose events never come: the
 * authorizer imposes every application's own space); or a `predicate`: a trusted function of the
 * event's arguments testing the same page range, which the dispatcher runs after its index matched
 * the application's space (a kernel binding's guard; applications may not install one), so every
 * handler of the application pays for it: what indexing saves, measured.
 */
export const GUARDS = ["vpn", "thread", "space", "predicate"] as const;
/** How several results of one event are combined: the last one wins (the default), or a vote. */
export const RESULTS = ["last", "vote"] as const;
export const EVENTS = eventNames;
export type Kind = (typeof KINDS)[number];
export type Layout = (typeof LAYOUTS)[number];
export type Match = (typeof MATCHES)[number];
export type GuardKind = (typeof GUARDS)[number];
export type ResultMode = (typeof RESULTS)[number];
export type { EventName, ModeName };

/** M extensions × K handlers each on the event (`--grid 4x16`). */
export interface GridCell {
  readonly extensions: number;
  readonly perExtension: number;
}

export const DEFAULT_HANDLERS = [1, 4, 16, 64, 256, 1024] as const;
/** One VM per handler costs ~15 ms to create: the default sweep stops this layout at 256 (QuickJS), 16 (a worker thread each). */
export const DEFAULT_MAX_ONE_EACH = 256;
export const MAX_HANDLERS = 4096;
/** Most extensions (VMs) of one configuration, by engine: a worker thread each is the dearest. */
export const MAX_EXTENSIONS: Readonly<Record<EngineName, number>> = { quickjs: 1024, compartment: 4096, worker: 64 };
/** Of the default sweep's one-sandbox-each layout, by engine (an explicit --handlers goes to MAX_EXTENSIONS). */
export const DEFAULT_ONE_EACH_CAP: Readonly<Record<EngineName, number>> = {
  quickjs: 256,
  compartment: 1024,
  worker: 16,
};
export const MAX_APPS = 64;
export const MAX_RESIDENT = 4096;
export const DEFAULT_RESIDENT = 64;

export interface SweepOptions {
  /** The event raised (any of the catalogue). */
  event: EventName;
  handlers: readonly number[];
  kinds: readonly Kind[];
  layouts: readonly Layout[];
  /** M × K layouts instead of `layouts` × `handlers` (placements only). */
  grid?: readonly GridCell[];
  matches: readonly Match[];
  /** How guards tell handlers apart; default: `vpn` where the event has a page, else `space`. */
  guard?: GuardKind;
  /** Applications whose events are raised in turn; handler i belongs to application i mod apps. */
  apps: number;
  result: ResultMode;
  /** PhysAddr.Reclaim: resident pages of the application in every event. */
  resident: number;
  /** A real extension (its handlers on `event`) instead of no-op handlers: M copies of it. */
  ext?: string;
  /** Events in the seeded stream; a repetition raises it once or more (at least ~5 ms of work). */
  events: number;
  reps: number;
  /** Events raised before measuring each configuration. */
  warmup: number;
  seed: number;
  /** Also install every handler on an event never raised: bindings elsewhere must cost nothing. */
  otherEvent: boolean;
  /** Cap the one-sandbox-each layout as the default sweep does (DEFAULT_ONE_EACH_CAP) unless `handlers` was given explicitly. */
  maxOneEach?: number;
}

export const DEFAULT_SWEEP: SweepOptions = {
  event: "Translation.PageNotPresent",
  handlers: DEFAULT_HANDLERS,
  kinds: [BUILTIN, "typed", "native", "server"],
  layouts: LAYOUTS,
  matches: MATCHES,
  apps: 1,
  result: "last",
  resident: DEFAULT_RESIDENT,
  events: 200,
  reps: 7,
  warmup: 100,
  seed: 7,
  otherEvent: false,
  maxOneEach: DEFAULT_MAX_ONE_EACH,
};

/** The engine a kind runs in (`builtin`: none, the dispatcher's own realm). */
export function engineOf(kind: Kind): EngineName | undefined {
  return kind === BUILTIN ? undefined : PLACEMENTS[kind].engine;
}

/** The guard kind a sweep of `event` uses when none is asked for. */
export function defaultGuard(event: EventName, guardKeys: readonly string[]): GuardKind {
  return guardKeys.includes("vpn")
    ? "vpn"
    : event.startsWith("Strand.") && guardKeys.includes("thread")
      ? "thread"
      : "space";
}

/**
 * Why these options cannot be swept (one line, with what to do), or undefined. The command line
 * and runSweep both ask (a library caller gets the same refusal as a user).
 */
export function sweepProblem(o: SweepOptions, guardKeys: readonly string[]): string | undefined {
  const guard = o.guard ?? defaultGuard(o.event, guardKeys);
  if (guard === "predicate" && !guardKeys.includes("vpn"))
    return `--guard predicate: the swept predicate tests the event's page, and ${o.event} has none (it can be guarded on: ${guardKeys.join(", ")}); use --event Translation.PageNotPresent or another guard`;
  if (guard !== "space" && guard !== "predicate" && !guardKeys.includes(guard))
    return `--guard ${guard}: ${o.event} cannot be guarded on ${guard} (it can on: ${guardKeys.join(", ")}); use --guard space or another --event`;
  if (o.apps < 1 || o.apps > MAX_APPS || !Number.isInteger(o.apps))
    return `--apps must be an integer from 1 to ${MAX_APPS}, got ${o.apps}`;
  if (o.ext !== undefined && o.kinds.includes(BUILTIN))
    return "--ext runs a real extension in a placement: --kind builtin has no such extension; choose placements (--kind typed,native,...)";
  if (o.ext !== undefined && o.grid !== undefined)
    return "--grid does not apply to --ext: --handlers counts the extension's copies (each one VM)";
  for (const k of o.kinds) {
    const engine = engineOf(k);
    if (engine === undefined) continue;
    const most = o.handlers.length > 0 ? Math.max(...o.handlers) : 0;
    const copies =
      o.ext !== undefined ||
      (o.maxOneEach === undefined && o.grid === undefined && o.layouts.includes("one-sandbox-each"));
    if (copies && most > MAX_EXTENSIONS[engine])
      return `--handlers ${most}: ${k} takes at most ${MAX_EXTENSIONS[engine]} extensions (one ${engine === "worker" ? "worker thread" : "VM"} each)${o.ext !== undefined ? "" : " in --layout one-sandbox-each; use --layout shared or fewer handlers"}`;
  }
  if (o.grid !== undefined) {
    for (const g of o.grid) {
      if (g.extensions * g.perExtension > MAX_HANDLERS)
        return `--grid ${g.extensions}x${g.perExtension}: ${g.extensions * g.perExtension} handlers, more than ${MAX_HANDLERS}; make M×K smaller`;
      for (const k of o.kinds) {
        const engine = engineOf(k);
        if (engine !== undefined && g.extensions > MAX_EXTENSIONS[engine])
          return `--grid ${g.extensions}x${g.perExtension}: ${k} takes at most ${MAX_EXTENSIONS[engine]} extensions (one ${engine === "worker" ? "worker thread" : "VM"} each); make M smaller`;
      }
    }
  }
  return undefined;
}
