/**
 * The SPIN-style dispatcher: handlers are bound to events with guards and options, and an event
 * raised by the kernel runs every matching handler.
 *
 * Order of a raise:
 *  1. The guard index yields the matching bindings, ordered First (newest first), plain (install
 *     order), Last (install order).
 *  2. Unless a matching binding has Cancel, the default handler (the built-in policy) runs first.
 *  3. The bindings run; several consecutive ones of one sandbox run in one boundary crossing.
 *     A result from an untrusted handler is checked against the event's result schema, then
 *     every result goes through the kernel's validator for the event. A failed or refused result
 *     is recorded on the binding and dropped.
 *  4. If no result is left (all failed and the default was cancelled), the default handler runs
 *     as the fallback: a failing handler never leaves the kernel without a decision.
 *  5. The result handler combines the results in invocation order (default: the last wins, so an
 *     installed handler's decision overrides the default's).
 *
 * With no matching binding the default handler is called directly: the single-handler fast path.
 * Whether a raise can skip the sequence altogether (the built-in policy alone, or a notification
 * nobody hears) is decided ahead per event: see Plan.
 */
import { check } from "../schema.js";
import { catalogue, type EventArgs, type EventName, type EventResult } from "../events/catalogue.js";
import { confineToOwnSpace, type Authorizer } from "./authorizer.js";
import { Binding, BindingAccount, type InstallOptions, type Principal } from "./binding.js";
import { DispatcherError, DispatcherErrorCode } from "./errors.js";
import { guardProblem, type EventKey, type Guard } from "./guard.js";
import { GuardIndex } from "./guard-index.js";
import { shareByWeight } from "./apportion.js";
import type { Handler, HandlerFault, HandlerOutcome } from "./handler.js";

export type ResultHandler<E extends EventName> = (
  results: readonly EventResult<E>[],
  args: EventArgs<E>,
) => EventResult<E>;
/** The kernel's semantic check of a result (does the frame belong to this application?). */
export type ResultValidator<E extends EventName> = (result: EventResult<E>, args: EventArgs<E>) => string | undefined;
export type FaultListener = (binding: Binding, fault: HandlerFault) => void;
/**
 * What one invocation of `binding` costs in simulated time (ns), charged by whoever keeps the
 * clock (the machine): `crossed` when this invocation entered the handler's domain (the first of
 * a batch), `fuel` its exact work in fuel units, `key` the event's key (whose application it
 * concerns). Called once per invocation, failed ones included: the work was done.
 */
export type Charger = (binding: Binding, crossed: boolean, fuel: number, key: EventKey, polls: number) => number;

/** One handler's part in a raise, as the event record shows it: its result, or how it failed. */
export interface HandlerRun {
  readonly handler: string;
  readonly result?: unknown;
  readonly fault?: HandlerFault;
}

/** Told of every raise once it is decided (the event record, kernel/machine/event-record.ts). */
export type RaiseRecorder = (event: EventName, runs: readonly HandlerRun[], result: unknown) => void;

/**
 * An event's dispatch state, as a handle (Dispatcher.channel): the kernel raises its events through
 * handles it keeps, so that a raise does not look the event up by name.
 */
export interface EventChannel<E extends EventName> {
  readonly event: E;
}

/**
 * How a raise of an event goes, decided ahead (Dispatcher.replan) whenever what it depends on
 * changes (a binding installed or removed, the default handler, timing, the recorder), so that the
 * common raise costs no lookups:
 *  - General: the whole sequence (bindings, schema, validator, result handler, record);
 *  - Default: nothing is bound and nothing records the raise, and the default is trusted with a
 *    function of its own (Handler.call) and timing is off: it is called directly, no outcome object;
 *  - Count: a notification nothing is bound to, with no default and no recorder: the raise is
 *    counted and nothing else happens (its arguments are not even built).
 */
const enum Plan {
  General,
  Default,
  Count,
}

interface EventState {
  /** The dispatcher it belongs to: a handle is raised only on the dispatcher that made it. */
  readonly owner: Dispatcher;
  readonly event: EventName;
  readonly index: GuardIndex;
  defaultHandler: Handler | undefined;
  readonly defaultAccount: BindingAccount;
  resultHandler: ResultHandler<EventName> | undefined;
  validator: ResultValidator<EventName> | undefined;
  authorizer: Authorizer;
  raised: number;
  /** How the next raise goes (see Plan); kept by Dispatcher.replan. */
  plan: Plan;
}

const lastWins = <T>(results: readonly T[]): T => results[results.length - 1]!;

export class Dispatcher {
  private readonly events = new Map<EventName, EventState>();
  private nextId = 1;
  private readonly faultListeners: FaultListener[] = [];
  /** Bindings taken back (uninstalled), kept for their accounts: what they spent stays reported. */
  private readonly retired: Binding[] = [];
  private measuresTime = true;
  /** Charges invocations to simulated time (the machine sets it); none: nothing is charged. */
  charger: Charger | undefined;
  private raises = 0;
  private recordsTo: RaiseRecorder | undefined;

  constructor() {
    for (const name of Object.keys(catalogue) as EventName[]) {
      this.events.set(name, {
        owner: this,
        event: name,
        index: new GuardIndex(),
        defaultHandler: undefined,
        defaultAccount: new BindingAccount(),
        resultHandler: undefined,
        validator: undefined,
        authorizer: confineToOwnSpace,
        raised: 0,
        plan: Plan.General,
      });
    }
    this.replanAll();
  }

  /** Host-time measurement of invocations; off keeps a raise free of clock reads. */
  get timing(): boolean {
    return this.measuresTime;
  }

  set timing(on: boolean) {
    this.measuresTime = on;
    this.replanAll();
  }

  /** Told of every raise with the handlers that ran; off (undefined) costs nothing per raise. */
  get recorder(): RaiseRecorder | undefined {
    return this.recordsTo;
  }

  set recorder(recorder: RaiseRecorder | undefined) {
    this.recordsTo = recorder;
    this.replanAll();
  }

  install(
    event: EventName,
    handler: Handler,
    opts: { guard?: Guard; options?: InstallOptions; principal?: Principal } = {},
  ): Binding {
    const state = this.state(event);
    const principal = opts.principal ?? { kind: "kernel" };
    const options = opts.options ?? {};
    if (options.first && options.last) {
      throw new DispatcherError(
        DispatcherErrorCode.InvalidOptions,
        `${event}: a binding cannot be both First and Last`,
      );
    }
    const decision = state.authorizer(principal, event, opts.guard ?? {});
    if (!decision.ok) throw new DispatcherError(DispatcherErrorCode.Unauthorized, decision.reason);
    const problem = guardProblem(event, decision.guard, catalogue[event].guardKeys);
    if (problem) throw new DispatcherError(DispatcherErrorCode.InvalidGuard, problem);
    const id = this.nextId++;
    const rank = options.first ? -id : options.last ? 1e12 + id : id;
    const binding = new Binding(id, event, handler, decision.guard, options, principal, rank);
    state.index.add(binding);
    this.replan(state);
    return binding;
  }

  uninstall(binding: Binding): void {
    if (!binding.installed || this.events.get(binding.event) === undefined) {
      throw new DispatcherError(
        DispatcherErrorCode.NotInstalled,
        `binding ${binding.id} on ${binding.event} is not installed`,
      );
    }
    binding.installed = false;
    const state = this.state(binding.event);
    state.index.remove(binding);
    this.replan(state);
    this.retired.push(binding);
  }

  setDefault(event: EventName, handler: Handler): void {
    const state = this.state(event);
    state.defaultHandler = handler;
    this.replan(state);
  }

  setResultHandler<E extends EventName>(event: E, handler: ResultHandler<E>): void {
    this.state(event).resultHandler = handler as unknown as ResultHandler<EventName>;
  }

  setValidator<E extends EventName>(event: E, validator: ResultValidator<E>): void {
    this.state(event).validator = validator as unknown as ResultValidator<EventName>;
  }

  setAuthorizer(event: EventName, authorizer: Authorizer): void {
    this.state(event).authorizer = authorizer;
  }

  onFault(listener: FaultListener): void {
    this.faultListeners.push(listener);
  }

  /** True when some installed binding could see an event with this key (predicates aside). */
  hasBindings(event: EventName | EventChannel<EventName>, key: EventKey): boolean {
    const state = typeof event === "string" ? this.state(event) : this.own(event);
    return state.index.size > 0 && state.index.lookup(key).length > 0;
  }

  /** The handle of an event, to raise it with raiseOn (no lookup by name per raise). */
  channel<E extends EventName>(event: E): EventChannel<E> {
    return this.state(event) as unknown as EventChannel<E>;
  }

  bindings(): Binding[] {
    const all: Binding[] = [];
    for (const state of this.events.values()) all.push(...state.index.all());
    return all.sort((a, b) => a.id - b.id);
  }

  /** Every binding ever installed, uninstalled ones included (their accounts survive), by id. */
  everBound(): Binding[] {
    return [...this.bindings(), ...this.retired].sort((a, b) => a.id - b.id);
  }

  defaultAccount(event: EventName): BindingAccount {
    return this.state(event).defaultAccount;
  }

  raisedCount(event: EventName): number {
    return this.state(event).raised;
  }

  /** Events raised so far, all events together: tells one raise from the next (per-event limits). */
  get raiseCount(): number {
    return this.raises;
  }

  /**
   * Raise an event. `args` may be a function that builds them: it is called only if some handler
   * will see them, so a notification nobody listens to costs a counter increment.
   */
  raise<E extends EventName>(event: E, key: EventKey, lazyArgs: EventArgs<E> | (() => EventArgs<E>)): EventResult<E> {
    return this.raiseOn(this.channel(event), key, lazyArgs);
  }

  /** Dispatcher.raise through an event's handle (channel). */
  raiseOn<E extends EventName>(
    channel: EventChannel<E>,
    key: EventKey,
    lazyArgs: EventArgs<E> | (() => EventArgs<E>),
  ): EventResult<E> {
    const state = this.own(channel);
    state.raised++;
    this.raises++;
    const plan = state.plan;
    if (plan === Plan.Count) {
      state.defaultAccount.invocations++;
      return undefined as EventResult<E>;
    }
    // A benchmark may watch the default's host time (BindingAccount.observeHostNs): the general path tells it.
    if (plan === Plan.Default && state.defaultAccount.observeHostNs === undefined) {
      // A trusted default called directly: no outcome object, and no arguments built for a
      // default that never reads them. Accounted as runDefault accounts it (no instructions,
      // no host time when timing is off).
      const only = state.defaultHandler!;
      const args = typeof lazyArgs !== "function" ? lazyArgs : only.readsArgs === false ? undefined : lazyArgs();
      return this.callDefault(state, only.call!, args) as EventResult<E>;
    }
    return this.raiseGeneral(state, key, lazyArgs) as EventResult<E>;
  }

  /**
   * The whole sequence of a raise (the General plan). A method of its own so that raiseOn stays
   * small enough for V8 to inline it where the kernel raises.
   */
  private raiseGeneral(
    state: EventState,
    key: EventKey,
    lazyArgs: EventArgs<EventName> | (() => EventArgs<EventName>),
  ): unknown {
    const event = state.event;
    const runs: HandlerRun[] | undefined = this.recordsTo ? [] : undefined;
    if (typeof lazyArgs === "function" && state.index.size === 0 && !state.defaultHandler) {
      state.defaultAccount.invocations++;
      if (runs) this.recordsTo!(event, runs, undefined);
      return undefined;
    }
    const args = typeof lazyArgs === "function" ? lazyArgs() : lazyArgs;
    const bound = state.index.lookup(key, args);
    if (bound.length === 0) {
      const only = this.runDefault(state, event, args, runs);
      if (runs) this.recordsTo!(event, runs, only);
      return only;
    }

    const results: unknown[] = [];
    let cancelled = false;
    for (let i = 0; i < bound.length; i++) if (bound[i]!.options.cancel) cancelled = true;
    if (!cancelled) results.push(this.runDefault(state, event, args, runs));

    for (let i = 0; i < bound.length; ) {
      const binding = bound[i]!;
      const domain = binding.handler.domain;
      let j = i + 1;
      if (domain) while (j < bound.length && bound[j]!.handler.domain === domain) j++;
      if (j - i > 1 && domain) {
        const group = bound.slice(i, j).filter((b) => b.installed);
        const started = this.measuresTime ? performance.now() : 0;
        const outcomes = domain.invokeMany(group.map((b) => ({ handler: b.handler, event, args })));
        const hostNs = this.measuresTime
          ? batchHostNs((performance.now() - started) * 1e6, group.length, outcomes)
          : [];
        group.forEach((b, k) => {
          if (group.length > 1) b.account.batched++;
          this.settle(state, b, outcomes[k] ?? missingOutcome, args, hostNs[k] ?? 0, results, k === 0, key, runs);
        });
      } else if (binding.installed) {
        const handler = binding.handler;
        // A handler that times itself (a sandbox, which reads the clock for its deadlines) is not timed again.
        const timed = this.measuresTime && handler.timesItself !== true;
        const started = timed ? performance.now() : 0;
        const outcome = handler.invoke(event, args);
        const hostNs = timed ? (performance.now() - started) * 1e6 : this.measuresTime ? (outcome.hostNs ?? 0) : 0;
        this.settle(state, binding, outcome, args, hostNs, results, true, key, runs);
      }
      i = j;
    }

    if (results.length === 0) results.push(this.runDefault(state, event, args, runs));
    const decided =
      results.length === 1 ? results[0] : (state.resultHandler ?? lastWins)(results as EventResult<EventName>[], args);
    if (runs) this.recordsTo!(event, runs, decided);
    return decided;
  }

  private settle(
    state: EventState,
    binding: Binding,
    outcome: HandlerOutcome,
    args: unknown,
    hostNs: number,
    results: unknown[],
    crossed: boolean,
    key: EventKey,
    runs: HandlerRun[] | undefined,
  ): void {
    const fuel = outcome.fuel ?? 0;
    const account = binding.account;
    account.fuel += fuel;
    if (this.charger !== undefined) account.chargedNs += this.charger(binding, crossed, fuel, key, outcome.polls ?? 0);
    let fault: HandlerFault | undefined;
    if (!outcome.ok) fault = outcome.fault;
    else {
      const event = catalogue[binding.event];
      const mismatch = binding.handler.trusted ? undefined : check(event.result, outcome.value);
      const where = binding.handler.resultSource ?? binding.handler.source;
      const at = where ? { position: where } : {};
      if (mismatch) fault = { kind: "invalid-result", message: `${mismatch.path}: ${mismatch.message}`, ...at };
      else if (state.validator && event.synchronous) {
        const refused = state.validator(outcome.value as never, args as never);
        if (refused) fault = { kind: "invalid-result", message: refused, ...at };
      }
    }
    account.record(fault === undefined, outcome.instructions, hostNs, fault);
    if (runs)
      runs.push(
        fault
          ? { handler: binding.handler.name, fault }
          : { handler: binding.handler.name, result: outcome.ok ? outcome.value : undefined },
      );
    if (fault) {
      for (const listener of this.faultListeners) listener(binding, fault);
      return;
    }
    if (outcome.ok) results.push(outcome.value);
  }

  /** The default handler's own function, called with no outcome object (see raise); its failure is a kernel bug. */
  private callDefault(state: EventState, call: (args: unknown) => unknown, args: unknown): unknown {
    let value: unknown;
    try {
      value = call(args);
    } catch (error) {
      throw defaultFailed(state, error);
    }
    state.defaultAccount.invocations++;
    return value;
  }

  private runDefault(state: EventState, event: EventName, args: unknown, runs?: HandlerRun[]): unknown {
    const handler = state.defaultHandler;
    if (!handler) {
      // A notification may have no default handler: nothing happens, as the catalogue says.
      if (catalogue[event].synchronous) throw new Error(`internal bug: no default handler for ${event}`);
      state.defaultAccount.invocations++;
      return undefined;
    }
    const started = this.measuresTime ? performance.now() : 0;
    const outcome = handler.invoke(event, args);
    const hostNs = this.measuresTime ? (performance.now() - started) * 1e6 : 0;
    state.defaultAccount.record(outcome.ok, outcome.instructions, hostNs, outcome.ok ? undefined : outcome.fault);
    // The default handler is the kernel's own trusted policy: its failure is a kernel bug.
    if (!outcome.ok) throw new Error(`internal bug: default handler for ${event} failed: ${outcome.fault.message}`);
    if (runs) runs.push({ handler: handler.name, result: outcome.value });
    return outcome.value;
  }

  /** Decide how raises of `state`'s event go from now on (see Plan). */
  private replan(state: EventState): void {
    const only = state.defaultHandler;
    if (state.index.size > 0 || this.recordsTo !== undefined) state.plan = Plan.General;
    else if (only === undefined) state.plan = catalogue[state.event].synchronous ? Plan.General : Plan.Count;
    else if (only.trusted && only.call !== undefined && !this.measuresTime) state.plan = Plan.Default;
    else state.plan = Plan.General;
  }

  private replanAll(): void {
    for (const state of this.events.values()) this.replan(state);
  }

  /** The state behind a handle this dispatcher made (channel); anything else is a caller's bug. */
  private own(channel: EventChannel<EventName>): EventState {
    const state = channel as unknown as EventState;
    if (state.owner !== this) throw foreignHandle(channel);
    return state;
  }

  private state(event: EventName): EventState {
    // A Map, so a name that is not an event (even "__proto__") simply has no state.
    const state = this.events.get(event);
    if (!state) {
      throw new DispatcherError(
        DispatcherErrorCode.UnknownEvent,
        `unknown event ${JSON.stringify(event)} (known: ${Object.keys(catalogue).join(", ")})`,
      );
    }
    return state;
  }
}

// The raise path's errors are made out of line, so that the functions on it stay small enough to inline.

/** A default handler threw: recorded on its account, and a kernel bug (the default is the kernel's own policy). */
function defaultFailed(state: EventState, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  state.defaultAccount.record(false, 0, 0, { kind: "exception", message });
  return new Error(`internal bug: default handler for ${state.event} failed: ${message}`);
}

function foreignHandle(channel: EventChannel<EventName>): DispatcherError {
  return new DispatcherError(
    DispatcherErrorCode.UnknownEvent,
    `an event handle of another dispatcher (or not a handle) for ${JSON.stringify(channel.event)}`,
  );
}

/**
 * The host time of a batch per handler: the crossing is measured once, so its time is shared in
 * proportion to each handler's exact fuel (evenly when the batch counted none). Fuel is the one
 * per-handler figure every placement reports (the guest cannot read a clock); the crossing's
 * fixed cost (arguments, replies) is shared in the same proportion. BindingAccount.batched counts
 * the invocations whose host time is such a share.
 */
function batchHostNs(totalNs: number, handlers: number, outcomes: readonly HandlerOutcome[]): number[] {
  const fuel: number[] = [];
  for (let k = 0; k < handlers; k++) fuel.push(outcomes[k]?.fuel ?? 0);
  return shareByWeight(totalNs, fuel);
}

const missingOutcome: HandlerOutcome = {
  ok: false,
  fault: { kind: "invalid-result", message: "the sandbox returned no outcome for this handler" },
  instructions: 0,
};
