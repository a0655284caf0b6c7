/**
 * SandboxVM: one extension in its own QuickJS WASM instance, runtime and context.
 *
 * Common path = ONE host->guest crossing: `invoke`/`invokeMany` pass a single JSON string
 * `[[event, index, args], ...]` to the guest dispatcher (prelude.ts), which runs the handlers
 * and JSON-encodes their results *inside the guest* under the same budget, and returns one
 * string. Promises add a job drain and one `collect()` crossing.
 *
 * Handle discipline (quickjs-emscripten style): every handle is disposed in `finally` or owned
 * by the VM (the four protocol functions, disposed in `dispose()`). After an out-of-memory
 * fault or a WASM abort the VM is marked dead and nothing is touched again: references are
 * dropped and the isolated WASM instance is left to the garbage collector.
 */
import {
  DefaultIntrinsics,
  Scope,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from "quickjs-emscripten";
import { WallClock, type CallClock, type DeadlineKind, type EventDeadline, type GuestCall } from "./call-clock.js";
import { WASM_INITIAL_BYTES, newIsolatedQuickJS } from "./engine.js";
import {
  BudgetExceeded,
  FAULT_KINDS,
  HostTimeSpent,
  InvalidResult,
  OutOfMemory,
  SandboxUsageError,
  StackOverflow,
  Timeout,
  UnresolvedPromise,
  VmDead,
  fail,
  ok,
  type FaultKind,
  type GuestPosition,
  type Result,
  type SandboxFault,
} from "./errors.js";
import { resolveLimits, type SandboxLimits } from "./limits.js";
import {
  envelopeResult,
  parseEnvelope,
  parseEnvelopes,
  positionFromStack,
  readHostArg,
  toGuest,
  type Envelope,
  type HostFunction,
} from "./marshal.js";
import { API_GLOBAL, EXTENSION_API_MODULE, EXTENSION_API_SOURCE, PRELUDE_SOURCE } from "./prelude.js";

export interface SandboxOptions {
  /** Plain JavaScript source of an ES module (already transpiled). */
  source: string;
  /** Name used in guest stacks; positions in faults refer to this file. Default "extension.js". */
  filename?: string;
  limits?: Partial<SandboxLimits>;
  /** Seed of the guest's Math.random (mulberry32). Default 0x5eed. */
  seed?: number;
  /** Simulated time returned by the guest's Date.now(). Default: always 0. */
  clock?: () => number;
  /** Extra host functions, exposed as `kernel.<name>` (import or handler 2nd argument). */
  hostFunctions?: Record<string, HostFunction>;
  /**
   * The wall clock of this VM's calls (call-clock.ts); VMs of one supervised simulation share
   * one, so that the run can be replayed. Default: a clock of its own on `performance.now()`.
   */
  callClock?: CallClock;
}

/** Per-invocation options beyond the VM's limits. */
export interface InvokeOptions {
  /** The time cap of the event this batch runs for (all its handlers, every extension, together). */
  readonly eventDeadline?: EventDeadline;
}

export interface HandlerInfo {
  name: string;
  options: unknown;
  guard: unknown;
}

/** What the extension registered through `defineExtension`, read once after evaluation. */
export interface ExtensionManifest {
  name: string | null;
  events: Record<string, HandlerInfo[]>;
}

export interface HandlerCall {
  event: string;
  index: number;
  args?: unknown;
}

/** `instructions` are interrupt polls (1 poll = 10,000 QuickJS ticks; see limits.ts). */
export interface Invocation {
  value: unknown;
  instructions: number;
}

export interface BatchInvocation {
  results: Result<unknown, SandboxFault>[];
  instructions: number;
}

export interface LogEntry {
  /** 0 for module evaluation, then the 1-based invocation number. */
  invocation: number;
  text: string;
}

export interface SandboxStats {
  invocations: number;
  handlerCalls: number;
  instructions: number;
  hostCalls: number;
  faults: Record<FaultKind, number>;
  logDropped: number;
  /** Calls the clock said an earlier attempt had to kill (they failed without running). */
  killedCalls: number;
}

export type VmState = "alive" | "dead" | "disposed";

type AbortReason = "budget" | "timeout" | "host-calls" | "memory";

/** Per-run accounting, consulted by the interrupt handler. */
class Meter {
  polls = 0;
  hostCalls = 0;
  abort: AbortReason | null = null;
  /** Which deadline a `timeout` abort overran. */
  overran: DeadlineKind = "invocation";
  constructor(
    readonly budget: number,
    readonly call: GuestCall,
    readonly eventLimitMs: number | undefined,
    /** The deadline messages name: one handler's timeout, or module evaluation's. */
    readonly timeoutMs: number,
  ) {}

  /** A deadline check (at a poll, between job chunks): true when the call must stop. */
  deadlinePassed(): boolean {
    const kind = this.call.expired();
    if (kind === undefined) return false;
    this.overran = kind;
    return true;
  }
}

const JOB_CHUNK = 256;
/**
 * The deadline of module evaluation is at least this (ms): it includes the sandbox's own setup
 * (the prelude: ~15 ms unloaded, several times that on a loaded machine), which no extension
 * should be refused for, however small the timeout of its handlers (docs/SANDBOX.md).
 */
export const EVALUATION_TIMEOUT_MS = 1_000;
const DEFAULT_FILENAME = "extension.js";

/** Create a VM and evaluate the extension module. Faults during evaluation are returned. */
export async function createSandboxVM(options: SandboxOptions): Promise<Result<SandboxVM, SandboxFault>> {
  const limits = resolveLimits(options.limits);
  // The same bound as the host's own check (hardHeapBytes), enforced by the WASM memory itself.
  const quickjs = await newIsolatedQuickJS(WASM_INITIAL_BYTES + 2 * limits.memoryBytes);
  const vm = new SandboxVM(quickjs.newRuntime(), options, limits);
  const boot = vm.boot(options.source);
  if (!boot.ok) {
    vm.dispose();
    return boot;
  }
  return ok(vm);
}

interface Protocol {
  dispatch: QuickJSHandle;
  collect: QuickJSHandle;
  describe: QuickJSHandle;
  describeThrown: QuickJSHandle;
}

export class SandboxVM implements Disposable {
  readonly limits: SandboxLimits;
  readonly filename: string;
  private rt: QuickJSRuntime | undefined;
  private ctx: QuickJSContext | undefined;
  private protocol: Protocol | undefined;
  private meter: Meter | undefined;
  /**
   * QuickJS's own memory limit is not enough in this build: its allocator's accounting
   * undercounts large blocks, so one allocation above the limit fails but many just below it
   * succeed, and a guest that catches the error grows by ~16 MiB per invocation (found by the
   * oom-caught exercise: 100 MiB after six calls under a 16 MiB limit). So the host checks too:
   * the WASM heap's size is read at every poll (cheap; above `hardHeapBytes` the invocation is
   * aborted) and, whenever it has grown, the exact heap in use is computed after the invocation
   * (over the limit: the VM is retired as out of memory).
   */
  private heapChecked = 0;
  private hardHeapBytes = 0;
  private running = false;
  private _state: VmState = "alive";
  private deathCause: string | undefined;
  /** true once the WASM instance must not be touched at all (OOM, abort). */
  private poisoned = false;
  private _manifest: ExtensionManifest = { name: null, events: {} };
  private readonly _logs: LogEntry[] = [];
  private readonly _stats: SandboxStats = {
    invocations: 0,
    handlerCalls: 0,
    instructions: 0,
    hostCalls: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    logDropped: 0,
    killedCalls: 0,
  };
  /** Host time of this VM's calls so far, on its clock (ms): what `runTimeMs` bounds. */
  private hostMs = 0;
  private readonly options: SandboxOptions;
  private readonly callClock: CallClock;

  /** @internal use createSandboxVM */
  constructor(rt: QuickJSRuntime, options: SandboxOptions, limits: SandboxLimits) {
    this.rt = rt;
    this.options = options;
    this.limits = limits;
    this.filename = options.filename ?? DEFAULT_FILENAME;
    this.callClock = options.callClock ?? new WallClock();
    rt.setMemoryLimit(limits.memoryBytes);
    rt.setMaxStackSize(limits.stackBytes);
    rt.setInterruptHandler(() => this.onInterrupt());
    rt.setModuleLoader((name) =>
      name === EXTENSION_API_MODULE
        ? EXTENSION_API_SOURCE
        : { error: new Error(`module "${name}" is not available in the sandbox`) },
    );
    this.ctx = rt.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } });
    this.heapChecked = this.wasmHeapBytes();
    this.hardHeapBytes = this.heapChecked + 2 * limits.memoryBytes;
  }

  get state(): VmState {
    return this._state;
  }
  /** Why the VM died (undefined while alive). */
  get cause(): string | undefined {
    return this.deathCause;
  }
  get manifest(): ExtensionManifest {
    return this._manifest;
  }
  /** Collected guest log output (never printed). */
  get logs(): readonly LogEntry[] {
    return this._logs;
  }
  get stats(): Readonly<SandboxStats> {
    return { ...this._stats, faults: { ...this._stats.faults } };
  }

  /** QuickJS heap bytes in use (`memory_used_size`), or undefined if the VM is not alive/idle. */
  memoryUsage(): number | undefined {
    if (this._state !== "alive" || this.running || this.poisoned) return undefined;
    return this.heapInUse();
  }

  /** Bytes of the VM's WASM memory (it only grows). */
  private wasmHeapBytes(): number {
    const mod = (this.rt as unknown as { module?: { HEAPU8?: Uint8Array } } | undefined)?.module;
    return mod?.HEAPU8?.byteLength ?? 0;
  }

  /** QuickJS heap in use (`memory_used_size`); only outside guest code. */
  private heapInUse(): number | undefined {
    const ctx = this.ctx!;
    const h = this.rt!.computeMemoryUsage();
    try {
      const used = ctx.getProp(h, "memory_used_size");
      try {
        return ctx.typeof(used) === "number" ? ctx.getNumber(used) : undefined;
      } finally {
        used.dispose();
      }
    } finally {
      h.dispose();
    }
  }

  /** After an invocation: if the WASM heap grew, is the guest over its memory limit? */
  private overMemoryLimit(): number | undefined {
    if (this._state !== "alive" || this.poisoned) return undefined;
    const bytes = this.wasmHeapBytes();
    if (bytes <= this.heapChecked) return undefined;
    this.heapChecked = bytes;
    const used = this.heapInUse();
    return used !== undefined && used > this.limits.memoryBytes ? used : undefined;
  }

  private onInterrupt(): boolean {
    const m = this.meter;
    if (m === undefined) return false;
    m.polls++;
    if (m.abort !== null) return true;
    if (this.wasmHeapBytes() >= this.hardHeapBytes) {
      m.abort = "memory";
      return true;
    }
    if (m.polls > m.budget) {
      m.abort = "budget";
      return true;
    }
    if (m.deadlinePassed()) {
      m.abort = "timeout";
      return true;
    }
    return false;
  }

  // ---- creation ------------------------------------------------------------------------

  /** @internal Install the prelude, evaluate the module, read the manifest. */
  boot(source: string): Result<void, SandboxFault> {
    return this.guarded(0, () => {
      const ctx = this.ctx!;
      const scope = new Scope();
      try {
        const boot = scope.manage(ctx.newObject());
        ctx.setProp(boot, "seed", scope.manage(ctx.newNumber((this.options.seed ?? 0x5eed) >>> 0)));
        ctx.setProp(boot, "maxResultChars", scope.manage(ctx.newNumber(this.limits.maxResultChars)));
        ctx.setProp(boot, "maxLogChars", scope.manage(ctx.newNumber(this.limits.maxLogChars)));
        ctx.setProp(boot, "log", scope.manage(this.hostFunction("log", (text) => this.appendLog(text))));
        const clock = this.options.clock ?? (() => 0);
        ctx.setProp(boot, "now", scope.manage(this.hostFunction("now", () => clock())));
        const fns = scope.manage(ctx.newObject());
        for (const [name, fn] of Object.entries(this.options.hostFunctions ?? {})) {
          if (typeof fn !== "function") throw new SandboxUsageError(`hostFunctions.${name} is not a function`);
          ctx.setProp(fns, name, scope.manage(this.hostFunction(name, fn)));
        }
        ctx.setProp(boot, "fns", fns);

        const factory = this.eval(PRELUDE_SOURCE, "sandbox-prelude.js", "global");
        if (!factory.ok) return factory;
        scope.manage(factory.value);
        const made = this.call(factory.value, boot);
        if (!made.ok) return made;
        const proto = scope.manage(made.value);
        this.protocol = {
          dispatch: ctx.getProp(proto, "dispatch"),
          collect: ctx.getProp(proto, "collect"),
          describe: ctx.getProp(proto, "describe"),
          describeThrown: ctx.getProp(proto, "describeThrown"),
        };
        ctx.setProp(ctx.global, API_GLOBAL, scope.manage(ctx.getProp(proto, "api")));

        const mod = this.eval(source, this.filename, "module");
        if (!mod.ok) return mod;
        scope.manage(mod.value);
        const drained = this.drainJobs();
        if (!drained.ok) return drained;
        const settled = this.settledModule(mod.value);
        if (!settled.ok) return settled;
        ctx.setProp(ctx.global, API_GLOBAL, ctx.undefined);
        const deleted = this.eval(`delete globalThis.${API_GLOBAL}`, "sandbox-boot.js", "global");
        if (!deleted.ok) return deleted;
        deleted.value.dispose();

        const described = this.callString(this.protocol.describe, undefined);
        if (!described.ok) return described;
        return this.readManifest(described.value);
      } finally {
        if (!this.poisoned) scope.dispose();
      }
    }).result;
  }

  private settledModule(h: QuickJSHandle): Result<void, SandboxFault> {
    const ctx = this.ctx!;
    const st = ctx.getPromiseState(h);
    if (st.type === "pending") return fail(new UnresolvedPromise("module top-level await never settled"));
    if (st.type === "rejected") {
      const f = this.faultFromThrown(st.error);
      return fail(f);
    }
    if (st.notAPromise !== true) st.value.dispose();
    return ok(undefined);
  }

  private readManifest(text: string): Result<void, SandboxFault> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return fail(new InvalidResult("extension registry is not JSON"));
    }
    const p = parsed as { defined?: unknown; name?: unknown; events?: unknown; error?: unknown };
    if (p.defined !== true) return fail(new InvalidResult("the module did not call defineExtension()"));
    if (typeof p.error === "string") return fail(new InvalidResult(p.error));
    const events: Record<string, HandlerInfo[]> = {};
    if (p.events !== null && typeof p.events === "object") {
      for (const [ev, list] of Object.entries(p.events as Record<string, unknown>)) {
        if (!Array.isArray(list)) return fail(new InvalidResult(`malformed registry for "${ev}"`));
        events[ev] = list.map((h: { name?: unknown; options?: unknown; guard?: unknown }) => ({
          name: typeof h.name === "string" ? h.name : "",
          options: h.options ?? null,
          guard: h.guard ?? null,
        }));
      }
    }
    this._manifest = { name: typeof p.name === "string" ? p.name : null, events };
    return ok(undefined);
  }

  // ---- invocation ----------------------------------------------------------------------

  /** Run one handler. One crossing unless it returns a promise. */
  invoke(event: string, handlerIndex: number, args?: unknown, options: InvokeOptions = {}): Result<Invocation, SandboxFault> {
    const r = this.invokeMany([{ event, index: handlerIndex, args }], options);
    if (!r.ok) return r;
    const only = r.value.results[0]!;
    return only.ok ? ok({ value: only.value, instructions: r.value.instructions }) : only;
  }

  /**
   * Run several handlers of this VM in one crossing. They share one budget of
   * `limits.budget × calls.length` polls and one deadline of `timeoutMs × calls.length`:
   * a budget/timeout/memory fault faults the whole batch; exceptions and invalid results
   * are per handler. With `eventDeadline` the batch also stops when its event's time is up
   * (and does not start if it already is).
   */
  invokeMany(calls: readonly HandlerCall[], options: InvokeOptions = {}): Result<BatchInvocation, SandboxFault> {
    const n = Math.max(1, calls.length);
    const payload = JSON.stringify(calls.map((c) => [c.event, c.index, c.args ?? null]));
    this._stats.invocations++;
    this._stats.handlerCalls += calls.length;
    const { result, polls } = this.guarded(n, () => {
      const out = this.callString(this.protocol!.dispatch, payload);
      if (!out.ok) return out;
      const envs = parseEnvelopes(out.value, this.limits.maxResultChars * n + 64 * n, calls.length);
      if (envs instanceof InvalidResult) return fail(envs);
      const drained = this.drainJobs();
      if (!drained.ok) return drained;
      if (envs.some((e) => e.t === "p")) {
        const col = this.callString(this.protocol!.collect, undefined);
        if (!col.ok) return col;
        const settled = parseEnvelopes(col.value, this.limits.maxResultChars * n + 64 * n, countPending(envs));
        if (settled instanceof InvalidResult) return fail(settled);
        for (let i = 0; i < envs.length; i++) {
          const e = envs[i]!;
          if (e.t === "p") envs[i] = settled[e.k] ?? { t: "n" };
        }
      }
      const results = envs.map((e) => envelopeResult(e, this.filename));
      for (const r of results) {
        if (!r.ok && r.error.kind === "memory") {
          // Caught in the guest, but the heap is at its limit: retire without touching it.
          this.kill(`out of memory: ${r.error.message}`, true);
          return fail(r.error);
        }
      }
      return ok(results);
    }, options.eventDeadline);
    if (!result.ok) return result;
    for (const r of result.value) if (!r.ok) this._stats.faults[r.error.kind]++;
    return ok({ results: result.value, instructions: polls });
  }

  /**
   * Run `body` with a fresh meter (budget multiplier `n`, 0 = module evaluation budget),
   * turning aborts into faults, host exceptions into a dead VM, and updating stats. The call is
   * one guest call of the clock: a call the clock says was killed in an earlier attempt, or
   * whose event's time is already up, fails with a timeout without running.
   */
  private guarded<T>(n: number, body: () => Result<T, SandboxFault>, eventDeadline?: EventDeadline): { result: Result<T, SandboxFault>; polls: number } {
    if (this._state !== "alive") {
      const f = new VmDead(`sandbox VM is ${this._state}${this.deathCause ? `: ${this.deathCause}` : ""}`);
      this._stats.faults.dead++;
      return { result: fail(f), polls: 0 };
    }
    if (this.running) throw new SandboxUsageError("re-entrant sandbox invocation (a host function called back into its VM)");
    const k = Math.max(1, n);
    const timeoutMs = n === 0 ? Math.max(this.limits.timeoutMs, EVALUATION_TIMEOUT_MS) : this.limits.timeoutMs * k;
    const startedAt = this.callClock.now();
    const runLeftMs = this.limits.runTimeMs - this.hostMs;
    const call = this.callClock.begin(eventDeadline ? { timeoutMs, event: eventDeadline, runLeftMs } : { timeoutMs, runLeftMs });
    const meter = new Meter(this.limits.budget * k, call, eventDeadline?.limitMs, n === 0 ? timeoutMs : this.limits.timeoutMs);
    this.meter = meter;
    this.running = true;
    let result: Result<T, SandboxFault>;
    try {
      if (call.killed !== undefined) {
        this._stats.killedCalls++;
        meter.abort = "timeout";
        meter.overran = call.killed;
      } else if (meter.deadlinePassed()) {
        // Its event's time, or the VM's host time for the run, is already up: it does not start.
        meter.abort = "timeout";
      }
      result = meter.abort !== null ? fail(this.abortFault(meter.abort, meter)) : body();
      // An abort wins over whatever the guest produced: async functions turn the uncatchable
      // "interrupted" error into a rejection, and host-call floods are flagged, not thrown.
      if (meter.abort !== null && this._state === "alive") result = fail(this.abortFault(meter.abort, meter, positionOfAbort(result)));
      // Retired as poisoned, like any out-of-memory VM: freeing a runtime interrupted mid-allocation
      // trips QuickJS's leak assertion in JS_FreeRuntime (measured), so it is left to the GC.
      if (meter.abort === "memory") this.kill("out of memory: guest ran out of memory (its WASM heap outgrew the limit)", true);
      else if (this._state === "alive" && !this.poisoned && this.wasmHeapBytes() >= this.hardHeapBytes) {
        // The WASM memory is at its maximum (createSandboxVM): an allocation failed inside QuickJS,
        // which the guest may have seen as anything (a rejection with null, a caught error).
        result = fail(new OutOfMemory("guest ran out of memory"));
        this.kill("out of memory: guest ran out of memory (its WASM heap reached its maximum)", true);
      } else {
        const over = this.overMemoryLimit();
        if (over !== undefined) {
          result = fail(new OutOfMemory("guest ran out of memory"));
          this.kill(`out of memory: guest ran out of memory (${(over / 1048576).toFixed(1)} MiB in use, limit ${(this.limits.memoryBytes / 1048576).toFixed(1)} MiB)`, true);
        }
      }
    } catch (e) {
      if (e instanceof SandboxUsageError) throw e;
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      this.kill(`host-side failure: ${msg}`, true);
      result = fail(new VmDead(`sandbox VM died: ${msg}`));
    } finally {
      this.running = false;
      this.meter = undefined;
      this.callClock.end(call);
      this.hostMs += this.callClock.now() - startedAt;
    }
    this._stats.instructions += meter.polls;
    if (!result.ok) {
      this._stats.faults[result.error.kind]++;
      // A fault that leaves microtasks queued would leak them into the next invocation, and
      // QuickJS cannot drop queued jobs: JS_FreeRuntime then aborts on its leak assertion
      // (measured). So such a VM is retired as poisoned: never freed, left to the GC.
      if (this._state === "alive" && !this.poisoned && this.rt!.hasPendingJob()) {
        this.kill(`retired after a ${result.error.kind} fault left pending jobs (microtask flood)`, true);
      }
    }
    return { result, polls: meter.polls };
  }

  /** Drain microtasks in chunks under the current meter. */
  private drainJobs(): Result<void, SandboxFault> {
    const rt = this.rt!;
    const meter = this.meter!;
    while (rt.hasPendingJob()) {
      if (meter.abort === null && meter.deadlinePassed()) meter.abort = "timeout";
      if (meter.abort !== null) return fail(this.abortFault(meter.abort));
      const r = rt.executePendingJobs(JOB_CHUNK);
      if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
    }
    return ok(undefined);
  }

  // ---- guest calls ---------------------------------------------------------------------

  private eval(code: string, filename: string, type: "global" | "module"): Result<QuickJSHandle, SandboxFault> {
    const r = this.ctx!.evalCode(code, filename, { type, strict: true });
    if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
    return ok(r.value);
  }

  private call(fn: QuickJSHandle, arg: QuickJSHandle): Result<QuickJSHandle, SandboxFault> {
    const ctx = this.ctx!;
    const r = ctx.callFunction(fn, ctx.undefined, arg);
    if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
    return ok(r.value);
  }

  /** Call a protocol function with an optional string argument; expect a string back. */
  private callString(fn: QuickJSHandle, arg: string | undefined): Result<string, SandboxFault> {
    const ctx = this.ctx!;
    const argHandle = arg === undefined ? ctx.undefined : ctx.newString(arg);
    let res;
    try {
      res = ctx.callFunction(fn, ctx.undefined, argHandle);
    } finally {
      argHandle.dispose();
    }
    if (res.error !== undefined) return fail(this.faultFromThrown(res.error));
    const h = res.value;
    try {
      if (ctx.typeof(h) !== "string") return fail(new InvalidResult("dispatcher did not return a string"));
      return ok(ctx.getString(h));
    } finally {
      h.dispose();
    }
  }

  private abortFault(reason: AbortReason, m: Meter = this.meter!, position?: GuestPosition): SandboxFault {
    if (reason === "timeout") {
      if (m.overran === "run") return new HostTimeSpent(`guest used up its ${this.limits.runTimeMs} ms of host time for the run (all its calls together)`, position);
      return m.overran === "event"
        ? new Timeout(`guest exceeded the ${m.eventLimitMs ?? "?"} ms deadline of its event (all the event's handlers together)`, position)
        : new Timeout(`guest exceeded the ${m.timeoutMs} ms deadline`, position);
    }
    if (reason === "memory") return new OutOfMemory("guest ran out of memory", position);
    if (reason === "host-calls") return new BudgetExceeded(`more than ${this.limits.maxHostCalls} host calls in one invocation`, position);
    return new BudgetExceeded(`guest exceeded its budget of ${m.budget} polls (${m.budget * 10_000} ticks)`, position);
  }

  /**
   * Where the guest was when it was interrupted: QuickJS's own "interrupted" error carries a
   * stack as a plain data property, so reading it runs no guest code.
   */
  private interruptedAt(err: QuickJSHandle): GuestPosition | undefined {
    const ctx = this.ctx!;
    try {
      if (ctx.typeof(err) !== "object") return undefined;
      const stack = ctx.getProp(err, "stack");
      try {
        return ctx.typeof(stack) === "string" ? positionFromStack(ctx.getString(stack), this.filename) : undefined;
      } finally {
        stack.dispose();
      }
    } catch {
      return undefined;
    }
  }

  /**
   * Turn a guest error handle (owned: consumed here) into a fault. Aborts come from the meter;
   * anything else is described *by the guest* (so traps run under budget, not on the host).
   */
  private faultFromThrown(err: QuickJSHandle): SandboxFault {
    const m = this.meter!;
    if (m.abort !== null) {
      const position = this.interruptedAt(err);
      err.dispose();
      return this.abortFault(m.abort, m, position);
    }
    const ctx = this.ctx!;
    let res;
    if (this.protocol !== undefined) {
      res = ctx.callFunction(this.protocol.describeThrown, ctx.undefined, err);
    }
    if (res === undefined || res.error !== undefined) {
      // Could not even describe: either the prelude is not installed yet (boot errors)
      // or the guest is at its memory limit.
      if (res?.error !== undefined && m.abort !== null) {
        res.error.dispose();
        err.dispose();
        return this.abortFault(m.abort);
      }
      if (res === undefined) {
        const msg = describeBootError(ctx, err);
        err.dispose();
        return new InvalidResult(`sandbox prelude failed: ${msg}`);
      }
      this.kill("out of memory while describing a guest exception", true);
      return new OutOfMemory("guest ran out of memory");
    }
    let text: string;
    try {
      text = ctx.typeof(res.value) === "string" ? ctx.getString(res.value) : "";
    } finally {
      res.value.dispose();
    }
    const env = parseEnvelope(text, 16 * 1024);
    if (env instanceof InvalidResult) {
      err.dispose();
      return env;
    }
    if (env.t === "m") {
      this.kill("guest ran out of memory", true); // do not dispose `err` after OOM
      return new OutOfMemory("guest ran out of memory");
    }
    err.dispose();
    if (env.t === "s") return new StackOverflow("guest stack overflow");
    const r = envelopeResult(env as Envelope, this.filename);
    return r.ok ? new InvalidResult("guest error could not be classified") : r.error;
  }

  // ---- host functions and log ----------------------------------------------------------

  private hostFunction(name: string, fn: HostFunction): QuickJSHandle {
    const ctx = this.ctx!;
    return ctx.newFunction(name, (...argHandles) => {
      const m = this.meter;
      if (m !== undefined) {
        m.hostCalls++;
        if (m.hostCalls > this.limits.maxHostCalls) {
          if (m.abort === null) m.abort = "host-calls";
          throw new Error("host call limit exceeded");
        }
      }
      this._stats.hostCalls++;
      const args = argHandles.map((h) => readHostArg(ctx, h) ?? null);
      return toGuest(ctx, fn(...args));
    });
  }

  private appendLog(text: unknown): undefined {
    if (this._logs.length >= this.limits.maxLogEntries) {
      this._stats.logDropped++;
      return undefined;
    }
    let s = typeof text === "string" ? text : String(text);
    if (s.length > this.limits.maxLogChars) s = `${s.slice(0, this.limits.maxLogChars)}…`;
    this._logs.push({ invocation: this._stats.invocations, text: s });
    return undefined;
  }

  // ---- lifetime ------------------------------------------------------------------------

  /**
   * Mark dead. `poisoned` = the WASM instance must never be touched again (OOM, abort):
   * handles are dropped, not disposed.
   */
  private kill(cause: string, poisoned: boolean): void {
    if (this._state !== "alive") return;
    this._state = "dead";
    this.deathCause = cause;
    if (poisoned) {
      this.poisoned = true;
      this.protocol = undefined;
      this.ctx = undefined;
      this.rt = undefined;
    }
  }

  /** Free the VM. Safe to call more than once and after any fault (never touches a poisoned VM). */
  dispose(): void {
    if (this._state === "disposed") return;
    if (this.running) throw new SandboxUsageError("cannot dispose a sandbox VM from inside one of its invocations");
    const wasPoisoned = this.poisoned;
    this._state = "disposed";
    this.deathCause ??= "disposed";
    if (!wasPoisoned) {
      try {
        if (this.protocol !== undefined) {
          for (const h of Object.values(this.protocol)) h.dispose();
        }
        this.ctx?.dispose();
        this.rt?.dispose();
      } catch (e) {
        // A failing QuickJS free means the instance is corrupt; there is nothing left to save.
        this.deathCause = `dispose failed: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    this.protocol = undefined;
    this.ctx = undefined;
    this.rt = undefined;
  }

  [Symbol.dispose](): void {
    this.dispose();
  }
}

function countPending(envs: Envelope[]): number {
  let n = 0;
  for (const e of envs) if (e.t === "p") n++;
  return n;
}

/** Only used for errors thrown by our own prelude/boot code (no guest code has run yet). */
function describeBootError(ctx: QuickJSContext, err: QuickJSHandle): string {
  try {
    const d: unknown = ctx.dump(err);
    return typeof d === "object" && d !== null ? JSON.stringify(d) : String(d);
  } catch {
    return "unknown error";
  }
}

/**
 * The guest usually sees the interrupt as an exception it cannot handle; its description, which
 * came back as the result, says where the guest was when the budget ran out.
 */
function positionOfAbort(result: Result<unknown, SandboxFault>): GuestPosition | undefined {
  if (!result.ok) return result.error.position;
  const results = (result.value as { results?: unknown } | undefined)?.results ?? result.value;
  if (!Array.isArray(results)) return undefined;
  for (const r of results as Result<unknown, SandboxFault>[]) if (r && !r.ok && r.error.position) return r.error.position;
  return undefined;
}
