/**
 * From a sandbox VM's manifest to dispatcher bindings. Each handler is installed on behalf of the
 * application the extension is attached to; the authorizer imposes its address space (and checks
 * a thread guard names one of its threads). Options default to `{ cancel: true }`: an
 * extension's decision replaces the built-in policy's, which still decides when it fails.
 */
import { DispatcherError } from "../../kernel/dispatcher/errors.js";
import type { Binding, InstallOptions, Principal } from "../../kernel/dispatcher/binding.js";
import type { Dispatcher } from "../../kernel/dispatcher/dispatcher.js";
import type { Guard } from "../../kernel/dispatcher/guard.js";
import { eventNames, isEventName } from "../../kernel/events/catalogue.js";
import { closestName } from "../../kernel/did-you-mean.js";
import { visible } from "../visible.js";
import type { SandboxHandlerDomain } from "../../sandbox/handler.js";
import type { ExtensionManifest } from "../../sandbox/vm.js";
import { problemAt, type LoadProblem } from "./errors.js";

export const EXTENSION_DEFAULT_OPTIONS: InstallOptions = Object.freeze({ cancel: true });

/**
 * Handlers one extension may bind to one event. Each handler of a batch gets its own budget and
 * timeout, so without a cap the handlers of one event multiply what one event may cost (found
 * by a red team: 2,000 spinning handlers on one event held the host 25 s). Real extensions bind
 * one or two.
 */
export const MAX_HANDLERS_PER_EVENT = 8;

/** Where something is written in the extension's TypeScript source (1-based). */
export type Locate = (event: string) => { line: number; column: number } | undefined;

export interface InstallRequest {
  readonly dispatcher: Dispatcher;
  readonly domain: SandboxHandlerDomain;
  readonly manifest: ExtensionManifest;
  readonly principal: Extract<Principal, { kind: "application" }>;
  /** The extension's file, as the user named it. */
  readonly file: string;
  /** Its TypeScript source, for code frames (none in the simulation worker: frames are added later). */
  readonly text?: string;
  /** Where the handler for an event is declared (source.ts, `locateAll`). */
  readonly locate: Locate;
  /** Where the handler for an event gives its result, when it has a single `return` (source.ts). */
  readonly locateResult?: Locate;
  /** Prefix of handler names in reports, e.g. `pager.ts`. */
  readonly label: string;
  /**
   * The application's threads, for a `thread` guard that names one; absent where there is no
   * scenario (`spin check`), where any name is taken as one.
   */
  readonly threads?: readonly AppThread[];
}

/** A thread of the application an extension is attached to: its id (the kernel's Thread) and its name. */
export interface AppThread {
  readonly id: number;
  readonly name: string;
}

/** Install every handler or none: on the first problem the ones installed are taken back. */
export function installManifest(req: InstallRequest): { bindings: Binding[]; problems: LoadProblem[] } {
  const problems: LoadProblem[] = [];
  const bindings: Binding[] = [];
  const at = req.locate;
  const problem = (event: string, code: string, message: string) =>
    problems.push(problemAt(req.file, req.text, at(event), code, message));

  const entries = Object.entries(req.manifest.events);
  if (entries.length === 0) {
    problems.push(problemAt(req.file, req.text, at(""), "load/no-handlers", "the extension defines no handler"));
  }
  for (const [event, list] of entries) {
    if (!isEventName(event)) {
      problem(event, "load/unknown-event", `unknown event ${JSON.stringify(event)} (events: ${eventNames.join(", ")})`);
      continue;
    }
    if (list.length > MAX_HANDLERS_PER_EVENT) {
      problem(
        event,
        "load/too-many-handlers",
        `${list.length} handlers for ${event}; an extension may bind at most ${MAX_HANDLERS_PER_EVENT} to one event (each handler adds its own budget and timeout to the event's cost): combine them into one handler`,
      );
      continue;
    }
    list.forEach((info, index) => {
      const options = readOptions(info.options);
      const guard = readGuard(info.guard, req.threads, req.principal.name);
      if (typeof options === "string") return problem(event, "load/invalid-options", `${event}: ${options}`);
      if (typeof guard === "string") return problem(event, "load/invalid-guard", `${event}: ${guard}`);
      // A handler written inline takes its event's name (`"PhysAddr.Reclaim": (args) => ...`):
      // `file.ts#PhysAddr.Reclaim`, not `file.ts#PhysAddr.Reclaim:PhysAddr.Reclaim`.
      const named = info.name && info.name !== event && !info.name.startsWith(`${event}#`);
      const name = `${req.label}#${named ? `${event}:${info.name}` : event}`;
      try {
        bindings.push(
          req.dispatcher.install(event, req.domain.handler(event, index, name, at(event), req.locateResult?.(event)), {
            principal: req.principal,
            guard,
            options,
          }),
        );
      } catch (error) {
        if (!(error instanceof DispatcherError)) {
          // A failure, not a refusal: take back what was installed (all or nothing), then let it go up.
          for (const b of bindings) if (b.installed) req.dispatcher.uninstall(b);
          throw error;
        }
        const code = `load/${error.code.replace(/[A-Z]/g, (c, i: number) => (i ? "-" : "") + c.toLowerCase())}`;
        problem(event, code, error.message);
      }
    });
  }
  if (problems.length > 0) {
    for (const b of bindings) if (b.installed) req.dispatcher.uninstall(b);
    return { bindings: [], problems };
  }
  return { bindings, problems };
}

function readOptions(raw: unknown): InstallOptions | string {
  if (raw === null || raw === undefined) return EXTENSION_DEFAULT_OPTIONS;
  if (typeof raw !== "object" || Array.isArray(raw)) return "options must be an object { first?, last?, cancel? }";
  const out: { first?: boolean; last?: boolean; cancel?: boolean } = { ...EXTENSION_DEFAULT_OPTIONS };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key !== "first" && key !== "last" && key !== "cancel")
      return `unknown option "${key}" (options: first, last, cancel)`;
    if (value === undefined) continue;
    if (typeof value !== "boolean") return `option ${key} must be true or false, got ${JSON.stringify(value)}`;
    out[key] = value;
  }
  return out;
}

function readGuard(raw: unknown, threads: readonly AppThread[] | undefined, app: string): Guard | string {
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== "object" || Array.isArray(raw)) return "guard must be an object { vpn?, thread? }";
  const out: { vpn?: { lo: number; hi: number }; thread?: number } = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (key === "vpn") {
      const v = value as { lo?: unknown; hi?: unknown } | null;
      if (v === null || typeof v !== "object" || typeof v.lo !== "number" || typeof v.hi !== "number") {
        return "guard vpn must be { lo: number, hi: number }";
      }
      out.vpn = { lo: v.lo, hi: v.hi };
    } else if (key === "thread") {
      if (typeof value === "string") {
        const id = threadNamed(value, threads, app);
        if (typeof id === "string") return id;
        out.thread = id;
        continue;
      }
      if (typeof value !== "number")
        return `guard thread must be a thread's name or a Thread handle, got ${visible(JSON.stringify(value), 80)}`;
      out.thread = value;
    } else if (key === "space") {
      return "an extension cannot choose its address space: the kernel imposes its own";
    } else {
      return `unknown guard key "${key}" (guards: vpn, thread)`;
    }
  }
  return out;
}

/**
 * The thread a guard names. Without the application's threads (`spin check`, no scenario) any
 * name stands for a thread: what it names is checked by `spin load`.
 */
function threadNamed(name: string, threads: readonly AppThread[] | undefined, app: string): number | string {
  if (threads === undefined) return name === "" ? "guard thread: a thread's name is not empty" : 0;
  const found = threads.find((t) => t.name === name);
  if (found !== undefined) return found.id;
  const names = threads.map((t) => t.name);
  const near = closestName(name, names);
  return `guard thread: application ${visible(JSON.stringify(app), 80)} has no thread named ${visible(JSON.stringify(name), 80)}${near === undefined ? "" : `; did you mean ${visible(JSON.stringify(near), 80)}?`} (its threads: ${names.map((n) => visible(n, 80)).join(", ")})`;
}
