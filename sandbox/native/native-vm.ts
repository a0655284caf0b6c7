/**
 * NativeVM: one extension in a SES Compartment of the hardened realm the kernel runs in (the
 * `native` placement: SPIN's model), or of a server's own worker (the `server` placement's
 * inside, sandbox/server/). The same surface as a QuickJS SandboxVM (manifest, stats, logs,
 * state, invokeMany), so the loader treats both alike.
 *
 * A handler is a plain V8 call: no interpreter, no copy through JSON on the way in. What bounds it:
 * - fuel: the fuel pass's checks (one unit per loop back-edge and function entry) count down a
 *   local of the frame (guest/native-frame.js), refilled per invocation; at zero the check
 *   throws, and every later check throws again, so a guest that catches it can only run
 *   straight-line code before it returns, and the invocation is a `budget` fault whatever it
 *   returned; the realm's builtin wrappers take their work from the same counter before the
 *   builtin runs (builtin-fuel.ts: regex matches, string walks), with the same consequences;
 * - its arguments: frozen, made of the realm's own (frozen) intrinsics: a deep copy, or the view
 *   the kernel makes afresh for the event (a `toJSON`) frozen in place (frozenCopy): the extension
 *   can change nothing the kernel holds;
 * - its results: encoded as JSON inside the guest call (getters and toJSON run there, under the
 *   fuel and the deadline), size-capped, parsed here, then checked by the dispatcher against the
 *   event's schema and by the kernel's validators, as for any untrusted handler;
 * - its time: every call is a guest call of the CallClock, so the host watchdog (supervised run)
 *   sees each one and kills the worker when one holds it past its deadline (a long builtin);
 * - its memory: not bounded. The extension shares the kernel's heap, as SPIN's extensions shared
 *   the kernel's; exhausting it takes the kernel down (reported as such by the supervised run).
 * Handlers run synchronously: a promise a handler returns cannot settle within the event (V8's
 * microtasks run when the kernel's run yields, not inside it), so it is an `unresolved-promise`
 * fault and its rejection is silenced. The jobs an extension queues run outside its calls, with
 * every builtin charge refused (guest-jobs.ts) and its fuel at 0.
 */
import { types } from "node:util";
import { WallClock, type CallClock, type DeadlineKind, type EventDeadline } from "../call-clock.js";
import { deadlineFault } from "../meter.js";
import { EVALUATION_TIMEOUT_MS } from "../vm.js";
import {
  BudgetExceeded,
  FAULT_KINDS,
  GuestException,
  InvalidResult,
  StackOverflow,
  UnresolvedPromise,
  VmDead,
  fail,
  ok,
  stoppedByWallClock,
  type FaultKind,
  type GuestPosition,
  type Result,
  type SandboxFault,
} from "../errors.js";
import { GuestLog, LOG_FRAMES, type LogEntry } from "../host-functions.js";
import type { SandboxLimits } from "../limits.js";
import type { HostFunction, HostValue } from "../marshal.js";
import type {
  BatchInvocation,
  ExtensionManifest,
  ExtensionVM,
  HandlerCall,
  InvokeOptions,
  SandboxStats,
  VmState,
} from "../vm.js";
import { NATIVE_FRAME_JS } from "../guest.generated.js";
import { CONCAT_CHARS_PER_FUEL, swapBuiltinCharger, withoutBuiltinCharger } from "./builtin-fuel.js";
import { deeperFrames, readingStacksAsKernel, stackFramesOf, type StackFrame, usualFrames } from "./bounded-stacks.js";
import { registerKernelLog, stringLengthBound } from "./bounded-strings.js";
import { STRING_INDEX_FUEL, guestMadeRangeErrors } from "./bounded-builtins.js";
import { SITE_LINE_BASE } from "../sfi-runtime.js";
import { KeptArguments } from "./kept-rows.js";
import { forInKeyUnits, forInUnits, namedKeyCount, OWN_KEY_FUEL, ownIndexCount } from "./for-in-fuel.js";
import { chargedMathFunctions, chargedToNumber } from "./number-parse-fuel.js";
import { hardened, hardenRealm, newCompartment } from "./realm.js";
import { registerJobCharger } from "./guest-jobs.js";
import { MAX_CALL_DEPTH } from "../call-depth.js";
import { hostJsonParse } from "../host-json.js";

export interface NativeOptions {
  /** The extension's CommonJS body with fuel checks (extensions/sfi/fuel-only.ts). */
  readonly source: string;
  /** Its name in stacks, `pager.js`. */
  readonly filename: string;
  readonly limits: SandboxLimits;
  /** Fuel units per invocation (and for the module's evaluation). */
  readonly fuel: number;
  /** Seed of the extension's Math.random (mulberry32). */
  readonly seed: number;
  /** Simulated time for Date.now(). */
  readonly clock: () => number;
  readonly callClock?: CallClock;
  readonly hostFunctions?: Record<string, HostFunction>;
}

interface Registered {
  readonly fn: (...args: unknown[]) => unknown;
  readonly name: string;
  readonly options: unknown;
  readonly guard: unknown;
}

const TEXT_MAX = 2_000;

/** A function of the kernel object a handler gets: called by the guest with anything. */
type GuestFunction = (...args: unknown[]) => unknown;

/** Thrown into the guest when its fuel runs out (and again at every later check). */
class OutOfFuel extends Error {
  override readonly name = "OutOfFuel";
}

export class NativeVM implements ExtensionVM {
  readonly limits: SandboxLimits;
  readonly filename: string;
  private _state: VmState = "alive";
  private deathCause: string | undefined;
  private _manifest: ExtensionManifest = { name: null, events: {} };
  private readonly handlers = new Map<string, Registered[]>();
  private readonly log: GuestLog;
  private readonly callClock: CallClock;
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
  /** Each call's fuel in the last guest call of several handlers (ExtensionVM.lastCallFuel). */
  private _lastCallFuel: readonly number[] | undefined;
  /** Host time of the last guest call (ms), on its clock (ExtensionVM.lastCallMs). */
  private _lastCallMs = 0;
  /** Sets the frame's fuel counter and returns what was left. */
  private fuelCell: (n: number) => number = () => 0;
  /** Takes n units from the frame's fuel counter; false (and the fuel spent) when they are not there. */
  private chargeCell: (n: number) => boolean = () => true;
  /** Whether builtin work (builtin-fuel.ts) found the fuel exhausted in this call. */
  private builtinOutOfFuel = false;
  /** The charger the realm's wrappers call while this VM's guest call runs. */
  private readonly chargeBuiltin = (units: number): void => {
    if (this.chargeCell(units)) return;
    this.builtinOutOfFuel = true;
    throw new OutOfFuel(
      `fuel exhausted by a builtin's work (${units} units; ${this.options.fuel} units of loop back-edges, function entries and builtin work)`,
    );
  };
  /**
   * The charger of this VM's promise jobs, which V8 runs outside its calls (guest-jobs.ts): every
   * charge refused, charged to nothing (no call runs to be charged, no deadline bounds the job).
   */
  private readonly refuseJobWork = (units: number): void => {
    throw this.jobRefusal(`${units} units of builtin work`);
  };
  private jobRefusal(what: string): Error {
    return new Error(
      `a promise job of ${this.filename} ran outside its calls: builtin work and kernel.log are refused there (${what}; in the V8 placements a handler's jobs run after its call has returned)`,
    );
  }
  /** The site whose check found the fuel exhausted in this call, or -1. */
  private trappedAt = -1;
  /** The value the call's last throw statement threw, and that statement's site (or -1). */
  private thrownValue: unknown;
  private thrownSite = -1;
  /** The site whose call went past MAX_CALL_DEPTH in this call, or -1; and the fuel left then. */
  private deepAt = -1;
  private fuelLeftWhenDeep = 0;
  /**
   * The site of the catch (or the counted frame) that first saw V8's own stack overflow in this
   * call, or -1; and whether the call ended with one (caught or not): such a call is charged its
   * whole fuel, since how much it spent before V8 overflowed depends on the tier of its frames.
   */
  private overflowAt = -1;
  private engineOverflow = false;
  /** Errors judged not V8's stack overflow when first seen (isEngineOverflow). */
  private readonly notOverflow = new WeakSet<object>();
  private hostCallsThisCall = 0;
  private hostCallsExceeded = false;
  private running = false;
  /** Inside the kernel's own runs of the guest's code (a result's encoding, a fault's description): kernel.log refuses. */
  private kernelWriting = 0;
  private defined = false;
  private sealed = false;
  private readonly kernel: Readonly<Record<string, GuestFunction>>;

  private currentEvent: string | null = null;
  /** Reclaim's resident pages kept from event to event (kept-rows.ts). */
  private readonly kept = new KeptArguments();
  private constructor(private readonly options: NativeOptions) {
    this.limits = options.limits;
    this.filename = sourceUrlName(options.filename);
    this.callClock = options.callClock ?? new WallClock();
    this.log = new GuestLog(options.limits);
    this.kernel = this.makeKernel(options.hostFunctions ?? {});
    registerJobCharger(this.chargeBuiltin, this.refuseJobWork);
  }

  /** Harden the realm (once), make the Compartment, evaluate the module under its fuel and deadline. */
  static async create(options: NativeOptions): Promise<Result<NativeVM, SandboxFault>> {
    const ses = await hardenRealm();
    const vm = new NativeVM(options);
    const { compartment, bindings } = newCompartment(ses, vmGlobals(options.seed, options.clock));
    const frame = NATIVE_FRAME_JS.split("\n");
    const at = (marker: string): number => frame.findIndex((l) => l.trim() === `${marker};`);
    const moduleLine = at("__MODULE__");
    frame[at("__BINDINGS__")] = `  ${bindings};`;
    // The body starts on a line of its own: positions in it are shifted by the lines before.
    frame[moduleLine] = options.source;
    const trailer = `\n//# sourceURL=${vm.filename}\n`;
    // The module's text is one string of the realm: SES's evaluate scans it with the realm's
    // bounded regexes, and the frame is joined with its bounded join. A text longer than the
    // realm's string bound (TypeScript folds an enum of doubled strings into megabytes of
    // literals: red team 9's enum-constant-bomb) is refused here, as a load that cannot be
    // made, not a RangeError of ours out of the join (native exited 70). The length counted is
    // the text's own, bindings in place: red team 10's module-frame-join-edge was under a bound
    // that counted the frame's markers, and over it once joined.
    const textLength = moduleTextLength(frame, trailer);
    if (textLength > stringLengthBound())
      return fail(
        new VmDead(
          `the module's JavaScript is ${options.source.length} characters (${textLength} with the placement's frame), longer than the ${stringLengthBound()} a module may have in this placement (the V8 placements' string bound); make its constants smaller or compute them at run time`,
        ),
      );
    const text = `${frame.join("\n")}${trailer}`;
    // Positions in the evaluated text are the body's shifted by the frame's lines before it.
    vm.lineShift = moduleLine;
    const booted = vm.guestCall(0, Math.max(options.limits.timeoutMs, EVALUATION_TIMEOUT_MS), undefined, () => {
      // SES's evaluate scans the text with the realm's regexes: its work, not the extension's.
      const makeFrame = withoutBuiltinCharger(() => compartment.evaluate(text)) as (
        native: unknown,
      ) => (req: unknown, exp: unknown) => void;
      const body = makeFrame(
        Object.freeze({
          nofuel: (site: number) => vm.noFuel(site),
          deep: (site: number) => vm.tooDeep(site),
          overflow: (value: unknown, site: number) => vm.overflowed(value, site),
          fuel: (cell: (n: number) => number) => {
            vm.fuelCell = cell;
          },
          charge: (cell: (n: number) => boolean) => {
            vm.chargeCell = cell;
          },
          forInUnits,
          forInKeyUnits,
          toNumber: chargedToNumber,
          maxString: stringLengthBound(),
          charsPerFuel: CONCAT_CHARS_PER_FUEL,
          indexCount: ownIndexCount,
          namedKeyCount,
          ownKeyFuel: OWN_KEY_FUEL,
          threw: (value: unknown, site: number) => {
            vm.thrownValue = value;
            vm.thrownSite = site;
          },
          indexFuel: STRING_INDEX_FUEL,
          long: (length: number) => {
            throw new RangeError(
              `string concatenation making a string of ${length} characters, longer than ${stringLengthBound()} (the V8 placements' string bound)`,
            );
          },
        }),
      );
      // The frame's counter exists from here: the module's body runs on the evaluation's fuel
      // (guestCall's refill went to no frame), which builtin work is charged from too.
      vm.fuelCell(options.fuel);
      const api = vm.api();
      const exportsObject = {};
      body((name: unknown) => {
        if (name === "spin-kernel/extension") return api;
        throw new Error(`module ${String(name)} is not available to an extension`);
      }, exportsObject);
      return ok(undefined);
    });
    if (!booted.ok) {
      vm._state = "dead";
      vm.deathCause = booted.error.message;
      return booted;
    }
    vm.sealed = true;
    if (!vm.defined) return fail(new InvalidResult("the module never called defineExtension"));
    return ok(vm);
  }

  /** Lines of the frame before the module's body (stack positions are shifted by them). */
  private lineShift = 0;

  get state(): VmState {
    return this._state;
  }
  get cause(): string | undefined {
    return this.deathCause;
  }
  get manifest(): ExtensionManifest {
    return this._manifest;
  }
  get logs(): readonly LogEntry[] {
    return this.log.entries;
  }
  get stats(): Readonly<SandboxStats> {
    return { ...this._stats, faults: { ...this._stats.faults }, logDropped: this.log.dropped };
  }
  get lastCallFuel(): readonly number[] | undefined {
    return this._lastCallFuel;
  }
  get lastCallMs(): number {
    return this._lastCallMs;
  }
  get instructionCount(): number {
    return this._stats.instructions;
  }

  /** The extension has no heap of its own: it shares the kernel's. */
  memoryUsage(): number | undefined {
    return undefined;
  }

  dispose(): void {
    if (this._state === "disposed") return;
    this._state = "disposed";
    this.deathCause ??= "disposed";
    this.handlers.clear();
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  // ---- the extension API ----------------------------------------------------------------

  private makeKernel(hostFunctions: Record<string, HostFunction>): Readonly<Record<string, GuestFunction>> {
    const kernel: Record<string, GuestFunction> = Object.create(null);
    const vm = this;
    // A function, for its receiver: the QuickJS prelude's rule (sandbox/guest/prelude.js, log).
    // A call (`kernel.log(...)`, `const log = kernel.log; log(...)`, a callback of forEach)
    // passes the kernel or undefined; the engine calling it as a method of the guest's value (a
    // coercion, a toJSON, a then, an iterator's next: red team 18) passes that value, and no
    // call of the extension's is where the line would be written. Nor while the kernel runs the
    // guest's code with no call of the extension's behind it (kernelWriting: a result's
    // encoding, a fault's description, the definition's options), where a bound kernel.log,
    // which keeps its own receiver, would write a line no frame of the extension's places.
    kernel.log = function log(this: unknown, ...args: unknown[]) {
      // Outside a call only a promise job of the guest's calls it (V8 runs them when the
      // kernel's run, or a server's loop, has ended): refused, as its builtin work is
      // (guest-jobs.ts); its stack's frame names would be a walk charged to no call.
      if (!vm.running) throw vm.jobRefusal("kernel.log");
      if (this !== undefined && this !== null && this !== kernel)
        throw new TypeError(
          "kernel.log must be called, as kernel.log(message) or log(message): here the engine called it as a method of another value (a toString, valueOf, Symbol.toPrimitive, toJSON, then or next), where no call of the extension's is",
        );
      if (vm.kernelWriting > 0)
        throw new TypeError(
          "kernel.log cannot be called while the kernel encodes a result, describes a fault or reads the extension's definition: no call of the extension's is there",
        );
      vm.countHostCall();
      let s = "";
      for (let i = 0; i < args.length; i++) {
        s += (i ? " " : "") + render(args[i]);
        if (s.length > vm.limits.maxLogChars) break;
      }
      // The guest's frames are V8's own stack here, under the extension's sourceURL: written
      // only for a line the log will keep (a VM keeps maxLogEntries), and as the guest's read of
      // a stack, its frames' names charged (bounded-stacks.ts): red team 10's log-past-bound
      // logged 999 lines an invocation from frames named by 2^19 characters, each stack ~5 M
      // characters copied as the kernel's work, kept or dropped. The kernel's own work on the
      // line (the cut) is not the guest's builtin work: it is bounded by the host-call limit,
      // not charged (builtin-fuel.ts); the rendering above, which may run the guest's toJSON or
      // toString, is.
      // The frames as V8 gave them (bounded-stacks.ts records them when the stack is written),
      // never read back from its text: V8 prints a method's name with its line breaks, and a
      // name could write a whole frame line of its choosing (red team 14,
      // log-position-name-break-v8).
      // When the usual frames V8 keeps are all the kernel's (a toJSON, a replacer or a getter
      // called by bounded-json.ts's walk, a few frames a level: red team 15's
      // log-position-deep-tojson), the walk goes deeper, bounded and charged (deeperFrames).
      let stack: readonly StackFrame[] | undefined;
      if (vm.log.entries.length < vm.limits.maxLogEntries) {
        const here = new Error();
        void here.stack;
        stack = stackFramesOf(here) ?? [];
        const ours = (f: StackFrame) => f.file === vm.filename && f.line > vm.lineShift;
        if (stack.length >= usualFrames() && !anyFrame(stack, ours)) stack = deeperFrames(ours, LOG_FRAMES);
      }
      withoutBuiltinCharger(() =>
        vm.log.append(s.length > vm.limits.maxLogChars + 1 ? s.slice(0, vm.limits.maxLogChars + 1) : s, stack, {
          invocation: vm._stats.invocations,
          atNs: vm.options.clock(),
          event: vm.currentEvent,
          filename: vm.filename,
          lineShift: vm.lineShift,
          // Always false here since kernel.log is refused outside a call (above); kept for
          // the line's shape, which QuickJS's drained jobs do mark.
          fromJob: !vm.running,
        }),
      );
      return undefined;
    };
    // The realm's bind refuses it (bounded-strings.ts refuseBoundLog): a bound kernel.log calls
    // it with no frame of the extension's.
    registerKernelLog(kernel.log);
    for (const [name, fn] of Object.entries(hostFunctions)) {
      kernel[name] = (...args: unknown[]) => {
        this.countHostCall();
        return withoutBuiltinCharger(() => {
          const values: HostValue[] = args.map((x, i) => {
            if (x === null || typeof x === "number" || typeof x === "string" || typeof x === "boolean") return x;
            throw new TypeError(`kernel.${name}: argument ${i} must be a number, string, boolean or null`);
          });
          return fn(...values);
        });
      };
    }
    // Its functions too: a property added to kernel.log would be state kept across the VM's calls.
    return hardened(kernel);
  }

  private countHostCall(): void {
    this._stats.hostCalls++;
    if (!this.running) return;
    if (++this.hostCallsThisCall > this.limits.maxHostCalls) {
      this.hostCallsExceeded = true;
      throw new Error("host call limit exceeded");
    }
  }

  private api(): object {
    const defineExtension = (def: unknown): unknown => this.define(def);
    return hardened({
      defineExtension,
      kernel: this.kernel,
      log: this.kernel.log,
      default: Object.freeze({ defineExtension, kernel: this.kernel }),
    });
  }

  /** `defineExtension`, as the QuickJS prelude's: read once while the module is evaluated. */
  private define(def: unknown): unknown {
    if (this.sealed) throw new Error("defineExtension may only be called while the extension module is evaluated");
    if (this.defined) throw new Error("defineExtension called more than once");
    if (def === null || typeof def !== "object") throw new TypeError("defineExtension expects an object");
    const hs = (def as { handlers?: unknown }).handlers;
    if (hs === null || typeof hs !== "object") throw new TypeError('defineExtension: "handlers" must be an object');
    const events: Record<string, { name: string; options: unknown; guard: unknown }[]> = {};
    // An index loop: it runs in the module's evaluation, where a for-of's iterator is charged.
    const names = Object.keys(hs);
    for (let i = 0; i < names.length; i++) {
      const ev = names[i]!;
      const v = (hs as Record<string, unknown>)[ev];
      const list = Array.isArray(v) ? v : [v];
      const registered = list.map((e, i) => entry(ev, e, i));
      this.handlers.set(ev, registered);
      // Options and guards reach the loader as JSON (as from QuickJS): whatever they hold, only
      // data, and no kernel.log line written by their reading (kernelWriting).
      this.kernelWriting++;
      try {
        events[ev] = registered.map((r) => ({
          name: r.name,
          options: r.options === null ? null : (JSON.parse(JSON.stringify(r.options) ?? "null") as unknown),
          guard: r.guard === null ? null : (JSON.parse(JSON.stringify(r.guard) ?? "null") as unknown),
        }));
      } finally {
        this.kernelWriting--;
      }
    }
    const name = (def as { name?: unknown }).name;
    this._manifest = { name: typeof name === "string" ? name : null, events };
    this.defined = true;
    return def;
  }

  /**
   * A call past MAX_CALL_DEPTH: the whole guest call fails, as a stack fault, whatever the guest
   * catches. As with fuel (noFuel), the fuel is emptied, so every later check throws again: past
   * a catch, only straight-line code runs before the call returns.
   */
  private tooDeep(site: number): never {
    if (this.deepAt < 0) {
      this.deepAt = site;
      this.fuelLeftWhenDeep = this.fuelCell(-1);
    }
    throw new RangeError(`call depth past ${MAX_CALL_DEPTH}`);
  }

  /**
   * Whether a value the guest's code caught (or that passes one of its frames) is V8's own stack
   * overflow (extensions/sfi/passes/overflow.ts). The first one ends the call as a stack fault at
   * `site`: the fuel is emptied, as by tooDeep, and the frame rethrows it and everything after
   * it, so no catch or finally block of the guest runs again in this call.
   */
  private overflowed(value: unknown, site: number): boolean {
    if (this.overflowAt >= 0) return true;
    if (!this.isEngineOverflow(value)) return false;
    this.overflowAt = site;
    this.engineOverflow = true;
    this.fuelCell(-1);
    return true;
  }

  /**
   * V8's own stack overflow, judged once per value: the first time a guest frame (or the call's
   * end) sees an error decides, so a RangeError of V8's with another message ("Invalid array
   * length"), seen, then given the overflow's message and rethrown, stays the extension's
   * exception (fault-kind-forge, case 7).
   */
  private isEngineOverflow(value: unknown): boolean {
    if (typeof value !== "object" || value === null) return false;
    if (this.notOverflow.has(value)) return false;
    if (isEngineStackOverflow(value)) return true;
    this.notOverflow.add(value);
    return false;
  }

  private noFuel(site: number): never {
    if (this.trappedAt < 0) this.trappedAt = site;
    throw new OutOfFuel(`fuel exhausted (${this.options.fuel} units of loop back-edges and function entries)`);
  }

  // ---- invocation -------------------------------------------------------------------------

  /**
   * Run several handlers in one guest call. They share `fuel × n` and a deadline of
   * `timeoutMs × n`; running out of fuel faults the whole batch, exceptions and invalid results
   * are per handler.
   */
  invokeMany(calls: readonly HandlerCall[], options: InvokeOptions = {}): Result<BatchInvocation, SandboxFault> {
    const n = Math.max(1, calls.length);
    this._stats.invocations++;
    this._stats.handlerCalls += calls.length;
    this.currentEvent = calls[0]?.event ?? null;
    const used = { fuel: 0 };
    // A batch's fuel per call: the fuel used so far where each call starts (read between calls,
    // so off the single call's path); the last call run ends at the crossing's total.
    const starts: number[] | undefined = calls.length > 1 ? [] : undefined;
    const r = this.guestCall(
      n,
      this.limits.timeoutMs * n,
      options.eventDeadline,
      () => {
        const results: Result<unknown, SandboxFault>[] = [];
        // An index loop: a for-of makes an array iterator, charged to the guest (bounded-builtins.ts).
        for (let i = 0; i < calls.length; i++) {
          const c = calls[i]!;
          starts?.push(this.fuelUsedSoFar(n));
          const h = this.handlers.get(c.event)?.[c.index];
          if (h === undefined) {
            results.push(fail(kernelWork(() => new InvalidResult(`no handler ${c.event}[${c.index}]`))));
            continue;
          }
          // The kernel's copy of the arguments walks arrays: its work, not the guest's (charged,
          // it was ~1,500 units of clock.ts Reclaim's 2). Swapped inline: a closure here costs.
          const charger = swapBuiltinCharger(undefined);
          let args: unknown;
          try {
            args = this.kept.argsOf(c.event, c.args) ?? frozenCopy(c.args ?? null);
          } finally {
            swapBuiltinCharger(charger);
          }
          results.push(this.runOne(h, args));
          if (this.trappedAt >= 0 || this.builtinOutOfFuel || this.hostCallsExceeded) break;
        }
        return ok(results);
      },
      used,
    );
    this._lastCallFuel =
      starts === undefined
        ? undefined
        : !r.ok && stoppedByWallClock(r.error)
          ? calls.map(() => this.options.fuel)
          : calls.map((_, i) => (i < starts.length ? Math.max(0, (starts[i + 1] ?? used.fuel) - starts[i]!) : 0));
    if (!r.ok) return r;
    // Index loops on this path: a for-of in this hardened realm pays a checked array iterator (bounded-builtins.ts).
    for (let i = 0; i < r.value.length; i++) {
      const res = r.value[i]!;
      if (!res.ok) this._stats.faults[res.error.kind]++;
    }
    return ok({ results: r.value, instructions: used.fuel });
  }

  /** The fuel a guest call of `n` handlers has used so far (read and put back between its handlers). */
  private fuelUsedSoFar(n: number): number {
    const left = this.fuelCell(0);
    this.fuelCell(left);
    const fuel = this.options.fuel * Math.max(1, n);
    return Math.min(fuel, fuel - left);
  }

  private runOne(h: Registered, args: unknown): Result<unknown, SandboxFault> {
    let value: unknown;
    try {
      value = h.fn(args, this.kernel);
    } catch (e) {
      return fail(this.faultOf(e));
    }
    if (value !== null && (typeof value === "object" || typeof value === "function")) {
      let then: unknown;
      try {
        then = (value as { then?: unknown }).then;
      } catch (e) {
        return fail(this.faultOf(e));
      }
      if (typeof then === "function") {
        // Silence its rejection: it belongs to no event any more (charged: a subclass's then is the guest's).
        if (value instanceof Promise) value.catch(() => undefined);
        return fail(
          kernelWork(
            () =>
              new UnresolvedPromise(
                "the handler returned a promise: native handlers run synchronously, a promise cannot settle within its event",
              ),
          ),
        );
      }
    }
    if (value === undefined) return ok(undefined);
    // Plain data (the usual result) is copied as JSON would give it, without the text; anything
    // else (a getter, a toJSON, a number JSON cannot carry, a large value) goes through JSON.
    // plainCopy runs no guest code: its walks are the kernel's, uncharged.
    const charger = swapBuiltinCharger(undefined);
    let copied: unknown;
    try {
      copied = plainCopy(value, 0, { chars: 0, max: this.limits.maxResultChars });
    } finally {
      swapBuiltinCharger(charger);
    }
    if (copied !== NOT_PLAIN) return ok(copied);
    let text: string | undefined;
    this.kernelWriting++;
    try {
      text = JSON.stringify(value);
    } catch (e) {
      if (this.trappedAt >= 0) return fail(this.faultOf(e));
      const message = describe(e).message;
      return fail(kernelWork(() => new InvalidResult(`result is not JSON-serialisable: ${message}`)));
    } finally {
      this.kernelWriting--;
    }
    if (text === undefined) return ok(undefined);
    if (text.length > this.limits.maxResultChars) {
      const max = this.limits.maxResultChars;
      return fail(kernelWork(() => new InvalidResult(`result too large: ${text.length} characters (limit ${max})`)));
    }
    return ok(hostJsonParse(text) as unknown);
  }

  /**
   * One guest call (module evaluation: n = 0): the clock's heartbeat around it, fuel refilled,
   * and the stops that apply to the whole call (fuel, host calls, a deadline already passed or
   * killed in an earlier attempt of a supervised run) turned into its fault.
   */
  private guestCall<T>(
    n: number,
    timeoutMs: number,
    eventDeadline: EventDeadline | undefined,
    body: () => Result<T, SandboxFault>,
    used: { fuel: number } = { fuel: 0 },
  ): Result<T, SandboxFault> {
    if (this._state !== "alive") {
      this._stats.faults.dead++;
      return fail(new VmDead(`extension is ${this._state}${this.deathCause ? `: ${this.deathCause}` : ""}`));
    }
    // Two clock reads per call: its start (its deadlines, and the check that its time is not
    // already up) and its return (the check of its deadlines, and its host time).
    const startedAt = this.callClock.now();
    let endedAt: number | undefined;
    const runLeftMs = this.limits.runTimeMs - this.hostMs;
    const call = this.callClock.begin(
      eventDeadline ? { timeoutMs, event: eventDeadline, runLeftMs, startedAt } : { timeoutMs, runLeftMs, startedAt },
    );
    const fuel = this.options.fuel * Math.max(1, n);
    let result: Result<T, SandboxFault>;
    let early: DeadlineKind | undefined;
    this.running = true;
    this.kernelWriting = 0;
    this.trappedAt = -1;
    this.thrownValue = undefined;
    this.thrownSite = -1;
    this.deepAt = -1;
    this.overflowAt = -1;
    this.engineOverflow = false;
    this.builtinOutOfFuel = false;
    this.hostCallsThisCall = 0;
    this.hostCallsExceeded = false;
    try {
      if (call.killed !== undefined) {
        this._stats.killedCalls++;
        result = fail(this.timeoutFault(call.killed, timeoutMs, eventDeadline));
      } else if ((early = call.expired(startedAt)) !== undefined) {
        // Its event's time, or its host time for the run, is already up: it does not start.
        result = fail(this.timeoutFault(early, timeoutMs, eventDeadline));
      } else {
        this.fuelCell(fuel);
        // The charger is set and put back around the body here, not through a wrapper
        // function: a closure call around every guest call doubled native clock.ts Reclaim
        // (bench placement, 3 rounds: 7.2-7.8 us before the charge, 13-14.8 with the wrapper, 6.2 so).
        const previousCharger = swapBuiltinCharger(this.chargeBuiltin);
        // body() returns a Result: `value` stays undefined only when it threw.
        let value: Result<T, SandboxFault> | undefined;
        let thrown: unknown;
        try {
          value = body();
        } catch (e) {
          thrown = e;
        } finally {
          swapBuiltinCharger(previousCharger);
        }
        // The fault is the kernel's work, made uncharged: with the guest's fuel out, a charge in
        // it (an Error's construction walks arrays) threw out of the kernel (kernel-heap-by-design).
        result = value ?? fail(this.faultOf(thrown));
        const left = this.deepAt >= 0 ? this.fuelLeftWhenDeep : this.fuelCell(0);
        if (this.deepAt >= 0) this.fuelCell(0);
        used.fuel = Math.min(fuel, fuel - left);
        // V8 cannot be interrupted: the deadline is checked when the call returns (a call that
        // never returns is the host watchdog's: the supervised run kills and replays it).
        endedAt = this.callClock.now();
        const late = call.expired(endedAt);
        if (late !== undefined) {
          result = fail(this.timeoutFault(late, timeoutMs, eventDeadline));
        } else if (this.deepAt >= 0) {
          result = fail(
            new StackOverflow(
              `guest called deeper than ${MAX_CALL_DEPTH} frames`,
              { line: SITE_LINE_BASE + this.deepAt, column: 1 },
              `${MAX_CALL_DEPTH} frames`,
            ),
          );
        } else if (this.overflowAt >= 0) {
          result = fail(this.overflowFault({ line: SITE_LINE_BASE + this.overflowAt, column: 1 }));
        } else if (this.trappedAt >= 0) {
          result = fail(
            new BudgetExceeded(
              `guest exceeded its budget of ${fuel} fuel units (loop back-edges and function entries)`,
              { line: SITE_LINE_BASE + this.trappedAt, column: 1 },
              `${fuel} fuel units`,
            ),
          );
        } else if (this.builtinOutOfFuel) {
          // A builtin's charge found the fuel exhausted and the guest caught the throw, then
          // returned without another check: the call is a budget fault all the same.
          result = fail(
            new BudgetExceeded(
              `guest exceeded its budget of ${fuel} fuel units (loop back-edges, function entries and builtin work)`,
              undefined,
              `${fuel} fuel units`,
            ),
          );
        } else if (this.hostCallsExceeded) {
          result = fail(
            new BudgetExceeded(
              `more than ${this.limits.maxHostCalls} host calls in one invocation`,
              undefined,
              `${this.limits.maxHostCalls} host calls`,
            ),
          );
        }
      }
    } finally {
      this.running = false;
      const at = this.callClock.end(call, endedAt);
      const ms = (typeof at === "number" ? at : this.callClock.now()) - startedAt;
      this.hostMs += ms;
      this._lastCallMs = ms;
    }
    // A call stopped by the clock (checked when it returned, or before it started) is accounted
    // as one its fuel stopped: where the clock caught it is not repeatable, its whole fuel is.
    // So is a call V8's own stack overflow ended: how far it went first depends on the tiers.
    if (!result.ok && (stoppedByWallClock(result.error) || this.engineOverflow)) used.fuel = fuel;
    this._stats.instructions += used.fuel;
    if (!result.ok) this._stats.faults[result.error.kind]++;
    return result;
  }

  private timeoutFault(kind: DeadlineKind, timeoutMs: number, eventDeadline: EventDeadline | undefined): SandboxFault {
    return deadlineFault(kind, this.limits, timeoutMs, eventDeadline?.limitMs);
  }

  /**
   * A thrown value as a fault, with its position in the module's body when its stack has one.
   * Called inside the guest call too (a handler threw): the thrown value's getters are the
   * guest's code, charged (describe); the rest (cutting the texts, finding the position with a
   * regex over the stack, making the fault, whose construction walks arrays in the hardened
   * realm) is the kernel's, uncharged: charged, it was ~10,000 units a throw (issue 11).
   */
  private faultOf(e: unknown): SandboxFault {
    if (this.deepAt >= 0 || this.overflowAt >= 0 || this.trappedAt >= 0 || e instanceof OutOfFuel)
      return kernelWork(() => this.stopFault());
    // The thrown error's stack, written as describe reads it, is the kernel's work (its header
    // uncharged); the guest's getters describe runs are charged.
    // A thrown value is the extension's exception, whatever it says it is, unless it is V8's own
    // stack overflow (isEngineOverflow): a RangeError the extension made (`new RangeError(...)`,
    // the Compartment's wrapped constructor) or one of V8's given that message after a guest
    // frame first saw it is not one (fault-kind-forge).
    this.kernelWriting++;
    let d: ReturnType<typeof describe>;
    try {
      d = readingStacksAsKernel(() => describe(e));
    } finally {
      this.kernelWriting--;
    }
    return kernelWork(() => {
      const position = this.positionOf(e);
      if (this.isEngineOverflow(e)) {
        this.engineOverflow = true;
        return this.overflowFault(position);
      }
      return new GuestException(d, position);
    });
  }

  /** The fault of a call its depth or fuel stopped. */
  private stopFault(): SandboxFault {
    if (this.deepAt >= 0)
      return new StackOverflow(
        `guest called deeper than ${MAX_CALL_DEPTH} frames`,
        undefined,
        `${MAX_CALL_DEPTH} frames`,
      );
    if (this.overflowAt >= 0) return this.overflowFault(undefined);
    return new BudgetExceeded(`guest exceeded its budget of ${this.options.fuel} fuel units`);
  }

  /** The fault of a call V8's own stack overflow ended (caught by the guest or not). */
  private overflowFault(position: GuestPosition | undefined): SandboxFault {
    return new StackOverflow(
      "guest overflowed V8's stack (a catch or finally cannot hide it: the call ends)",
      position,
      "V8's stack",
    );
  }

  /**
   * The first frame of the module's file in the thrown error's stack, as a position in the body:
   * read from the frames V8 gave when it wrote the stack (bounded-stacks.ts), never from the
   * stack's text, whose header is the guest's message and whose frames are named by the guest
   * (red team 9, fault-position-forge). A value whose stack the realm did not write (a thrown
   * object with a `stack` of its own, a primitive, an error whose stack was replaced before it
   * was read) is placed at the throw statement that threw it (issue 10's thrown-stack-unplaced;
   * extensions/sfi/passes/throws.ts), when it is the value the call threw last.
   */
  private positionOf(e: unknown): GuestPosition | undefined {
    const frames = stackFramesOf(e);
    if (frames === undefined)
      return this.thrownSite >= 0 && Object.is(e, this.thrownValue)
        ? { line: SITE_LINE_BASE + this.thrownSite, column: 1 }
        : undefined;
    for (const f of frames) {
      if (f.file !== this.filename) continue;
      const line = f.line - this.lineShift;
      return line >= 1 ? { line, column: f.column } : undefined;
    }
    return undefined;
  }
}

/**
 * Whether `value` is V8's own stack overflow: an error object of the realm (a proxy is not one)
 * whose prototype is RangeError's and whose own `message` is the engine's. Read without running
 * any of the guest's code (no getter, no trap), and never one the guest made with its
 * `RangeError` (bounded-builtins.ts guestRangeErrorConstructor; the verifier refuses the other
 * ways to an error's prototype: `.constructor`, setPrototypeOf, Reflect).
 */
function isEngineStackOverflow(value: unknown): boolean {
  if (!types.isNativeError(value) || Object.getPrototypeOf(value) !== RangeError.prototype) return false;
  if (guestMadeRangeErrors.has(value)) return false;
  const message = Object.getOwnPropertyDescriptor(value, "message");
  return message !== undefined && message.value === STACK_OVERFLOW_MESSAGE;
}

/**
 * The name the module is evaluated under: its sourceURL, and the file its frames name (positions
 * and log lines are read from the frames that name it). The author's file name is made safe
 * first, since the trailer that carries it is code: a U+2028 in the name ended the `//` comment,
 * and the rest of the name ran as JavaScript in place of the checked module, unverified and
 * unfuelled (red team 14, filename-sourceurl-smuggle, critical); `<!--` in it made SES refuse
 * a correct extension. Letters, digits, `.`, `_` and `-` only, at most 200 of them.
 */
export function sourceUrlName(file: string): string {
  const safe = file.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 200);
  return safe === "" ? "extension.js" : safe;
}

/** The message of V8's RangeError for a stack overflow. */
const STACK_OVERFLOW_MESSAGE = "Maximum call stack size exceeded";

/** The length of `frame.join("\n") + trailer`, counted without making it (the join is bounded). */
function moduleTextLength(frame: readonly string[], trailer: string): number {
  let length = trailer.length + frame.length - 1;
  for (const line of frame) length += line.length;
  return length;
}

/** What plainCopy answers for a value it leaves to JSON. */
const NOT_PLAIN: unique symbol = Symbol("not plain");
/** Characters JSON may need for a number (the bound the size check counts). */
const NUMBER_CHARS = 25;
const MAX_PLAIN_DEPTH = 3;

/**
 * `JSON.parse(JSON.stringify(v))` for plain data, without the text: objects whose prototype is
 * Object.prototype (or none) and arrays, with data properties only (no getter runs), no toJSON
 * anywhere on them, finite numbers, strings, booleans and null, at most MAX_PLAIN_DEPTH deep, and
 * a JSON text that cannot exceed the result limit (counted generously: what is not surely under
 * it goes through JSON, which measures it). Anything else: NOT_PLAIN, and the caller uses JSON.
 * A proxy is left to JSON before anything of it is read, so no guest code runs here: a value
 * is either copied without running any, or handed to JSON as before.
 */
function plainCopy(v: unknown, depth: number, size: { chars: number; max: number }): unknown {
  if (v === null || typeof v === "boolean") {
    size.chars += 5;
    return size.chars > size.max ? NOT_PLAIN : v;
  }
  if (typeof v === "number") {
    size.chars += NUMBER_CHARS;
    if (!Number.isFinite(v) || size.chars > size.max) return NOT_PLAIN;
    return v === 0 ? 0 : v;
  }
  if (typeof v === "string") {
    // At most 6 characters each once escaped (\u0000), and the quotes.
    size.chars += 6 * v.length + 2;
    return size.chars > size.max ? NOT_PLAIN : v;
  }
  if (typeof v !== "object" || depth >= MAX_PLAIN_DEPTH || types.isProxy(v)) return NOT_PLAIN;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (Array.isArray(v)) {
    if (proto !== Array.prototype || Object.hasOwn(v, "toJSON") || "toJSON" in Array.prototype) return NOT_PLAIN;
    const n = v.length;
    size.chars += 2 + n;
    if (size.chars > size.max) return NOT_PLAIN;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      const d = Object.getOwnPropertyDescriptor(v, i);
      if (d === undefined || !("value" in d)) return NOT_PLAIN;
      const x = d.value as unknown;
      if (x === undefined || typeof x === "function" || typeof x === "symbol") return NOT_PLAIN;
      const c = plainCopy(x, depth + 1, size);
      if (c === NOT_PLAIN) return NOT_PLAIN;
      out.push(c);
    }
    return out;
  }
  if ((proto !== Object.prototype && proto !== null) || "toJSON" in v) return NOT_PLAIN;
  const out: Record<string, unknown> = {};
  size.chars += 2;
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === "__proto__") return NOT_PLAIN;
    const d = Object.getOwnPropertyDescriptor(v, k);
    if (d === undefined || !("value" in d)) return NOT_PLAIN;
    const x = d.value as unknown;
    if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
    size.chars += 6 * k.length + 4;
    const c = plainCopy(x, depth + 1, size);
    if (c === NOT_PLAIN) return NOT_PLAIN;
    out[k] = c;
  }
  return out;
}

/** A handler entry of defineExtension, as the prelude reads one. */
function entry(ev: string, e: unknown, i: number): Registered {
  if (typeof e === "function") {
    const n = (e as { name?: unknown }).name;
    return {
      fn: e as Registered["fn"],
      name: typeof n === "string" && n ? n : `${ev}#${i}`,
      options: null,
      guard: null,
    };
  }
  if (e !== null && typeof e === "object" && typeof (e as { handler?: unknown }).handler === "function") {
    const o = e as { handler: Registered["fn"]; name?: unknown; options?: unknown; guard?: unknown };
    const n = typeof o.name === "string" ? o.name : o.handler.name;
    return {
      fn: o.handler,
      name: n ? n : `${ev}#${i}`,
      options: o.options === undefined ? null : o.options,
      guard: o.guard === undefined ? null : o.guard,
    };
  }
  throw new TypeError(`defineExtension: handler ${i} for event "${ev}" must be a function or { handler: function }`);
}

/**
 * The event's arguments as the extension sees them: frozen, and nothing the kernel holds that it
 * could change. Plain arguments are copied (they may be the kernel's own objects). A class with
 * a `toJSON` (Reclaim's) gives what it serialises, a view the kernel builds afresh for each
 * event for its handlers to read; that view is frozen in place, not copied (measured: copying
 * Reclaim's 64 pages cost 35 µs of the 45 µs a native Reclaim took, docs/PLACEMENTS.md).
 */
export function frozenCopy(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  const j = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof j === "function") return deepFreeze(j.call(v), 0);
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = frozenCopy(v[i]);
    return Object.freeze(out);
  }
  const out: Record<string, unknown> = {};
  // An index loop: a for-of in the hardened realm pays a checked array iterator (bounded-builtins.ts).
  const keys = Object.keys(v);
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = frozenCopy((v as Record<string, unknown>)[keys[i]!]);
  return Object.freeze(out);
}

/** The kernel's arguments are shallow (an event's fields, a list of records); deeper is a bug of ours. */
const MAX_ARGUMENT_DEPTH = 8;

function deepFreeze(v: unknown, depth: number): unknown {
  if (v === null || typeof v !== "object" || Object.isFrozen(v)) return v;
  if (depth > MAX_ARGUMENT_DEPTH) throw new Error("internal: an event's arguments nest deeper than 8 levels");
  if (Array.isArray(v)) for (let i = 0; i < v.length; i++) deepFreeze(v[i], depth + 1);
  else {
    const keys = Object.keys(v);
    for (let i = 0; i < keys.length; i++) deepFreeze((v as Record<string, unknown>)[keys[i]!], depth + 1);
  }
  return Object.freeze(v);
}

/** The globals one VM's Compartment gets of its own (newCompartment hardens them). */
export function vmGlobals(seed: number, clock: () => number): Record<string, unknown> {
  return { Math: seededMath(seed), Date: Object.freeze({ now: () => clock() }) };
}

/** Math with a seeded random (mulberry32, as the QuickJS prelude's), frozen. */
function seededMath(seed0: number): object {
  let seed = seed0 >>> 0;
  const m = Object.create(Object.getPrototypeOf(Math) as object) as Record<PropertyKey, unknown>;
  // Its functions convert a string argument charged (number-parse-fuel.ts chargedMathFunctions).
  const charged = chargedMathFunctions();
  for (const key of Reflect.ownKeys(Math)) {
    if (key === "random") continue;
    const d = Object.getOwnPropertyDescriptor(Math, key)!;
    if (charged.has(key)) d.value = charged.get(key);
    Object.defineProperty(m, key, d);
  }
  Object.defineProperty(m, "random", {
    value: function random(): number {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  });
  return Object.freeze(m);
}

/**
 * A thrown value described as the prelude describes one. Its getters (name, message, stack, a
 * toString, a toJSON) run here, inside the guest call: the guest's code, charged. Cutting the
 * texts that come out is the kernel's work, uncharged (a stack's cut was ~210 units a throw).
 */
function describe(e: unknown): { type: string; name?: string; message: string; stack?: string } {
  try {
    if (e instanceof Error) {
      const stack = e.stack;
      const name = String(e.name);
      const message = String(e.message);
      return kernelWork(() => ({
        type: "error",
        name: name.slice(0, 200),
        message: message.slice(0, TEXT_MAX),
        ...(typeof stack === "string" ? { stack: stack.slice(0, TEXT_MAX) } : {}),
      }));
    }
    if (e === null || (typeof e !== "object" && typeof e !== "function")) {
      const text = String(e);
      return kernelWork(() => ({ type: e === null ? "null" : typeof e, message: text.slice(0, TEXT_MAX) }));
    }
    const text = render(e);
    return kernelWork(() => ({ type: typeof e, message: text.slice(0, TEXT_MAX) }));
  } catch {
    return { type: "unknown", message: "<thrown value could not be described>" };
  }
}

/**
 * Run the kernel's own work inside a guest call uncharged: the fault it builds for a handler's
 * throw or promise (the realm's wrapped builtins would charge the guest for it). Only for work
 * that runs no guest code: a getter, a toString or a then is the guest's, and stays charged.
 */
const kernelWork = withoutBuiltinCharger;

function render(v: unknown): string {
  if (typeof v === "string") return v;
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s;
  } catch {
    try {
      return String(v);
    } catch {
      return "<unprintable>";
    }
  }
}

/** Whether a frame of `frames` is one `keep` accepts (an index loop: the realm's `some` is wrapped, charged to a running guest). */
function anyFrame(frames: readonly StackFrame[], keep: (frame: StackFrame) => boolean): boolean {
  for (let i = 0; i < frames.length; i++) if (keep(frames[i] as StackFrame)) return true;
  return false;
}
