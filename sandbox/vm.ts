/**
 * SandboxVM: one extension in its own QuickJS WASM instance, runtime and context.
 *
 * Common path = ONE host->guest crossing: `invoke`/`invokeMany` write the calls and their
 * arguments as numbers into the wire (wire.ts: a Float64Array in the guest's memory, lists kept in
 * step by edits, shared arguments of a batch once) and call the guest dispatcher
 * (guest/prelude.js), which runs the handlers and encodes their results *inside the guest* under
 * the same budget: fixed-shape plain results as numbers in the wire, anything else as the JSON
 * envelope it always was (arguments that fit no layout go as JSON too). Promises add a job drain
 * and one `collect()` crossing.
 *
 * The parts: booting and the manifest (boot.ts), metering (meter.ts), the memory guard
 * (memory-guard.ts), fault classification (guest-faults.ts), host functions and the log
 * (host-functions.ts). Who owns which QuickJS handle:
 *   - the VM: its runtime and context, and the protocol functions (GuestProtocol), freed by
 *     dispose(); a runtime whose context cannot be made is freed by the constructor;
 *   - createSandboxVM: the VM until its boot succeeded (a failed or throwing boot frees it);
 *   - boot: its own handles (the prelude's argument, the module...), in a scope freed when it ends;
 *   - every other block: the handles it makes, with `using` (owned.ts for those it may hand over).
 * After an out-of-memory fault or a WASM abort the VM is marked dead and nothing is touched again:
 * references are dropped and the isolated WASM instance is left to the garbage collector.
 */
import "./dispose-symbol.js";
import {
  DefaultIntrinsics,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from "quickjs-emscripten";
import { bootObject, GuestProtocol, readManifest, type ExtensionManifest } from "./boot.js";
import { WallClock, type CallClock, type EventDeadline } from "./call-clock.js";
import { newIsolatedQuickJS, quickjsLimitBytes, wasmMaximumBytes } from "./engine.js";
import {
  FAULT_KINDS,
  InvalidResult,
  OutOfMemory,
  SandboxUsageError,
  UnresolvedPromise,
  VmDead,
  fail,
  ok,
  stoppedByWallClock,
  type FaultKind,
  type Result,
  type SandboxFault,
} from "./errors.js";
import { faultFromThrown, positionOfAbort } from "./guest-faults.js";
import { GuestLog, newHostFunction, type HostCallSite, type LogEntry } from "./host-functions.js";
import { MAX_BIND_WALK, MAX_BOUND_ARGUMENTS, resolveLimits, type SandboxLimits } from "./limits.js";
import { envelopeResult, parseEnvelopes, type Envelope, type HostFunction } from "./marshal.js";
import { MemoryGuard } from "./memory-guard.js";
import { WireBuffer, directCall } from "./wire-memory.js";
import {
  H_CAPACITY,
  H_FUEL,
  H_FUEL_REPORTS,
  H_STATUS,
  HEADER,
  CALL_DOUBLES,
  CALL_FUEL,
  WireEncoder,
  WireOverflow,
  type EncodedCalls,
  decodeReplies,
  layoutsForGuest,
} from "./wire.js";
import { Meter, abortFault } from "./meter.js";
import { Owned } from "./owned.js";
import { API_GLOBAL, EXTENSION_API_MODULE, EXTENSION_API_SOURCE, PRELUDE_SOURCE } from "./prelude.js";

export type { ExtensionManifest, HandlerInfo } from "./boot.js";
export type { LogEntry } from "./host-functions.js";

/** Where a VM's QuickJS runtime comes from. */
export type QuickJSEngine = Pick<QuickJSWASMModule, "newRuntime">;

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
  /**
   * The QuickJS module the VM's runtime is made from, given the most WASM memory it may grow to.
   * Default: a fresh isolated instance of the release build (engine.ts). Tests hand in the
   * DEBUG_SYNC build, whose leak check sees every handle left behind.
   */
  engine?: (maxMemoryBytes: number) => Promise<QuickJSEngine>;
  /**
   * false: every crossing goes through the guest's general `dispatch`, one call of a flat event
   * too (by default its `flatCall`, which spends the same ticks: test/sandbox/flat-call.test.ts
   * compares the two).
   */
  flatCalls?: boolean;
}

/** Per-invocation options beyond the VM's limits. */
export interface InvokeOptions {
  /** The time cap of the event this batch runs for (all its handlers, every extension, together). */
  readonly eventDeadline?: EventDeadline;
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

const JOB_CHUNK = 256;
/** The dispatcher's value when every reply is on the wire (one result object, not one per crossing). */
const NOTHING: Result<undefined, never> = Object.freeze({ ok: true, value: undefined });
/** The wire's first size (doubles, 32 KiB); it doubles as a batch needs, up to WIRE_MAX_DOUBLES. */
const WIRE_INITIAL_DOUBLES = 4096;
const WIRE_MAX_DOUBLES = 1 << 22;
/** The guest's layouts, the same for every VM. */
let guestLayouts: string | undefined;
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
  // The same bound as the host's own check (MemoryGuard.hardHeapBytes), enforced by the WASM memory itself.
  const quickjs = await (options.engine ?? newIsolatedQuickJS)(wasmMaximumBytes(limits.memoryBytes));
  // Ours until it has booted: a boot that fails, or throws, leaves nothing behind.
  using owned = new Owned();
  const vm = owned.own(new SandboxVM(quickjs.newRuntime(), options, limits));
  const boot = vm.boot(options.source);
  if (!boot.ok) return boot;
  owned.handOver();
  return ok(vm);
}

export class SandboxVM implements ExtensionVM {
  readonly limits: SandboxLimits;
  readonly filename: string;
  private rt: QuickJSRuntime | undefined;
  private ctx: QuickJSContext | undefined;
  private protocol: GuestProtocol | undefined;
  private meter: Meter | undefined;
  private readonly memory: MemoryGuard;
  private running = false;
  private _state: VmState = "alive";
  private deathCause: string | undefined;
  /** true once the WASM instance must not be touched at all (OOM, abort). */
  private poisoned = false;
  private _manifest: ExtensionManifest = { name: null, events: {} };
  private readonly log: GuestLog;
  /** The event of the handlers running now (one crossing is one event's); null during evaluation. */
  private currentEvent: string | null = null;
  private readonly _stats: Omit<SandboxStats, "logDropped"> = {
    invocations: 0,
    handlerCalls: 0,
    instructions: 0,
    hostCalls: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    killedCalls: 0,
  };
  /** Host time of this VM's calls so far, on its clock (ms): what `runTimeMs` bounds. */
  private hostMs = 0;
  private readonly options: SandboxOptions;
  private readonly callClock: CallClock;
  /** The wire (wire.ts) and what the guest holds of its lists. */
  private wire: WireBuffer | undefined;
  private readonly encoder = new WireEncoder();
  /** A guest call without quickjs-emscripten's per-call wrappers (wire-memory.ts); undefined: callFunction. */
  private readonly call0: ReturnType<typeof directCall>;
  /** What host functions ask of this VM at each call (host-functions.ts). */
  private readonly hostCallSite: HostCallSite;
  /** Each call's fuel in the last crossing of several calls (ExtensionVM.lastCallFuel). */
  private _lastCallFuel: readonly number[] | undefined;
  /** Whether the crossing running now drained a job (a continuation, whose fuel comes after its handler's report). */
  private jobsRan = false;
  /** Inside executePendingJobs: a line logged now is a promise job's (LogEntry.fromJob). */
  private inJobs = false;
  /** Host time of the last guest call (ms), on its clock (ExtensionVM.lastCallMs). */
  private _lastCallMs = 0;

  /**
   * @internal use createSandboxVM. Takes `rt`: the VM frees it when disposed, and frees it here if
   * its context cannot be made.
   */
  constructor(rt: QuickJSRuntime, options: SandboxOptions, limits: SandboxLimits) {
    using owned = new Owned();
    owned.own(rt);
    this.rt = rt;
    this.options = options;
    this.limits = limits;
    this.filename = options.filename ?? DEFAULT_FILENAME;
    this.callClock = options.callClock ?? new WallClock();
    this.log = new GuestLog(limits);
    this.hostCallSite = {
      currentMeter: () => this.meter,
      maxHostCalls: limits.maxHostCalls,
      countHostCall: () => {
        this._stats.hostCalls++;
      },
    };
    // Not memoryBytes itself: QuickJS counts blocks, not bytes, in this build (engine.ts).
    rt.setMemoryLimit(quickjsLimitBytes(limits.memoryBytes));
    rt.setMaxStackSize(limits.stackBytes);
    rt.setInterruptHandler(() => this.onInterrupt());
    rt.setModuleLoader((name) =>
      name === EXTENSION_API_MODULE
        ? EXTENSION_API_SOURCE
        : { error: new Error(`module "${name}" is not available in the sandbox`) },
    );
    this.ctx = rt.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } });
    this.call0 = directCall(this.ctx);
    this.memory = new MemoryGuard(rt, limits.memoryBytes);
    owned.handOver();
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
    return this.log.entries;
  }
  get stats(): Readonly<SandboxStats> {
    return { ...this._stats, faults: { ...this._stats.faults }, logDropped: this.log.dropped };
  }
  get instructionCount(): number {
    return this._stats.instructions;
  }
  get lastCallFuel(): readonly number[] | undefined {
    return this._lastCallFuel;
  }
  get lastCallMs(): number {
    return this._lastCallMs;
  }

  /** QuickJS heap bytes in use (`memory_used_size`), or undefined if the VM is not alive/idle. */
  memoryUsage(): number | undefined {
    if (this._state !== "alive" || this.running || this.poisoned) return undefined;
    return this.memory.heapInUse(this.ctx!);
  }

  private onInterrupt(): boolean {
    const m = this.meter;
    if (m === undefined) return false;
    return m.poll(this.memory.full());
  }

  // ---- creation ------------------------------------------------------------------------

  /** @internal Install the prelude, evaluate the module, read the manifest. */
  boot(source: string): Result<void, SandboxFault> {
    return this.guarded(0, () => {
      const ctx = this.ctx!;
      // The boot's own handles, freed when it ends however it ends (dropped if the VM was poisoned).
      using scope = new Owned(() => this.poisoned);
      const clock = this.options.clock ?? (() => 0);
      const boot = bootObject(
        ctx,
        scope,
        {
          seed: this.options.seed ?? 0x5eed,
          maxResultChars: this.limits.maxResultChars,
          maxLogChars: this.limits.maxLogChars,
          layouts: (guestLayouts ??= layoutsForGuest()),
          maxLogEntries: this.limits.maxLogEntries,
          maxBoundArguments: MAX_BOUND_ARGUMENTS,
          maxBindWalk: MAX_BIND_WALK,
          // " (", the file, ":", two numbers of at most 9 digits, ":", ")" (marshal.ts frameLine).
          frameTail: this.filename.length + 24,
          log: (text, stack) =>
            this.log.append(text, stack, {
              invocation: this._stats.invocations,
              atNs: clock(),
              event: this.currentEvent,
              filename: this.filename,
              fromJob: this.inJobs,
            }),
          now: () => clock(),
          hostFunctions: this.options.hostFunctions ?? {},
        },
        (name, fn) => newHostFunction(ctx, this.hostCallSite, name, fn),
      );

      const factory = this.eval(PRELUDE_SOURCE, "sandbox-prelude.js", "global");
      if (!factory.ok) return factory;
      scope.own(factory.value);
      const made = this.call(factory.value, boot);
      if (!made.ok) return made;
      const proto = scope.own(made.value);
      this.protocol = GuestProtocol.take(ctx, proto);
      const wired = this.newWire(WIRE_INITIAL_DOUBLES);
      if (!wired.ok) return wired;
      ctx.setProp(ctx.global, API_GLOBAL, scope.own(ctx.getProp(proto, "api")));

      const mod = this.eval(source, this.filename, "module");
      if (!mod.ok) return mod;
      scope.own(mod.value);
      const drained = this.drainJobs();
      if (!drained.ok) return drained;
      const settled = this.settledModule(mod.value);
      if (!settled.ok) return settled;
      ctx.setProp(ctx.global, API_GLOBAL, ctx.undefined);
      const deleted = this.eval(`delete globalThis.${API_GLOBAL}`, "sandbox-boot.js", "global");
      if (!deleted.ok) return deleted;
      scope.own(deleted.value);

      const described = this.callString(this.protocol.describe, undefined);
      if (!described.ok) return described;
      const manifest = readManifest(described.value);
      if (!manifest.ok) return manifest;
      this._manifest = manifest.value;
      return ok(undefined);
    }).result;
  }

  private settledModule(h: QuickJSHandle): Result<void, SandboxFault> {
    const ctx = this.ctx!;
    const st = ctx.getPromiseState(h);
    if (st.type === "pending") return fail(new UnresolvedPromise("module top-level await never settled"));
    if (st.type === "rejected") return fail(this.faultFromThrown(st.error));
    // A settled promise gives its value as a handle of its own (ours, freed here); a module that is
    // not a promise gives back `h` itself, which the caller owns.
    if (st.notAPromise !== true) st.value.dispose();
    return ok(undefined);
  }

  // ---- invocation ----------------------------------------------------------------------

  /** Run one handler. One crossing unless it returns a promise. */
  invoke(
    event: string,
    handlerIndex: number,
    args?: unknown,
    options: InvokeOptions = {},
  ): Result<Invocation, SandboxFault> {
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
    this._stats.invocations++;
    this._stats.handlerCalls += calls.length;
    this.currentEvent = calls[0]?.event ?? null;
    this.jobsRan = false;
    const { result, polls } = this.guarded(
      n,
      () => {
        const sent = this.encodeCalls(calls);
        if (!sent.ok) return sent;
        const { json, replyAt, flat } = sent.value;
        const out = this.callDispatch(json, flat);
        this.encoder.settle(this.poisoned || this._state !== "alive" ? undefined : this.wire?.f64);
        if (!out.ok) return out;
        const w = this.wire!.f64;
        const status = w[H_STATUS];
        if (status !== 1 && status !== 2) return fail(new InvalidResult("dispatcher left no reply"));
        const replies = decodeReplies(w, replyAt, calls);
        if (typeof replies === "string") return fail(new InvalidResult(`malformed wire reply: ${replies}`));
        if (status === 1) {
          // Every reply on the wire (the common case): no envelope, no promise to collect.
          const results: Result<unknown, SandboxFault>[] = new Array(replies.length);
          for (let i = 0; i < replies.length; i++) {
            const r = replies[i]!;
            if (r.kind !== "value") return fail(new InvalidResult("dispatcher did not return its JSON replies"));
            results[i] = ok(r.value);
          }
          const drained = this.drainJobs();
          if (!drained.ok) return drained;
          return ok(results);
        }
        let jsonEnvs: Envelope[] = [];
        const jsonCount = replies.reduce((k, r) => (r.kind === "json" ? k + 1 : k), 0);
        if (jsonCount > 0 || status === 2) {
          if (out.value === undefined) return fail(new InvalidResult("dispatcher did not return its JSON replies"));
          const parsed = parseEnvelopes(out.value, this.limits.maxResultChars * n + 64 * n, jsonCount);
          if (parsed instanceof InvalidResult) return fail(parsed);
          jsonEnvs = parsed;
        }
        const envs: (Envelope | { t: "w"; v: unknown })[] = replies.map((r) =>
          r.kind === "json" ? jsonEnvs[r.index]! : { t: "w", v: r.value },
        );
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
        const results = envs.map((e) => (e.t === "w" ? ok(e.v) : envelopeResult(e, this.filename)));
        for (const r of results) {
          if (!r.ok && r.error.kind === "memory") {
            // Caught in the guest, but the heap is at its limit: retire without touching it.
            this.kill(`out of memory: ${r.error.message}`, true);
            return fail(r.error);
          }
        }
        return ok(results);
      },
      options.eventDeadline,
    );
    if (!result.ok && stoppedByWallClock(result.error)) {
      // Stopped by the clock: its fuel so far is not a repeatable count; it is accounted its
      // whole budget in polls (guarded) and no fuel.
      this.dropFuel(calls.length);
    } else if (!result.ok || this.jobsRan) {
      // An uncatchable interrupt (budget) skips the handler wrapper's report, and continuations
      // (after an await) run after it: read what the counter spent beyond the reports.
      this.flushFuel();
    }
    this._lastCallFuel = calls.length > 1 ? this.callFuel(calls.length) : undefined;
    const fuel = this.deliverFuel();
    if (!result.ok) return result;
    if (fuel !== undefined) {
      this._stats.faults[fuel.kind]++;
      return fail(fuel);
    }
    for (const r of result.value) if (!r.ok) this._stats.faults[r.error.kind]++;
    return ok({ results: result.value, instructions: polls });
  }

  /**
   * After a crossing an interrupt stopped (the running handler's wrapper never reported), or one
   * that drained jobs (an async handler's continuations run after its wrapper reported): the
   * prelude reports what the fuel counter spent beyond the reports, so a stopped handler's work
   * is counted up to the interrupt and a continuation's is counted at all. Never on the usual
   * path (no promise, no fault); called with no meter (the prelude's flushFuel and the runtime's
   * __sfi_spent read a few variables, no loop).
   */
  private flushFuel(): void {
    if (this._state !== "alive" || this.poisoned || this.protocol === undefined || this.wire === undefined) return;
    if (this.options.hostFunctions?.sfiFuel === undefined) return;
    const ctx = this.ctx!;
    const r = ctx.callFunction(this.protocol.flushFuel, ctx.undefined);
    if (r.error !== undefined) r.error.dispose();
    else r.value.dispose();
  }

  /**
   * Forget the fuel the crossing of `n` calls reported (a call stopped by the clock), in the wire's
   * header and call table, which deliverFuel and callFuel read next (as they do of a retired VM's).
   */
  private dropFuel(n: number): void {
    if (this.wire === undefined) return;
    const w = this.wire.f64;
    w[H_FUEL] = 0;
    w[H_FUEL_REPORTS] = 0;
    for (let c = 0; c < n && HEADER + CALL_DOUBLES * c + CALL_FUEL < w.length; c++)
      w[HEADER + CALL_DOUBLES * c + CALL_FUEL] = 0;
  }

  /** Each call's own fuel in the crossing just made (the wire's call table), or undefined if one is not a count. */
  private callFuel(n: number): number[] | undefined {
    if (this.options.hostFunctions?.sfiFuel === undefined || this.wire === undefined) return undefined;
    const w = this.wire.f64;
    const out = new Array<number>(n);
    for (let c = 0; c < n; c++) {
      const units = w[HEADER + CALL_DOUBLES * c + CALL_FUEL]!;
      if (!Number.isSafeInteger(units) || units < 0) return undefined;
      out[c] = units;
    }
    return out;
  }

  /**
   * The fuel the runtime reported to the prelude's fuel sink during the crossing (sfi-runtime.js:
   * in the wire's header, no host call per handler), passed on to the host's `sfiFuel` once, as
   * the sum of the reports it would have had one by one. A sum that is not a count (the header is
   * in guest memory) faults the crossing.
   */
  private deliverFuel(): SandboxFault | undefined {
    const sink = this.options.hostFunctions?.sfiFuel;
    if (sink === undefined || this.wire === undefined) return undefined;
    const w = this.wire.f64;
    const reports = w[H_FUEL_REPORTS]!;
    const units = w[H_FUEL]!;
    w[H_FUEL_REPORTS] = 0;
    w[H_FUEL] = 0;
    if (reports === 0) return undefined;
    if (!Number.isSafeInteger(units) || units < 0 || !Number.isSafeInteger(reports) || reports < 0)
      return new InvalidResult("malformed wire reply: fuel");
    sink(units);
    return undefined;
  }

  /**
   * The calls into the wire, growing it when they do not fit (a new guest buffer, handed over by
   * one small call under the current meter); past WIRE_MAX_DOUBLES, or if the guest's memory
   * cannot hold a bigger one, every call goes as JSON.
   */
  private encodeCalls(calls: readonly HandlerCall[]): Result<EncodedCalls, SandboxFault> {
    for (;;) {
      const w = this.wire!.f64;
      try {
        const sent = this.encoder.encode(w, calls);
        // Room for one reply record per call at least (the guest writes further ones only if they fit).
        if (sent.replyAt + 2 * calls.length + 2 <= w.length) return ok(sent);
      } catch (e) {
        if (!(e instanceof WireOverflow)) throw e;
      }
      this.encoder.desync();
      const size = this.wire!.doubles * 2;
      if (size > WIRE_MAX_DOUBLES) break;
      const grown = this.newWire(size);
      if (!grown.ok) return grown;
      if (this.wire!.doubles < size) break;
    }
    const w = this.wire!.f64;
    if (HEADER + (CALL_DOUBLES + 2) * calls.length + 2 > w.length)
      throw new SandboxUsageError(`a batch of ${calls.length} calls does not fit the sandbox wire`);
    return ok(this.encoder.encode(w, calls, true));
  }

  /** A new wire of `doubles` slots, handed to the guest; the old one stays if the memory cannot hold it. */
  private newWire(doubles: number): Result<void, SandboxFault> {
    const ctx = this.ctx!;
    const made = WireBuffer.allocate(ctx, doubles);
    if (made === undefined) {
      if (this.wire !== undefined) return ok(undefined);
      throw new SandboxUsageError(
        "this QuickJS build gives no way to share a buffer with the guest (sandbox/wire-memory.ts)",
      );
    }
    using handle = made.handle;
    const r = ctx.callFunction(this.protocol!.wire, ctx.undefined, handle);
    if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
    r.value.dispose();
    this.wire = made.wire;
    const w = this.wire.f64;
    w[H_CAPACITY] = doubles;
    w[H_FUEL] = 0;
    w[H_FUEL_REPORTS] = 0;
    return ok(undefined);
  }

  /** The guest replied (in part) as JSON: the dispatcher's value is to be read. */
  private readonly repliedAsJSON = (): boolean => this.wire!.f64[H_STATUS] === 2;

  /**
   * Call the dispatcher (`flat`: its flatCall, EncodedCalls.flat); its value is undefined (all
   * replies on the wire) or a string of JSON envelopes.
   */
  private callDispatch(json: string | undefined, flat: boolean): Result<string | undefined, SandboxFault> {
    const ctx = this.ctx!;
    let res: ReturnType<QuickJSContext["callFunction"]>;
    const fn = flat && this.options.flatCalls !== false ? this.protocol!.flatCall : this.protocol!.dispatch;
    if (json === undefined && this.call0 !== undefined) {
      // The usual crossing: no argument, and a result read only when the replies went as JSON.
      const r = this.call0(fn, this.repliedAsJSON);
      if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
      return r.value === undefined ? NOTHING : this.stringOf(r.value);
    }
    if (json === undefined) res = ctx.callFunction(fn, ctx.undefined);
    else {
      using argHandle = ctx.newString(json);
      res = ctx.callFunction(this.protocol!.dispatch, ctx.undefined, argHandle);
    }
    if (res.error !== undefined) return fail(this.faultFromThrown(res.error));
    if (this.wire!.f64[H_STATUS] !== 2) {
      res.value.dispose();
      return NOTHING;
    }
    return this.stringOf(res.value);
  }

  /** The dispatcher's value (the handle is consumed) as its JSON text. */
  private stringOf(handle: QuickJSHandle): Result<string, SandboxFault> {
    const ctx = this.ctx!;
    using h = handle;
    if (ctx.typeof(h) !== "string") return fail(new InvalidResult("dispatcher did not return a string"));
    return ok(ctx.getString(h));
  }

  /**
   * Run `body` with a fresh meter (budget multiplier `n`, 0 = module evaluation budget),
   * turning aborts into faults, host exceptions into a dead VM, and updating stats. The call is
   * one guest call of the clock: a call the clock says was killed in an earlier attempt, or
   * whose event's time is already up, fails with a timeout without running.
   */
  private guarded<T>(
    n: number,
    body: () => Result<T, SandboxFault>,
    eventDeadline?: EventDeadline,
  ): { result: Result<T, SandboxFault>; polls: number } {
    if (this._state !== "alive") {
      const f = new VmDead(`sandbox VM is ${this._state}${this.deathCause ? `: ${this.deathCause}` : ""}`);
      this._stats.faults.dead++;
      return { result: fail(f), polls: 0 };
    }
    if (this.running)
      throw new SandboxUsageError("re-entrant sandbox invocation (a host function called back into its VM)");
    const k = Math.max(1, n);
    const timeoutMs = n === 0 ? Math.max(this.limits.timeoutMs, EVALUATION_TIMEOUT_MS) : this.limits.timeoutMs * k;
    // Two clock reads per call: its start (its deadlines, and the check that its time is not
    // already up) and its end (its host time).
    const startedAt = this.callClock.now();
    const runLeftMs = this.limits.runTimeMs - this.hostMs;
    const call = this.callClock.begin(
      eventDeadline ? { timeoutMs, event: eventDeadline, runLeftMs, startedAt } : { timeoutMs, runLeftMs, startedAt },
    );
    const meter = new Meter(
      this.limits.budget * k,
      call,
      eventDeadline?.limitMs,
      n === 0 ? timeoutMs : this.limits.timeoutMs,
    );
    this.meter = meter;
    this.running = true;
    let result: Result<T, SandboxFault>;
    try {
      if (call.killed !== undefined) {
        this._stats.killedCalls++;
        meter.abort = "timeout";
        meter.overran = call.killed;
      } else if (meter.deadlinePassed(startedAt)) {
        // Its event's time, or the VM's host time for the run, is already up: it does not start.
        meter.abort = "timeout";
      }
      result = meter.abort !== null ? fail(abortFault(meter.abort, meter, this.limits)) : body();
      // An abort wins over whatever the guest produced: async functions turn the uncatchable
      // "interrupted" error into a rejection, and host-call floods are flagged, not thrown.
      if (meter.abort !== null && this._state === "alive")
        result = fail(abortFault(meter.abort, meter, this.limits, positionOfAbort(result)));
      // Retired as poisoned, like any out-of-memory VM: freeing a runtime interrupted mid-allocation
      // trips QuickJS's leak assertion in JS_FreeRuntime (measured), so it is left to the GC.
      if (meter.abort === "memory")
        this.kill("out of memory: guest ran out of memory (its WASM heap outgrew the limit)", true);
      else if (this._state === "alive" && !this.poisoned && this.memory.full()) {
        // The WASM memory is at its maximum (createSandboxVM): an allocation failed inside QuickJS,
        // which the guest may have seen as anything (a rejection with null, a caught error).
        result = fail(new OutOfMemory("guest ran out of memory"));
        this.kill("out of memory: guest ran out of memory (its WASM heap reached its maximum)", true);
      } else {
        const over = this._state === "alive" && !this.poisoned ? this.memory.overLimit(this.ctx!) : undefined;
        if (over !== undefined) {
          // The fault names the limit: the call's allocations may have failed nowhere (red team
          // 18's oom-regrow-held kept 20 MiB in pages an earlier call grew).
          const inUse = `${(over / 1048576).toFixed(1)} MiB in use after the call, limit ${(this.limits.memoryBytes / 1048576).toFixed(1)} MiB`;
          result = fail(new OutOfMemory(`guest ran out of memory (${inUse})`));
          this.kill(`out of memory: guest ran out of memory (${inUse})`, true);
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
      const endedAt = this.callClock.end(call);
      const ms = (typeof endedAt === "number" ? endedAt : this.callClock.now()) - startedAt;
      this.hostMs += ms;
      this._lastCallMs = ms;
    }
    // A call stopped by the clock (its deadline, its event's, its host time for the run; or
    // killed in an earlier attempt) is accounted as one its budget stopped: where the clock
    // caught it is not repeatable, its whole budget is.
    if (!result.ok && stoppedByWallClock(result.error)) meter.polls = meter.budget + 1;
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
      this.jobsRan = true;
      if (meter.abort === null && meter.deadlinePassed()) meter.abort = "timeout";
      if (meter.abort !== null) return fail(abortFault(meter.abort, meter, this.limits));
      this.inJobs = true;
      let r: ReturnType<typeof rt.executePendingJobs>;
      try {
        r = rt.executePendingJobs(JOB_CHUNK);
      } finally {
        this.inJobs = false;
      }
      if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
    }
    return ok(undefined);
  }

  // ---- guest calls ---------------------------------------------------------------------

  /** Evaluate code; the caller owns the handle it gets. */
  private eval(code: string, filename: string, type: "global" | "module"): Result<QuickJSHandle, SandboxFault> {
    const r = this.ctx!.evalCode(code, filename, { type, strict: true });
    if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
    return ok(r.value);
  }

  /** Call `fn` with one argument; the caller owns the handle it gets. */
  private call(fn: QuickJSHandle, arg: QuickJSHandle): Result<QuickJSHandle, SandboxFault> {
    const ctx = this.ctx!;
    const r = ctx.callFunction(fn, ctx.undefined, arg);
    if (r.error !== undefined) return fail(this.faultFromThrown(r.error));
    return ok(r.value);
  }

  /** Call a protocol function with an optional string argument; expect a string back. */
  private callString(fn: QuickJSHandle, arg: string | undefined): Result<string, SandboxFault> {
    const ctx = this.ctx!;
    let res: ReturnType<QuickJSContext["callFunction"]>;
    {
      using argHandle = arg === undefined ? ctx.undefined : ctx.newString(arg);
      res = ctx.callFunction(fn, ctx.undefined, argHandle);
    }
    if (res.error !== undefined) return fail(this.faultFromThrown(res.error));
    using h = res.value;
    if (ctx.typeof(h) !== "string") return fail(new InvalidResult("dispatcher did not return a string"));
    return ok(ctx.getString(h));
  }

  /** A guest error handle (consumed) as a fault (guest-faults.ts); the current meter says if the call was stopped. */
  private faultFromThrown(err: QuickJSHandle): SandboxFault {
    return faultFromThrown(
      {
        ctx: this.ctx!,
        meter: this.meter!,
        limits: this.limits,
        filename: this.filename,
        describeThrown: this.protocol?.describeThrown,
        retire: (cause) => this.kill(cause, true),
      },
      err,
    );
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
        this.protocol?.[Symbol.dispose]();
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

function countPending(envs: readonly { t: string }[]): number {
  let n = 0;
  for (const e of envs) if (e.t === "p") n++;
  return n;
}

/**
 * What the loader needs of an extension's VM, whatever engine runs it: a QuickJS SandboxVM
 * (`typed`, `sfi`), a NativeVM in a SES Compartment (`native`, sandbox/native/) or a ServerVM in
 * a worker thread of its own (`server`, sandbox/server/).
 */
export interface ExtensionVM extends Disposable {
  readonly limits: SandboxLimits;
  readonly state: VmState;
  readonly cause: string | undefined;
  readonly manifest: ExtensionManifest;
  readonly logs: readonly LogEntry[];
  readonly stats: Readonly<SandboxStats>;
  /** `stats.instructions` without the copy `stats` makes (read twice per crossing). */
  readonly instructionCount: number;
  /**
   * The fuel units of each call of the last crossing that had more than one (a batch), failed or
   * not, in call order: how a batch's fuel is told per handler. Undefined after a single call, or
   * where the engine counts no fuel.
   */
  readonly lastCallFuel: readonly number[] | undefined;
  /**
   * The host time of the last crossing (ms), from the two clock reads its deadlines take (its
   * start and its end): what the dispatcher's host timing records for a handler of this VM, so
   * that it reads no clock of its own (SandboxedHandler.timesItself).
   */
  readonly lastCallMs: number;
  /** Bytes of its own heap in use; undefined where it has none of its own (native). */
  memoryUsage(): number | undefined;
  /** Several handlers in one crossing; a fault of the whole call faults every handler. */
  invokeMany(calls: readonly HandlerCall[], options?: InvokeOptions): Result<BatchInvocation, SandboxFault>;
  dispose(): void;
}
