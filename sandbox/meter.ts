/**
 * Metering of one guest call: the interrupt polls it may spend (its budget), its host-function
 * calls, its deadlines (call-clock.ts), and why it was stopped. QuickJS calls the VM's interrupt
 * handler every 10,000 ticks (limits.ts); the handler asks the meter whether to stop.
 */
import type { DeadlineKind, GuestCall } from "./call-clock.js";
import {
  BudgetExceeded,
  HostTimeSpent,
  OutOfMemory,
  Timeout,
  type GuestPosition,
  type SandboxFault,
} from "./errors.js";
import type { SandboxLimits } from "./limits.js";

export type AbortReason = "budget" | "timeout" | "host-calls" | "memory";

export class Meter {
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

  /**
   * A deadline check (before the call starts, at a poll, between job chunks): true when the call
   * must stop. `now`: the clock's time if the caller has just read it (GuestCall.expired).
   */
  deadlinePassed(now?: number): boolean {
    const kind = this.call.expired(now);
    if (kind === undefined) return false;
    this.overran = kind;
    return true;
  }

  /**
   * One interrupt poll: true when the call must stop (and `abort` says why). `memoryFull` is the
   * memory guard's check of the WASM heap, made at every poll.
   */
  poll(memoryFull: boolean): boolean {
    this.polls++;
    if (this.abort !== null) return true;
    if (memoryFull) {
      this.abort = "memory";
      return true;
    }
    if (this.polls > this.budget) {
      this.abort = "budget";
      return true;
    }
    if (this.deadlinePassed()) {
      this.abort = "timeout";
      return true;
    }
    return false;
  }
}

/**
 * The fault of a call that overran deadline `overran` (every engine reports it alike):
 * `timeoutMs` is the call's own timeout, `eventLimitMs` the time cap of its event.
 */
export function deadlineFault(
  overran: DeadlineKind | undefined,
  limits: Pick<SandboxLimits, "runTimeMs">,
  timeoutMs: number,
  eventLimitMs: number | undefined,
  position?: GuestPosition,
): SandboxFault {
  if (overran === "run")
    return new HostTimeSpent(
      `guest used up its ${limits.runTimeMs} ms of host time for the run (all its calls together)`,
      position,
      `${limits.runTimeMs} ms`,
    );
  return overran === "event"
    ? new Timeout(
        `guest exceeded the ${eventLimitMs ?? "?"} ms deadline of its event (all the event's handlers together)`,
        position,
        eventLimitMs === undefined ? undefined : `${eventLimitMs} ms`,
      )
    : new Timeout(`guest exceeded the ${timeoutMs} ms deadline`, position, `${timeoutMs} ms`);
}

/** The fault a call stopped for `reason` reports (`position`: where the guest was, if known). */
export function abortFault(
  reason: AbortReason,
  m: Meter,
  limits: SandboxLimits,
  position?: GuestPosition,
): SandboxFault {
  if (reason === "timeout") return deadlineFault(m.overran, limits, m.timeoutMs, m.eventLimitMs, position);
  if (reason === "memory") return new OutOfMemory("guest ran out of memory", position);
  if (reason === "host-calls")
    return new BudgetExceeded(
      `more than ${limits.maxHostCalls} host calls in one invocation`,
      position,
      `${limits.maxHostCalls} host calls`,
    );
  return new BudgetExceeded(
    `guest exceeded its budget of ${m.budget} polls (${m.budget * 10_000} ticks)`,
    position,
    `${m.budget} polls`,
  );
}
