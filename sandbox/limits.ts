import { SandboxUsageError } from "./errors.js";

/**
 * Resource limits of one sandbox VM.
 *
 * `budget` is counted in **interrupt polls**: QuickJS calls the interrupt handler once
 * every 10,000 "ticks" (a tick is one backward jump or one call; JS_INTERRUPT_COUNTER_INIT),
 * i.e. about 5,000 iterations of a simple `for` loop. The tick counter lives in the
 * context and carries over between invocations, so the poll count of a given sequence
 * of calls is deterministic. See docs/SANDBOX.md for the measured figures.
 */
export interface SandboxLimits {
  /** Interrupt polls allowed per invocation (and for module evaluation). */
  budget: number;
  /** Wall-clock safety net per invocation, in ms (non-deterministic by nature). */
  timeoutMs: number;
  /**
   * Host time all of the VM's calls may take together (module evaluation included), in ms: what
   * bounds a run when each call stays under its deadline (docs/SANDBOX.md, "Host time per run").
   */
  runTimeMs: number;
  /** QuickJS runtime memory limit, bytes. */
  memoryBytes: number;
  /** QuickJS max stack size, bytes. Above 256 KiB the host (V8) stack can overflow first. */
  stackBytes: number;
  /** Max length (UTF-16 code units) of one handler's JSON result. */
  maxResultChars: number;
  /** Max host-function calls (including log) per invocation. */
  maxHostCalls: number;
  /** Max log entries retained per VM; later entries are counted as dropped. */
  maxLogEntries: number;
  /** Max characters per log entry (longer entries are truncated). */
  maxLogChars: number;
}

export const DEFAULT_LIMITS: Readonly<SandboxLimits> = Object.freeze({
  budget: 100, // 1M ticks, ~500k simple loop iterations, ~25 ms (measured ~230 µs/poll)
  // A safety net well above the budget (~25 ms unloaded), so that a loaded machine (CI, two
  // cores) still stops runaways by the deterministic budget first.
  timeoutMs: 1000,
  // Over ten times what an example pager spends in the longest example run (measured on a loaded
  // 2-core machine: fifo.ts on zipf.json, 21,506 calls, 4.7 s; loop-aware.ts on looping.json,
  // 1.7 s), and a bound on what a run costs an extension that holds the host just under its
  // deadline on every event (docs/SANDBOX.md, "What a run costs the host").
  runTimeMs: 60_000,
  memoryBytes: 16 * 1024 * 1024,
  stackBytes: 256 * 1024,
  maxResultChars: 64 * 1024,
  maxHostCalls: 1_000,
  maxLogEntries: 200,
  maxLogChars: 1_024,
});

/**
 * The wall-clock limits of a VM a benchmark measures (`spin bench`): the largest allowed, so that
 * a call the loaded host preempted past the usual deadline (1 s) is measured, not failed (seen
 * at load 15 on 2 cores). The deterministic budget still stops a runaway.
 */
export const MEASURING_LIMITS = Object.freeze({ timeoutMs: 60_000, runTimeMs: 3_600_000 });

/** Hard bounds: values outside are rejected, not clamped. */
export const LIMIT_BOUNDS: Readonly<Record<keyof SandboxLimits, readonly [number, number]>> = Object.freeze({
  budget: [1, 1_000_000],
  timeoutMs: [1, 60_000],
  runTimeMs: [1, 3_600_000],
  memoryBytes: [1024 * 1024, 1024 * 1024 * 1024],
  stackBytes: [16 * 1024, 256 * 1024],
  maxResultChars: [16, 16 * 1024 * 1024],
  maxHostCalls: [0, 1_000_000],
  maxLogEntries: [0, 100_000],
  maxLogChars: [16, 1024 * 1024],
});

/**
 * Characters of log text a VM may keep (maxLogEntries x maxLogChars), bounded together: each
 * alone allowed 100,000 lines of 1 MiB, ~100 Gi characters kept in the kernel's process whatever
 * the placement (a server's lines too: server-vm.ts keeps them in the kernel's thread; red team
 * 16's log-capped-ignores-limits). 16 Mi characters (32 MiB as UTF-16) is 80 times the default
 * log (200 x 1,024); either limit at its own largest takes the other down with it (lines of
 * 1 MiB: 16 of them; 100,000 lines: 167 characters each).
 */
export const LOG_TEXT_BOUND = 16 * 1024 * 1024;

/**
 * Bound arguments one bound function may hold, its bound targets' counted in and each bind in the
 * chain counting one more: `Function.prototype.bind` past it is a RangeError in every placement
 * (guest/prelude.js, told it by the boot; native/bounded-strings.ts). A call of a bound function
 * copies every bound argument of its chain in C, QuickJS's js_call_bound_function a level at a
 * time, V8's CallBoundFunction builtin onto the stack, for the one tick or fuel unit of the call:
 * red team 18's bound-args-copy called one binding 24,000 numbers 60,000 times a call, to the
 * deadline, and in V8 past its termination (a held thread). A bound, not a charge at each call:
 * a wrapper would cost every call of every bound function, and a bind is a call written once.
 * 64 is more than a call written out in the source passes (whose arguments are each an
 * instruction of the guest's); measured, a call copying 64 is ~2 ns in V8 (a fuel unit is
 * 2-3 ns), and in QuickJS ~130 ns, about 5 ticks, with a chain of binds as deep.
 */
export const MAX_BOUND_ARGUMENTS = 64;

/**
 * Values a bind walks for kernel.log (red team 18, issue 10): kernel.log may not be bound (its
 * target, its receiver, or a value reachable in its bound arguments through arrays' and
 * objects' own data properties, where a bound `apply` or `Reflect.apply` would find it), since
 * a bound function calls it with no frame of the extension's, and QuickJS places an iterator's
 * `next` or `return` called by a for-of at a position the guest arranges. The walk reads
 * descriptors (no getter runs), is charged a unit a value, and past this many values the bind
 * is refused: 64 bound arguments of a few values each pass; a bind of a large graph is refused.
 */
export const MAX_BIND_WALK = 256;

/** Merge `partial` over the defaults and validate; throws SandboxUsageError listing every problem. */
export function resolveLimits(partial: Partial<SandboxLimits> = {}): SandboxLimits {
  const problems: string[] = [];
  const out = { ...DEFAULT_LIMITS } as SandboxLimits;
  for (const key of Object.keys(partial) as (keyof SandboxLimits)[]) {
    if (!(key in LIMIT_BOUNDS)) {
      problems.push(`unknown limit "${String(key)}"`);
      continue;
    }
    const v = partial[key];
    if (v === undefined) continue;
    const [min, max] = LIMIT_BOUNDS[key];
    if (typeof v !== "number" || !Number.isInteger(v)) {
      problems.push(`${key} must be an integer, got ${typeof v === "number" ? v : typeof v}`);
    } else if (v < min || v > max) {
      problems.push(`${key} must be within [${min}, ${max}], got ${v}`);
    } else {
      out[key] = v;
    }
  }
  if (problems.length === 0 && out.maxLogEntries * out.maxLogChars > LOG_TEXT_BOUND) {
    const n = (x: number) => x.toLocaleString("en-US");
    problems.push(
      `maxLogEntries x maxLogChars (the log text a VM may keep) must be at most ${n(LOG_TEXT_BOUND)} characters, got ${n(out.maxLogEntries)} x ${n(out.maxLogChars)} = ${n(out.maxLogEntries * out.maxLogChars)}`,
    );
  }
  if (problems.length > 0) throw new SandboxUsageError(`invalid sandbox limits: ${problems.join("; ")}`);
  return out;
}
