/**
 * What the dispatcher calls. Two kinds share one interface: native handlers (trusted functions in
 * this process: the built-in policies and baselines) and sandboxed handlers (extension code in a
 * QuickJS VM, implemented in sandbox/). The dispatcher treats both alike except that results of
 * untrusted handlers are checked against the event's result schema before anything uses them.
 *
 * An invocation never throws into the kernel: a handler reports failure as a value, and the
 * dispatcher falls back to the default handler.
 */
import type { CrossingCost } from "../config.js";
import type { EventArgs, EventName, EventResult } from "../events/catalogue.js";

/**
 * Every way a handler can fail, the one list: the sandbox's faults (sandbox/errors.ts has a class
 * for each), the dispatcher's refusal of a result (`invalid-result`) and SFI's traps. Reports
 * count violations by these names (`violation_<kind>`).
 */
export const FAULT_KINDS = [
  "budget",
  "timeout",
  "host-time",
  "memory",
  "stack",
  "exception",
  "unresolved-promise",
  "invalid-result",
  "dead",
  "sfi",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface HandlerFault {
  readonly kind: FaultKind;
  readonly message: string;
  /** The limit a `budget` or `timeout` fault hit, as reports show it: `100 polls`, `1000 host calls`, `2000 ms`. */
  readonly limit?: string;
  readonly position?: SourcePosition;
}

/**
 * `instructions` is the engine's own count (QuickJS interrupt polls, or fuel units), shown in
 * accounts. `fuel`, when the engine counts it, is the exact work of the invocation in fuel units
 * (one per loop back-edge and function entry of the extension's own code), counted the same way
 * in every placement: what simulated time is charged for (CostParams.fuelUnitNs). `polls`, where
 * the engine polls (QuickJS), is the whole polls of work the invocation certainly did (its
 * crossing's polls less the first, which the tick counter carried over from earlier calls may
 * have brought; a batch's shared by fuel): it is charged instead of the fuel when it costs more
 * (CostParams.pollNs), as work in C builtins counts ticks but no fuel.
 */
export type HandlerOutcome =
  | {
      readonly ok: true;
      readonly value: unknown;
      readonly instructions: number;
      readonly fuel?: number;
      readonly polls?: number;
      /** The host time of the invocation (ns), from a handler that times itself (Handler.timesItself). */
      readonly hostNs?: number;
    }
  | {
      readonly ok: false;
      readonly fault: HandlerFault;
      readonly instructions: number;
      readonly fuel?: number;
      readonly polls?: number;
      readonly hostNs?: number;
    };

export interface Handler {
  readonly kind: "native" | "sandboxed";
  /** Shown in reports, e.g. "clock" or "examples/pagers/twoq.ts#PhysAddr.Reclaim". */
  readonly name: string;
  /** Untrusted handlers have their results structurally checked; native ones are trusted. */
  readonly trusted: boolean;
  /**
   * Handlers that share a domain (one sandbox) can be invoked together in one boundary crossing
   * when several of them match one event.
   */
  readonly domain?: HandlerDomain;
  /** Where the handler is written, to place faults the dispatcher itself finds (a refused result). */
  readonly source?: SourcePosition;
  /**
   * What entering the handler costs in simulated time, by the name of its cost parameter (its
   * placement's crossing); a handler of one domain invoked in a batch crosses once. None: the
   * kernel's own code (the built-in policies), charged nothing beyond the machine's costs.
   */
  readonly crossing?: CrossingCost;
  /** Where its result is written, when it has one (a single `return`): a refused result is placed there. */
  readonly resultSource?: SourcePosition;
  /**
   * True when its outcomes carry their own host time (`hostNs`): a sandbox reads the clock at the
   * start and end of every crossing for its deadlines anyway, so the dispatcher's host timing
   * takes that figure instead of reading the clock twice more.
   */
  readonly timesItself?: boolean;
  invoke(event: EventName, args: unknown): HandlerOutcome;
  /**
   * A trusted handler's function itself (native handlers only): the dispatcher calls a default
   * handler through it, with no outcome object per call; an exception it throws is the handler's
   * failure, as `invoke` would report it.
   */
  readonly call?: (args: unknown) => unknown;
  /**
   * False when the handler never reads its arguments (a default whose answer is fixed): a raise
   * whose arguments are built on demand (Dispatcher.raise's lazy arguments) does not build them
   * when no other handler will see them.
   */
  readonly readsArgs?: boolean;
}

export interface HandlerDomain {
  invokeMany(
    calls: readonly { readonly handler: Handler; readonly event: EventName; readonly args: unknown }[],
  ): HandlerOutcome[];
}

/**
 * A trusted function as a handler; exceptions it throws are caught and reported as faults.
 * `readsArgs: false` says the function never reads its arguments (Handler.readsArgs).
 */
export function nativeHandler<E extends EventName>(
  name: string,
  fn: (args: EventArgs<E>) => EventResult<E>,
  options: { readonly readsArgs?: false } = {},
): Handler {
  return {
    kind: "native",
    name,
    trusted: true,
    call: fn as (args: unknown) => unknown,
    ...(options.readsArgs === false ? { readsArgs: false } : {}),
    invoke(_event, args) {
      try {
        return { ok: true, value: fn(args as EventArgs<E>), instructions: 0 };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, fault: { kind: "exception", message }, instructions: 0 };
      }
    },
  };
}
