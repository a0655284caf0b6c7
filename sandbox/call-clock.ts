/**
 * The wall clock of guest calls, behind one interface so that a run can be replayed exactly.
 *
 * Every call into a sandbox VM (a module evaluation, a batch of handlers) is a *guest call*.
 * Its deadlines are the only wall-clock input of a run: the invocation's own timeout and,
 * for handlers, the time cap of the event they run for (all its handlers together). Everything
 * else is counted (polls, fuel), so the same inputs give the same run, except where a deadline
 * was hit. The VM therefore never reads the clock itself: it asks its `CallClock` at every
 * deadline check whether the call has expired.
 *
 * `wallClock` (the default) answers from `performance.now()`. The supervised run
 * (extensions/loader/supervised-run.ts) gives every VM of a simulation one shared clock that
 * numbers the calls, publishes a heartbeat for the supervisor, and records each "expired"
 * answer, so that a fresh worker can replay the run to the same point with the same answers
 * and fail a call the supervisor had to kill without running it.
 */

/** Which deadline a call overran: its own timeout, or the time cap of the event it runs for. */
export type DeadlineKind = "invocation" | "event";

/** The time cap of the event a batch of handlers runs for (all its handlers together). */
export interface EventDeadline {
  /** `performance.now()` of this thread at which the event's time is up. */
  readonly at: number;
  /** The cap, for messages. */
  readonly limitMs: number;
}

export interface CallSpec {
  /** The call's own timeout (the VM's `timeoutMs`, times the handlers of a batch). */
  readonly timeoutMs: number;
  readonly event?: EventDeadline;
}

export interface GuestCall {
  /** 1-based number of the call in its clock (deterministic: calls happen in a fixed order). */
  readonly seq: number;
  /**
   * Set when an earlier attempt of this run had to kill this call: it fails with a timeout of
   * this kind without running.
   */
  readonly killed: DeadlineKind | undefined;
  /** A deadline check: the overrun deadline, or undefined while the call is in time. */
  expired(): DeadlineKind | undefined;
}

export interface CallClock {
  begin(spec: CallSpec): GuestCall;
  /** The call returned (normally or with a fault). */
  end(call: GuestCall): void;
}

/** A call checked against the wall clock; `onExpired` sees every "expired" answer (to record it). */
export class LiveCall implements GuestCall {
  readonly killed = undefined;
  /** Deadline checks made so far (the recorded answers name the check). */
  checks = 0;
  readonly deadline: number;
  readonly kind: DeadlineKind;

  constructor(
    readonly seq: number,
    readonly startedAt: number,
    spec: CallSpec,
    private readonly onExpired?: (call: LiveCall, kind: DeadlineKind) => void,
  ) {
    const own = startedAt + spec.timeoutMs;
    const event = spec.event?.at;
    this.kind = event !== undefined && event < own ? "event" : "invocation";
    this.deadline = event !== undefined && event < own ? event : own;
  }

  expired(): DeadlineKind | undefined {
    this.checks++;
    if (performance.now() <= this.deadline) return undefined;
    this.onExpired?.(this, this.kind);
    return this.kind;
  }
}

/** The default clock: deadlines from `performance.now()`, nothing recorded. */
export class WallClock implements CallClock {
  private seq = 0;
  begin(spec: CallSpec): GuestCall {
    return new LiveCall(++this.seq, performance.now(), spec);
  }
  end(): void {}
}
