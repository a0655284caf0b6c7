/**
 * The bridge between the kernel's dispatcher and a sandbox VM: a `SandboxedHandler` is one
 * handler of one extension (one index of one event in the VM's manifest) seen through the
 * kernel's `Handler` interface, and a `SandboxHandlerDomain` is the VM itself, so that several
 * handlers of one extension matching one event cross the host/guest boundary once.
 *
 * Nothing here throws into the kernel: every `SandboxFault` becomes a `HandlerFault` whose
 * position is mapped through the extension's source map to the TypeScript the author wrote.
 * Results are returned unchecked (`trusted: false`): the dispatcher checks them against the
 * event's result schema and the kernel's validators.
 */
import type { CrossingCost } from "../kernel/config.js";
import type { EventName } from "../kernel/events/catalogue.js";
import type {
  Handler,
  HandlerDomain,
  HandlerFault,
  HandlerOutcome,
  SourcePosition,
} from "../kernel/dispatcher/handler.js";
import { shareWhole } from "../kernel/dispatcher/apportion.js";
import type { EventDeadline } from "./call-clock.js";
import type { SandboxFault } from "./errors.js";
import type { HostValue } from "./marshal.js";
import type { ExtensionVM, HandlerCall, InvokeOptions } from "./vm.js";

/** Maps a position in the transpiled JavaScript (1-based) to the TypeScript source (1-based). */
export type PositionMapper = (line: number, column: number) => { line: number; column: number } | undefined;

export interface SandboxDomainOptions {
  /** The TypeScript file positions are reported in (as the user named it). */
  readonly sourceFile: string;
  /** Source-map lookup of the transpiled code; without it positions are left in the JS. */
  readonly mapPosition?: PositionMapper;
  /**
   * The time cap of the event being raised (shared by every extension's handlers for one
   * event), asked before each crossing; none: only each invocation's own timeout applies.
   */
  readonly eventDeadline?: () => EventDeadline;
  /** The cost parameter of entering this domain (its placement's crossing), for simulated time. */
  readonly crossing?: CrossingCost;
  /**
   * Where the exact fuel of a crossing comes from: the guest's reports to its `sfiFuel` host
   * function (QuickJS placements), or the engine's own count, its `instructions` (the V8
   * placements meter in fuel units); none: no exact count.
   */
  readonly fuel?: FuelTally | "instructions";
}

/**
 * The fuel units a guest's handler wrapper reports to its `sfiFuel` host function (SFI's runtime,
 * also in typed mode's counting rewrite: extensions/sfi/fuel-count.ts), summed over one crossing.
 * A report is guest-controlled: anything but a safe non-negative integer is refused (a fault of
 * the handler that made it), and an extension can only add to its own count, never lower the
 * wrapper's report, which reads a counter the extension cannot name.
 */
export class FuelTally {
  private units = 0;

  readonly report = (used: HostValue): undefined => {
    if (typeof used !== "number" || !Number.isSafeInteger(used) || used < 0)
      throw new TypeError("sfiFuel expects a count of fuel units");
    this.units = Math.min(Number.MAX_SAFE_INTEGER, this.units + used);
    return undefined;
  };

  /** The units reported since the last take. */
  take(): number {
    const units = this.units;
    this.units = 0;
    return units;
  }
}

/**
 * Turn a sandbox fault into the kernel's fault value, with its position in the TypeScript source.
 * A fault that carries no position of its own (a thrown string, a stack overflow, a refused
 * result) is placed at the handler it happened in, `definedAt`, so every violation has a place.
 */
export function toHandlerFault(
  fault: SandboxFault,
  options: SandboxDomainOptions,
  definedAt?: { line: number; column: number },
): HandlerFault {
  const js = fault.position;
  let position: SourcePosition | undefined;
  if (js !== undefined && js.line > 0) {
    const mapped = options.mapPosition?.(js.line, Math.max(1, js.column));
    position = mapped
      ? { file: options.sourceFile, line: mapped.line, column: mapped.column }
      : options.mapPosition
        ? undefined
        : { file: options.sourceFile, line: js.line, column: Math.max(1, js.column) };
  }
  if (position === undefined && definedAt !== undefined) {
    position = { file: options.sourceFile, line: definedAt.line, column: definedAt.column };
  }
  return {
    kind: fault.kind,
    message: fault.message,
    ...(fault.limit === undefined ? {} : { limit: fault.limit }),
    ...(position === undefined ? {} : { position }),
  };
}

/** `file.ts:12:5`, the form reports and diagnostics use. */
export function formatPosition(p: SourcePosition | undefined): string | undefined {
  return p === undefined ? undefined : `${p.file}:${p.line}:${p.column}`;
}

/** One extension's VM (any engine) as a handler domain: `invokeMany` is one boundary crossing. */
export class SandboxHandlerDomain implements HandlerDomain {
  constructor(
    readonly vm: ExtensionVM,
    readonly options: SandboxDomainOptions,
  ) {}

  private invokeOptions(): InvokeOptions {
    return this.options.eventDeadline ? { eventDeadline: this.options.eventDeadline() } : NO_OPTIONS;
  }

  /** A handler for `event`'s `index`-th entry of the VM's manifest. */
  handler(
    event: EventName,
    index: number,
    name: string,
    definedAt?: { line: number; column: number },
    resultAt?: { line: number; column: number },
  ): SandboxedHandler {
    return new SandboxedHandler(this, event, index, name, definedAt, resultAt);
  }

  invokeMany(
    calls: readonly { readonly handler: Handler; readonly event: EventName; readonly args: unknown }[],
  ): HandlerOutcome[] {
    if (calls.length === 0) return [];
    const batch: HandlerCall[] = calls.map((c) => {
      const h = c.handler;
      if (!(h instanceof SandboxedHandler) || h.domain !== this) {
        throw new Error(`internal bug: handler ${h.name} does not belong to this sandbox domain`);
      }
      return { event: h.event, index: h.index, args: c.args };
    });
    this.startCount();
    const before = this.vm.instructionCount;
    const r = this.vm.invokeMany(batch, this.invokeOptions());
    // What the crossing spent, failed or not (a budget fault spent the whole budget), per handler.
    const spent = this.vm.instructionCount - before;
    const parts = this.batchParts(spent, this.fuelCounted(spent), calls.length);
    const first = (i: number): { instructions: number; fuel?: number; polls?: number } => parts[i]!;
    if (!r.ok) {
      // A budget, timeout, memory or dead fault faults the whole batch.
      const fault = toHandlerFault(r.error, this.options, (calls[0]!.handler as SandboxedHandler).definedAt);
      return calls.map((_, i) => ({ ok: false, fault, ...first(i) }));
    }
    return r.value.results.map((res, i): HandlerOutcome => {
      const definedAt = (calls[i]!.handler as SandboxedHandler).definedAt;
      return res.ok
        ? { ok: true, value: res.value, ...first(i) }
        : { ok: false, fault: toHandlerFault(res.error, this.options, definedAt), ...first(i) };
    });
  }

  /**
   * One handler (the usual case): the same as a batch of one, without the batch's arrays and
   * spreads. The outcome carries the crossing's host time as the VM measured it (timesItself).
   */
  invokeOne(handler: SandboxedHandler, args: unknown): HandlerOutcome {
    this.startCount();
    const vm = this.vm;
    const before = vm.instructionCount;
    const call = handler.single;
    const previous = call.args;
    call.args = args;
    let r: ReturnType<ExtensionVM["invokeMany"]>;
    try {
      r = vm.invokeMany(handler.batch, this.invokeOptions());
    } finally {
      // Not kept past the crossing (and put back if a host function re-entered, which the VM refuses).
      call.args = previous;
    }
    const instructions = vm.instructionCount - before;
    const hostNs = vm.lastCallMs * 1e6;
    const source = this.options.fuel;
    const res = r.ok ? r.value.results[0] : undefined;
    if (source instanceof FuelTally) {
      // QuickJS: the polls charged when they cost more than the fuel (HandlerOutcome.polls).
      const fuel = source.take();
      const polls = certainPolls(instructions);
      if (res?.ok === true) return { ok: true, value: res.value, instructions, fuel, polls, hostNs };
      const error = r.ok ? res?.error : r.error;
      const fault = error === undefined ? missingResult : toHandlerFault(error, this.options, handler.definedAt);
      return { ok: false, fault, instructions, fuel, polls, hostNs };
    }
    const fuel = source === "instructions" ? instructions : undefined;
    if (res?.ok === true)
      return fuel === undefined
        ? { ok: true, value: res.value, instructions, hostNs }
        : { ok: true, value: res.value, instructions, fuel, hostNs };
    const error = r.ok ? res?.error : r.error;
    if (error === undefined)
      return { ok: false, fault: missingResult, instructions, hostNs, ...(fuel === undefined ? {} : { fuel }) };
    const fault = toHandlerFault(error, this.options, handler.definedAt);
    return fuel === undefined
      ? { ok: false, fault, instructions, hostNs }
      : { ok: false, fault, instructions, fuel, hostNs };
  }

  /**
   * A batch's work per handler. Fuel: each handler's own, as the engine counted it per call
   * (ExtensionVM.lastCallFuel). Instructions: in the V8 placements they are that fuel; QuickJS's
   * interrupt polls are counted per crossing only, so they are shared by fuel in whole polls
   * (apportion.ts), and so are the polls charged (HandlerOutcome.polls). With no split from the
   * engine, the first handler carries the crossing's.
   */
  private batchParts(
    spent: number,
    units: { fuel?: number },
    n: number,
  ): { instructions: number; fuel?: number; polls?: number }[] {
    const polled = this.options.fuel instanceof FuelTally;
    const split = units.fuel === undefined ? undefined : this.vm.lastCallFuel;
    if (split === undefined || split.length !== n) {
      return Array.from({ length: n }, (_, i) => ({
        ...(i === 0 ? { instructions: spent, ...units } : { instructions: 0, ...zeroFuel(units) }),
        ...(polled ? { polls: i === 0 ? certainPolls(spent) : 0 } : {}),
      }));
    }
    if (!polled) return split.map((fuel) => ({ instructions: fuel, fuel }));
    const instructions = shareWhole(spent, split);
    const polls = shareWhole(certainPolls(spent), split);
    return split.map((fuel, i) => ({ instructions: instructions[i]!, fuel, polls: polls[i]! }));
  }

  /** Before a crossing: the guest's reports start from zero. */
  private startCount(): void {
    if (this.options.fuel instanceof FuelTally) this.options.fuel.take();
  }

  /** The fuel of the crossing just made, where it is counted: `instructions` is the engine's own count of it. */
  private fuelCounted(instructions: number): { fuel?: number } {
    const source = this.options.fuel;
    if (source instanceof FuelTally) return { fuel: source.take() };
    if (source === "instructions") return { fuel: instructions };
    return {};
  }
}

/**
 * The whole polls of work a QuickJS crossing that saw `polls` interrupt polls certainly did: the
 * tick counter carries over from one call to the next, so the first poll may come after a single
 * tick of this call; each later one after 10,000 more.
 */
function certainPolls(polls: number): number {
  return polls > 1 ? polls - 1 : 0;
}

/** What a VM that answered a call with no result is taken to have done (a bug of the engine). */
const missingResult: HandlerFault = {
  kind: "invalid-result",
  message: "the sandbox returned no outcome for this handler",
};

/** The fuel of the other handlers of a batch: none (the first carries the batch's), where it is counted. */
function zeroFuel(units: { fuel?: number }): { fuel?: number } {
  return units.fuel === undefined ? {} : { fuel: 0 };
}

const NO_OPTIONS: InvokeOptions = Object.freeze({});

/** One extension handler as the dispatcher sees it. */
export class SandboxedHandler implements Handler {
  readonly kind = "sandboxed" as const;
  readonly trusted = false;
  readonly timesItself = true;
  /**
   * Its call as a batch of one, made once: invokeOne sets the arguments for the crossing and
   * clears them after (a crossing never starts inside another: the VM refuses re-entry).
   */
  readonly single: HandlerCall;
  readonly batch: readonly HandlerCall[];

  constructor(
    readonly domain: SandboxHandlerDomain,
    /** The event the handler was registered for in the extension's manifest. */
    readonly event: EventName,
    /** Its index among the extension's handlers for that event. */
    readonly index: number,
    readonly name: string,
    /** Where the handler is bound in the TypeScript source, for faults with no position of their own. */
    readonly definedAt?: { line: number; column: number },
    /** Where its one returned value is written (a handler with a single `return`), for refused results. */
    readonly resultAt?: { line: number; column: number },
  ) {
    this.single = { event, index, args: undefined };
    this.batch = [this.single];
  }

  get source(): SourcePosition | undefined {
    const at = this.definedAt;
    return at === undefined ? undefined : { file: this.domain.options.sourceFile, line: at.line, column: at.column };
  }

  get crossing(): CrossingCost | undefined {
    return this.domain.options.crossing;
  }

  get resultSource(): SourcePosition | undefined {
    const at = this.resultAt;
    return at === undefined ? undefined : { file: this.domain.options.sourceFile, line: at.line, column: at.column };
  }

  invoke(_event: EventName, args: unknown): HandlerOutcome {
    return this.domain.invokeOne(this, args);
  }
}
