/**
 * The stacks of a hardened realm's errors, bounded. V8 writes a stack from the error's header and
 * its frames, and a frame names its function: a name the guest chose, as long as any string it
 * can make (`{ [s]: function () { throw new Error(); } }`), in each of up to ten frames. Red team
 * 8's audit of the string builders: ten frames named by a string of 2^19 characters made a stack
 * of 5.2 M characters, ten times the server's string bound, in one step, and a stack used as the
 * name of the next function multiplies again (52 M, 520 M...), each step one allocation in C++ no
 * wrapper sees, up to a fatal heap OOM of the whole process.
 *
 * So the realm's prepareStackTrace (SES installs one on the realm's own Error at lockdown; V8
 * calls it to write every stack) is replaced by one that writes the same text as SES's (`${error}`
 * then `\n  at ${callSite}` a frame: errorTaming "unsafe", stackFiltering "verbose"), with each
 * frame longer than MAX_FRAME_CHARS cut in the middle (its head, and its tail, where the position
 * `(file.js:line:col)` is) and the header cut to the realm's string bound: a stack is then at
 * most the bound plus ten short frames, whatever the names, and stays so however it is used
 * again. A frame is made by V8 (CallSite's toString) at most a few times a name's length, once.
 */

import { errorText } from "./bounded-strings.js";
import { chargeBuiltinWork, chargeChars, chargingBuiltinWork } from "./builtin-fuel.js";

/** The longest frame line kept whole; a longer one keeps its first and last halves of this. */
export const MAX_FRAME_CHARS = 600;

type PrepareStackTrace = (error: unknown, callSites: readonly unknown[]) => unknown;

/** Where a frame of a stack runs: V8's CallSite's script (or its sourceURL), line and column, read when the stack was written. */
export interface StackFrame {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The frames of each error whose stack the realm wrote, as V8 gave them, apart from the text:
 * a stack's text starts with the error's header, `${name}: ${message}`, guest text, and its
 * frames are named by the guest's function names, so a `file:line:col` found by searching the
 * text may be one the guest wrote (red team 9's fault-position-forge placed its fault at a
 * decoy line by naming it in the message). Kept weakly, by error.
 */
const framesOfErrors = sharedStacks().framesOfErrors;

/**
 * What the realm's stacks share, one per realm, not per instance of this module: the realm's
 * prepareStackTrace is installed once, by the first instance that hardens it, and a test runner
 * that loads this module again in the same realm (vitest's isolation of test files) must read
 * and set the same state. Kept on the start compartment's global, which no extension's
 * Compartment reaches.
 */
interface RealmStacks {
  readonly framesOfErrors: WeakMap<object, readonly StackFrame[]>;
  /** The realm's own Error (boundErrorStacks): V8 reads its stackTraceLimit when an error is made. */
  realmError: RealmError | undefined;
  /** A capture of frames under way (deeperFrames). */
  capture: Capture | undefined;
}

function sharedStacks(): RealmStacks {
  const key = Symbol.for("spin-kernel/stacks");
  const global = globalThis as unknown as Record<symbol, RealmStacks | undefined>;
  const existing = global[key];
  if (existing !== undefined) return existing;
  const made: RealmStacks = { framesOfErrors: new WeakMap(), realmError: undefined, capture: undefined };
  Object.defineProperty(globalThis, key, { value: made });
  return made;
}

/** The frames V8 gave when it wrote `error`'s stack, or undefined (not an error whose stack the realm wrote). */
export function stackFramesOf(error: unknown): readonly StackFrame[] | undefined {
  return error !== null && typeof error === "object" ? framesOfErrors.get(error) : undefined;
}

interface CallSiteLike {
  getScriptNameOrSourceURL?(): unknown;
  getFileName?(): unknown;
  getLineNumber?(): unknown;
  getColumnNumber?(): unknown;
}

function frameOf(callSite: unknown): StackFrame {
  const c = callSite as CallSiteLike;
  // An extension's module is evaluated code: its name is its sourceURL, as the stack's text says.
  const file = c.getScriptNameOrSourceURL?.() ?? c.getFileName?.();
  const line = c.getLineNumber?.();
  const column = c.getColumnNumber?.();
  return {
    file: typeof file === "string" ? file : "",
    line: typeof line === "number" ? line : 0,
    column: typeof column === "number" ? column : 0,
  };
}

// The realm's own builtins, captured when this module loads, before the realm's wrappers: a
// frame or a header is cut whatever its length (the wrapped slice refuses a receiver past the
// bound, and the wrapped Error.prototype.toString a result past it).
const slice = String.prototype.slice;
const errorToString = Error.prototype.toString;

function cut(s: string, from: number, to: number): string {
  return Reflect.apply(slice, s, [from, to]) as string;
}

function cutFrame(frame: string): string {
  if (frame.length <= MAX_FRAME_CHARS) return frame;
  const half = MAX_FRAME_CHARS / 2;
  return `${cut(frame, 0, half)}…${cut(frame, frame.length - half, frame.length)}`;
}

/**
 * Whether a stack's header is charged to the running guest call (if any) when V8 writes it: the
 * guest read the stack (red team 9's stack-header-uncharged: a 2^19-character message's stack,
 * read and flattened 2,000 times an invocation, was ~1 G characters copied for ~2,000 units),
 * unless the kernel reads it, to build the fault of a throw (readingStacksAsKernel).
 */
let headersCharged = true;

/** Run `body` (the kernel reading a thrown error's stack) with the stack headers V8 writes uncharged. */
export function readingStacksAsKernel<T>(body: () => T): T {
  const previous = headersCharged;
  headersCharged = false;
  try {
    return body();
  } finally {
    headersCharged = previous;
  }
}

interface CallSiteNames {
  getTypeName?(): unknown;
  getFunctionName?(): unknown;
  getMethodName?(): unknown;
}

/**
 * Charge the running guest call (if any) for the frame V8 is about to write, before it writes
 * it: a frame is `Type.function [as method]`, and each name is the guest's, as long as a string
 * it can make (the type is the receiver's Symbol.toStringTag first). Red team 10's
 * stack-frame-name-uncharged: ten frames typed by a 2^19-character tag were ~5 M characters
 * copied in C++ a stack (~4 ms), cut to 600 each only after, for the ~11 units of making the
 * error and reading its header, so a loop of them ran until the deadline. The names are V8's
 * strings, handed over without a copy, charged CHARS_PER_FUEL characters a unit.
 */
function chargeFrameNames(callSite: unknown): void {
  if (!chargingBuiltinWork()) return;
  const c = callSite as CallSiteNames;
  const names = [c.getTypeName?.(), c.getFunctionName?.(), c.getMethodName?.()];
  let chars = 0;
  // An index loop: an array iterator is the realm's wrapped one, charged to a running guest.
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (typeof name === "string") chars += name.length;
  }
  chargeChars(chars);
}

/**
 * `${error}`, as SES writes it, cut to the bound. An error whose name and message together pass
 * the bound has its header made by the realm's own Error.prototype.toString (a rope of the two,
 * each within reach of the bound), then cut: reading its stack does not throw.
 */
function header(error: unknown, bound: number, realmToString: unknown): string {
  let text: string;
  try {
    // The realm's own toString (the usual case) writes it, charged unless the kernel reads it.
    const own =
      error !== null &&
      typeof error === "object" &&
      !(Symbol.toPrimitive in error) &&
      (error as { toString?: unknown }).toString === realmToString;
    text = own ? errorText(error, headersCharged) : `${error}`;
  } catch (e) {
    if (!(e instanceof RangeError) || error === null || typeof error !== "object") throw e;
    text = Reflect.apply(errorToString, error, []) as string;
  }
  return text.length > bound ? cut(text, 0, bound) : text;
}

/**
 * Replace the prepareStackTrace of the realm's own Error (`feralError`: the constructor V8 calls
 * it on, captured before lockdown replaced the global) by the bounded one. After lockdown: SES
 * installs its own then. `stringBound`: the realm's string bound.
 */
export function boundErrorStacks(feralError: unknown, stringBound: number): void {
  const error = feralError as { prepareStackTrace?: unknown };
  if (typeof error.prepareStackTrace !== "function") return;
  // The realm's Error.prototype.toString, as bounded-strings.ts made it (this runs after).
  const realmToString = Error.prototype.toString;
  const shared = sharedStacks();
  shared.realmError = feralError as RealmError;
  const prepare: PrepareStackTrace = (e, callSites) => {
    const c = shared.capture;
    if (c !== undefined && e === c.error) return framesOnly(c, callSites);
    let frames = "";
    const where: StackFrame[] = [];
    // An index loop: an array iterator is the realm's wrapped one, charged to a running guest.
    for (let i = 0; i < callSites.length; i++) {
      if (headersCharged) chargeFrameNames(callSites[i]);
      frames += `\n  at ${cutFrame(`${callSites[i]}`)}`;
      where[i] = frameOf(callSites[i]);
    }
    if (e !== null && typeof e === "object") framesOfErrors.set(e, where);
    return `${header(e, stringBound, realmToString)}${frames}`;
  };
  error.prepareStackTrace = prepare;
}

// ---- the frames of a log line ---------------------------------------------------------------

/**
 * The most frames V8 walks to find where a log line was written (deeperFrames). V8 keeps only
 * the innermost Error.stackTraceLimit frames of a stack (10), and the kernel's own frames can
 * fill them before any of the extension's: red team 15's log-position-deep-tojson called
 * kernel.log as the toJSON of a value nested 40 deep, and bounded-json.ts's walk, two frames a
 * level, was every frame V8 kept, so no line had a position. The kernel's frames between a host
 * function and the guest code that reached it are its wrappers' recursion, bounded by
 * MAX_BUILTIN_NESTING (256) levels of a few frames each (measured: 531 frames from kernel.log to
 * the extension's JSON.stringify at 255 levels with a replacer; test/sandbox/log-frames.test.ts);
 * the guest's own frames further out are never needed (the innermost LOG_FRAMES of its file
 * are). The bound keeps the walk's cost bounded whatever the guest's recursion: a frame costs
 * ~0.3-1 µs here, so 10,000 would be up to 10 ms a line, 2,048 at most ~2 ms.
 */
export const CAPTURE_FRAMES = 2_048;

/**
 * Fuel units a frame walked by a capture costs the running guest call, past the first
 * Error.stackTraceLimit ones every error costs: V8 makes a CallSite a frame and the capture
 * reads its script, line and column (~0.3-1 µs measured, at ~2-3 ns a unit).
 */
export const CAPTURED_FRAME_FUEL = 256;

interface RealmError {
  new (): Error;
  stackTraceLimit?: unknown;
}

/** A capture under way: its error (prepare tells it from any other by identity) and what it keeps. */
interface Capture {
  readonly error: Error;
  readonly keep: (frame: StackFrame) => boolean;
  readonly max: number;
  readonly frames: StackFrame[];
  walked: number;
}

/**
 * The capture's frames: each frame's script, line and column (no name: no text is written, so
 * nothing of the guest's is copied), the first `max` that `keep` accepts.
 */
function framesOnly(c: Capture, callSites: readonly unknown[]): string {
  c.walked = callSites.length;
  // An index loop: an array iterator is the realm's wrapped one, charged to a running guest.
  for (let i = 0; i < callSites.length && c.frames.length < c.max; i++) {
    const f = frameOf(callSites[i]);
    if (c.keep(f)) c.frames[c.frames.length] = f;
  }
  return "";
}

/** Make an error of the realm with V8 keeping at most `limit` frames, in capture `c`. */
function walk(E: RealmError, limit: number, keep: (frame: StackFrame) => boolean, max: number): Capture {
  const shared = sharedStacks();
  const previous = E.stackTraceLimit;
  let c: Capture;
  E.stackTraceLimit = limit;
  try {
    c = { error: new E(), keep, max, frames: [], walked: 0 };
  } finally {
    E.stackTraceLimit = previous;
  }
  const outer = shared.capture;
  shared.capture = c;
  try {
    void c.error.stack;
  } finally {
    shared.capture = outer;
  }
  return c;
}

/**
 * Where the running code was called from, past the frames an error keeps, as V8's call sites
 * say: the innermost `max` frames that `keep` accepts (a log line's: the extension's own file,
 * past its frame's lines), innermost first, read from the structured call sites, never from a
 * stack's text (red team 14, log-position-name-break-v8). For a caller whose usual stack
 * (Error.stackTraceLimit frames, `usual`) had none: the walk goes on to CAPTURE_FRAMES, charged
 * CAPTURED_FRAME_FUEL a frame past the usual ones to the running guest call (it throws when the
 * fuel is out, as a builtin's charge does). No text is written: no name of the guest's is copied.
 * Empty in a realm whose stacks are not bounded (not hardened: nothing to read).
 */
export function deeperFrames(keep: (frame: StackFrame) => boolean, max: number): readonly StackFrame[] {
  const E = sharedStacks().realmError;
  if (E === undefined) return [];
  const c = walk(E, CAPTURE_FRAMES, keep, max);
  chargeBuiltinWork((c.walked - usualFrames()) * CAPTURED_FRAME_FUEL);
  return c.frames;
}

/** The frames V8 keeps of an error's stack: the realm's Error.stackTraceLimit (10 in Node). */
export function usualFrames(): number {
  const limit = sharedStacks().realmError?.stackTraceLimit;
  return typeof limit === "number" ? limit : 10;
}
