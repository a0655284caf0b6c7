/**
 * Host side of the guest protocol (see guest/prelude.js): parse the JSON envelopes the guest
 * dispatcher returns, and convert host-function arguments/results. Only primitives cross
 * from guest to host here; objects are turned into JSON *inside* the guest.
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";
import {
  GuestException,
  InvalidResult,
  OutOfMemory,
  SfiFault,
  StackOverflow,
  UnresolvedPromise,
  fail,
  ok,
  type GuestPosition,
  type Result,
  type SandboxFault,
  type ThrownDescription,
} from "./errors.js";
import { hostJsonParse } from "./host-json.js";

export type HostValue = number | string | boolean | null;
export type HostFunction = (...args: HostValue[]) => HostValue | undefined;

/** One handler outcome as encoded by the guest dispatcher. */
export type Envelope =
  | { t: "v"; v: unknown }
  | { t: "u" }
  | { t: "p"; k: number }
  | { t: "n" }
  | { t: "x"; e: ThrownDescription }
  | { t: "f"; e: ThrownDescription }
  | { t: "m" }
  | { t: "s" }
  | { t: "r"; m: string };

/** Parse the dispatcher's output; anything malformed or oversized is an InvalidResult. */
export function parseEnvelopes(text: string, maxChars: number, expected: number): Envelope[] | InvalidResult {
  if (text.length > maxChars) return new InvalidResult(`dispatcher output too large: ${text.length} characters`);
  let parsed: unknown;
  try {
    parsed = hostJsonParse(text);
  } catch {
    return new InvalidResult("dispatcher output is not JSON");
  }
  if (!Array.isArray(parsed) || parsed.length !== expected) {
    return new InvalidResult(
      `dispatcher returned ${Array.isArray(parsed) ? parsed.length : "no"} results, expected ${expected}`,
    );
  }
  for (const e of parsed) {
    if (e === null || typeof e !== "object" || typeof (e as { t?: unknown }).t !== "string") {
      return new InvalidResult("dispatcher returned a malformed envelope");
    }
  }
  return parsed as Envelope[];
}

/** Parse a single envelope (describeThrown output). */
export function parseEnvelope(text: string, maxChars: number): Envelope | InvalidResult {
  const r = parseEnvelopes(`[${text}]`, maxChars + 2, 1);
  return r instanceof InvalidResult ? r : r[0]!;
}

/**
 * The first frame of `filename` in a QuickJS stack: `    at <name> (<file>:<line>:<col>)` a line,
 * innermost first, the position read at the end of its line, where QuickJS writes it after the
 * name. The name is the function's, which the extension chooses: it can read like a position
 * (`x (ext.js:3:5)`, a method's key), so a frame's position is never searched for in the line,
 * only taken from its end; and no name holds a line break (function-names.ts), so every line is
 * one frame (frame-name-forge). A line that does not end so (a native frame, another file's, a
 * text that is no stack) places nothing. QuickJS columns are 1-based.
 */
export function positionFromStack(stack: string | undefined, filename: string): GuestPosition | undefined {
  if (stack === undefined) return undefined;
  const frame = frameLine(filename);
  for (const line of stack.split("\n")) {
    const m = frame.exec(line);
    if (m !== null) return { line: Number(m[1]), column: Number(m[2]) };
  }
  return undefined;
}

/**
 * One line of a QuickJS stack that is a frame of `filename`, its line and column captured: the
 * position at the line's end, never one its (extension-chosen) name holds. Faults and log lines
 * (host-functions.ts) read QuickJS stacks with it.
 */
export function frameLine(filename: string): RegExp {
  const escaped = filename.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^ {4}at [^\\n]* \\(${escaped}:(\\d{1,9}):(\\d{1,9})\\)$`);
}

/** Convert a settled envelope to a per-handler result (`p` must be resolved by the caller first). */
export function envelopeResult(env: Envelope, filename: string): Result<unknown, SandboxFault> {
  switch (env.t) {
    case "v":
      return ok(env.v);
    case "u":
      return ok(undefined);
    case "x": {
      // Whatever its name says (an error the extension named "SfiFault" is its own exception).
      const e = sanitizeThrown(env.e);
      return fail(new GuestException(e, positionFromStack(e.stack, filename)));
    }
    case "f": {
      // A trap of an inserted check: an error the SFI runtime (sandbox/guest/sfi-runtime.js) made
      // and keeps, as the prelude asked it, not as the error's name says (fault-kind-forge).
      const e = sanitizeThrown(env.e);
      return fail(new SfiFault(e.message, positionFromStack(e.stack, filename)));
    }
    case "m":
      return fail(new OutOfMemory("guest ran out of memory"));
    case "s":
      return fail(new StackOverflow("guest stack overflow"));
    case "r":
      return fail(new InvalidResult(typeof env.m === "string" ? env.m : "invalid result"));
    case "n":
      return fail(new UnresolvedPromise("handler returned a promise that never settled"));
    case "p":
      return fail(new UnresolvedPromise("handler promise was not collected"));
    default:
      return fail(new InvalidResult("unknown envelope"));
  }
}

function sanitizeThrown(e: unknown): ThrownDescription {
  const o = (e !== null && typeof e === "object" ? e : {}) as Record<string, unknown>;
  const str = (x: unknown): string | undefined => (typeof x === "string" ? x : undefined);
  const d: ThrownDescription = { type: str(o.type) ?? "unknown", message: str(o.message) ?? "" };
  const name = str(o.name);
  if (name !== undefined) d.name = name;
  const stack = str(o.stack);
  if (stack !== undefined) d.stack = stack;
  return d;
}

/** Read a guest primitive passed to a host function; objects and functions are refused. */
export function readHostArg(ctx: QuickJSContext, h: QuickJSHandle): HostValue | undefined {
  switch (ctx.typeof(h)) {
    case "number":
      return ctx.getNumber(h);
    case "string":
      return ctx.getString(h);
    case "boolean":
      return ctx.sameValue(h, ctx.true);
    case "undefined":
      return undefined;
    case "object":
      if (ctx.sameValue(h, ctx.null)) return null;
      throw new TypeError("host functions accept only number, string, boolean or null");
    default:
      throw new TypeError("host functions accept only number, string, boolean or null");
  }
}

/** Make a guest value for a host-function result. The returned handle is disposed by quickjs-emscripten. */
export function toGuest(ctx: QuickJSContext, v: unknown): QuickJSHandle {
  if (v === undefined) return ctx.undefined;
  if (v === null) return ctx.null;
  if (typeof v === "boolean") return v ? ctx.true : ctx.false;
  if (typeof v === "number") return ctx.newNumber(v);
  if (typeof v === "string") return ctx.newString(v);
  throw new TypeError(
    `host function returned ${typeof v}; only number, string, boolean, null or undefined are allowed`,
  );
}
