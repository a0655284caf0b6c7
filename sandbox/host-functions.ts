/**
 * Host functions a guest may call (`kernel.log`, `kernel.now`, an embedder's own), and the log
 * they fill. Every call is counted against the current guest call's meter: past
 * `maxHostCalls` the call is stopped (a flood of cheap host calls is as much a runaway as a loop).
 * The function handles are owned by whoever makes them (the boot's scope); QuickJS keeps its own
 * references while the guest holds them.
 */
import type { QuickJSContext, QuickJSHandle } from "quickjs-emscripten";
import type { SandboxLimits } from "./limits.js";
import { frameLine, readHostArg, toGuest, type HostFunction } from "./marshal.js";
import type { StackFrame } from "./native/bounded-stacks.js";
import type { Meter } from "./meter.js";

/** What a host function needs of its VM at each call. */
export interface HostCallSite {
  /** The meter of the guest call running now, if one is. */
  currentMeter(): Meter | undefined;
  readonly maxHostCalls: number;
  /** Counts every host call the guest made (the VM's stats). */
  countHostCall(): void;
}

/** A guest function calling `fn` with its arguments read as plain data; its result goes back as data. */
export function newHostFunction(ctx: QuickJSContext, vm: HostCallSite, name: string, fn: HostFunction): QuickJSHandle {
  return ctx.newFunction(name, (...argHandles) => {
    const m = vm.currentMeter();
    if (m !== undefined) {
      m.hostCalls++;
      if (m.hostCalls > vm.maxHostCalls) {
        if (m.abort === null) m.abort = "host-calls";
        throw new Error("host call limit exceeded");
      }
    }
    vm.countHostCall();
    const args = argHandles.map((h) => readHostArg(ctx, h) ?? null);
    return toGuest(ctx, fn(...args));
  });
}

export interface LogEntry {
  /** 0 for module evaluation, then the 1-based invocation number. */
  readonly invocation: number;
  readonly text: string;
  /** Simulated time of the line (the VM's clock). */
  readonly atNs: number;
  /** The event whose handler wrote it; null while the module was evaluated. */
  readonly event: string | null;
  /** Positions in the guest file on the call stack, innermost first (at most LOG_FRAMES). */
  readonly frames: readonly { readonly line: number; readonly column: number }[];
  /**
   * Written while the VM ran promise jobs (a then that is kernel.log, called by the job with no
   * frame of the guest's: log-via-thenable): a line with no frames is unplaced for that reason.
   */
  readonly fromJob?: true;
}

/** Where a line was written, as the call stack says: the first few positions in the guest's file. */
export const LOG_FRAMES = 4;

/** What the VM knows at the moment a line is logged. */
export interface LogContext {
  readonly invocation: number;
  readonly atNs: number;
  readonly event: string | null;
  /** The guest's file name in stacks. */
  readonly filename: string;
  /** Lines of the evaluated text before the guest's first line (the native frame's), subtracted from stack lines. */
  readonly lineShift?: number;
  /** The VM is running promise jobs (LogEntry.fromJob). */
  readonly fromJob?: boolean;
}

/** What a guest logged: at most `maxLogEntries` entries of at most `maxLogChars` each; the rest counted as dropped. */
export class GuestLog {
  readonly entries: LogEntry[] = [];
  dropped = 0;

  constructor(private readonly limits: Pick<SandboxLimits, "maxLogEntries" | "maxLogChars">) {}

  append(text: unknown, stack: unknown, at: LogContext): undefined {
    if (this.entries.length >= this.limits.maxLogEntries) {
      this.dropped++;
      return undefined;
    }
    let s = typeof text === "string" ? text : String(text);
    if (s.length > this.limits.maxLogChars) s = `${s.slice(0, this.limits.maxLogChars)}…`;
    this.entries.push({
      invocation: at.invocation,
      text: s,
      atNs: at.atNs,
      event: at.event,
      frames:
        typeof stack === "string"
          ? framesIn(stack, at.filename, at.lineShift ?? 0)
          : Array.isArray(stack)
            ? framesOf(stack as readonly StackFrame[], at.filename, at.lineShift ?? 0)
            : [],
      ...(at.fromJob === true ? { fromJob: true as const } : {}),
    });
    return undefined;
  }
}

/** Positions of `filename` among structured frames, less `lineShift` lines, innermost first. */
function framesOf(
  frames: readonly StackFrame[],
  filename: string,
  lineShift: number,
): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  for (const f of frames) {
    if (f.file !== filename) continue;
    const line = f.line - lineShift;
    if (line >= 1) out.push({ line, column: f.column });
    if (out.length === LOG_FRAMES) break;
  }
  return out;
}

/**
 * `file:line:col` positions of `filename` in a QuickJS stack (guest-written: bounded, numbers
 * only), less `lineShift` lines: each a frame line's, read at its end (marshal.ts frameLine, as a
 * fault's position is), never one its name holds (a method named `(ext.js:60:1)`:
 * log-position-method-name). The V8 placements give their frames as V8 made them (framesOf).
 */
function framesIn(stack: string, filename: string, lineShift: number): { line: number; column: number }[] {
  const frame = frameLine(filename);
  const out: { line: number; column: number }[] = [];
  for (const text of stack.slice(0, 4000).split("\n")) {
    const m = frame.exec(text);
    if (m === null) continue;
    const line = Number(m[1]) - lineShift;
    if (line >= 1) out.push({ line, column: Number(m[2]) });
    if (out.length === LOG_FRAMES) break;
  }
  return out;
}
