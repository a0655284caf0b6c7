/**
 * The messages between a ServerVM (server-vm.ts, in the kernel's thread) and its server worker
 * (server-worker.ts). A request is posted on a MessagePort and signalled through a shared word
 * (`Atomics.notify`); the server, blocked in `Atomics.wait`, answers the same way: one
 * synchronous IPC round trip per event, as a microkernel's external pager is called.
 *
 * Everything the server sends is read as untrusted (readReply): the server runs the extension,
 * and a server whose guest escaped its Compartment could send anything.
 */
import { FAULT_KINDS, type FaultKind, type GuestPosition } from "../errors.js";
import { LOG_FRAMES, type LogEntry } from "../host-functions.js";
import type { SandboxLimits } from "../limits.js";
import type { ExtensionManifest } from "../vm.js";

/** The shared control word: who holds the turn. */
export const SERVER_IDLE = 0;
export const SERVER_REQUEST = 1;
export const SERVER_REPLY = 2;
/**
 * The kernel is done with this server (it killed or disposed of it): the server leaves its loop
 * and its thread ends on its own. Set before `worker.terminate()`, because a termination that
 * arrives while the server is between two `Atomics.wait`s can be lost (V8 / Node 20: measured
 * about 1 in 300-500 terminations of a thread looping on `Atomics.wait`, docs/PLACEMENTS.md);
 * the thread then waits forever, and the simulation's thread, which joins its server threads
 * when it ends, never ends either. The word is never taken back.
 */
export const SERVER_STOP = 3;

export interface ServerWorkerData {
  readonly source: string;
  readonly filename: string;
  readonly limits: SandboxLimits;
  readonly fuel: number;
  readonly seed: number;
  /** Int32Array over it: [0] the turn (SERVER_*). */
  readonly control: SharedArrayBuffer;
}

export interface ServerRequest {
  readonly calls: readonly { readonly event: string; readonly index: number; readonly args: unknown }[];
  /** Simulated time for the extension's Date.now(). */
  readonly now: number;
}

/** A fault as data (a SandboxFault's fields). */
export interface FaultData {
  readonly kind: FaultKind;
  readonly message: string;
  readonly position?: GuestPosition;
  readonly limit?: string;
}

/**
 * A log line as the server's NativeVM recorded it: its text and its positions in the extension's
 * body (innermost first, at most LOG_FRAMES), as the other placements record them; the kernel's
 * side gives it its time and event.
 */
export interface LogLineData {
  readonly text: string;
  readonly frames: LogEntry["frames"];
  readonly fromJob?: true;
}

export type ResultData =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly fault: FaultData };

export interface ServerReply {
  /** The whole call's fault, or each handler's result. */
  readonly outcome:
    | { readonly ok: true; readonly results: readonly ResultData[]; readonly instructions: number }
    | { readonly ok: false; readonly fault: FaultData; readonly instructions: number };
  /** Log lines written since the last reply. */
  readonly logs: readonly LogLineData[];
  readonly logDropped: number;
  readonly hostCalls: number;
  /** Bytes of the server's V8 heap in use after the call. */
  readonly heapUsed: number;
  /** Each call's fuel, for a call of several handlers (NativeVM.lastCallFuel). */
  readonly callFuel?: readonly number[];
}

/** The first message of a server, on its parent port. */
export type ServerBoot =
  | {
      readonly type: "booted";
      readonly manifest: ExtensionManifest;
      readonly instructions: number;
      readonly logs: readonly LogLineData[];
    }
  | { readonly type: "boot-failed"; readonly fault: FaultData };

const TEXT_MAX = 4_000;

function isPosition(v: unknown): v is GuestPosition {
  const p = v as GuestPosition;
  return (
    typeof v === "object" && v !== null && Number.isSafeInteger(p.line) && Number.isSafeInteger(p.column) && p.line >= 0
  );
}

function isFrame(v: unknown): v is GuestPosition {
  return isPosition(v) && v.line >= 1 && v.column >= 1;
}

/**
 * Log lines sent by a server, checked: at most `maxLines`, each a string cut to `maxChars` (+1,
 * so the host's own cut still marks it cut) with at most LOG_FRAMES positions of positive
 * integers; a malformed line keeps what is well formed of it (its text, or "(not a string)", and
 * no position rather than a wrong one).
 */
export function readLogLines(v: unknown, maxLines: number, maxChars: number): LogLineData[] {
  if (!Array.isArray(v)) return [];
  return (v as unknown[]).slice(0, maxLines).map((l): LogLineData => {
    const line = l as { text?: unknown; frames?: unknown; fromJob?: unknown } | null;
    const text =
      typeof line === "object" && line !== null && typeof line.text === "string" ? line.text : "(not a string)";
    const frames =
      typeof line === "object" &&
      line !== null &&
      Array.isArray(line.frames) &&
      line.frames.length <= LOG_FRAMES &&
      line.frames.every(isFrame)
        ? (line.frames as GuestPosition[]).map((f) => ({ line: f.line, column: f.column }))
        : [];
    const fromJob = typeof line === "object" && line !== null && line.fromJob === true;
    return { text: text.slice(0, maxChars + 1), frames, ...(fromJob ? { fromJob: true as const } : {}) };
  });
}

/** A fault sent by a server, checked: a known kind, bounded strings, a position of integers. */
export function readFault(v: unknown): FaultData {
  const f = v as Partial<Record<keyof FaultData, unknown>>;
  if (typeof v !== "object" || v === null || !(FAULT_KINDS as readonly unknown[]).includes(f.kind))
    return { kind: "dead", message: "the server sent a malformed fault" };
  return {
    kind: f.kind as FaultKind,
    message: typeof f.message === "string" ? f.message.slice(0, TEXT_MAX) : "(no message)",
    ...(isPosition(f.position) ? { position: { line: f.position.line, column: f.position.column } } : {}),
    ...(typeof f.limit === "string" ? { limit: f.limit.slice(0, 200) } : {}),
  };
}

function count(v: unknown): number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

/**
 * A reply, checked against the request: as many results as calls (or one fault), counts that
 * are counts, log lines that are strings (at most `maxLines`, each cut to `maxChars`). Result
 * values stay unknown: the dispatcher checks them against the event's schema and the kernel's
 * validators, as it checks a QuickJS handler's.
 */
export function readReply(v: unknown, calls: number, maxLines: number, maxChars: number): ServerReply | string {
  if (typeof v !== "object" || v === null) return "the server's reply is not an object";
  const r = v as Record<string, unknown>;
  const o = r.outcome as Record<string, unknown> | null | undefined;
  if (typeof o !== "object" || o === null) return "the server's reply has no outcome";
  let outcome: ServerReply["outcome"];
  if (o.ok === true) {
    if (!Array.isArray(o.results) || o.results.length !== calls)
      return `the server replied with ${Array.isArray(o.results) ? o.results.length : "no"} results for ${calls} calls`;
    const results = (o.results as unknown[]).map((x): ResultData => {
      const res = x as Record<string, unknown> | null;
      if (typeof res === "object" && res !== null && res.ok === true) return { ok: true, value: res.value };
      return { ok: false, fault: readFault(res?.fault) };
    });
    outcome = { ok: true, results, instructions: count(o.instructions) };
  } else {
    // A failed call's fuel counts too (what simulated time charges), as native's does.
    outcome = { ok: false, fault: readFault(o.fault), instructions: count(o.instructions) };
  }
  const split = r.callFuel;
  // A split that is not one count per call is dropped (the batch's fuel then stays whole).
  const callFuel =
    Array.isArray(split) &&
    split.length === calls &&
    split.every((u) => typeof u === "number" && Number.isSafeInteger(u) && u >= 0)
      ? (split as number[]).slice()
      : undefined;
  return {
    ...(callFuel === undefined ? {} : { callFuel }),
    outcome,
    logs: readLogLines(r.logs, maxLines, maxChars),
    logDropped: count(r.logDropped),
    hostCalls: count(r.hostCalls),
    heapUsed: count(r.heapUsed),
  };
}
