/**
 * The wall clock of guest calls, behind one interface so that a run can be replayed exactly.
 *
 * Every call into a sandbox VM (a module evaluation, a batch of handlers) is a *guest call*.
 * Its deadlines are the only wall-clock input of a run: the invocation's own timeout, for
 * handlers the time cap of the event they run for (all its handlers together), and what is left
 * of the host time the VM may spend in the whole run (all its calls together). Everything
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

/**
 * Which deadline a call overran: its own timeout, the time cap of the event it runs for, or the
 * host time its VM may spend in the whole run (all its calls together).
 */
export type DeadlineKind = "invocation" | "event" | "run";

/** The time cap of the event a batch of handlers runs for (all its handlers together). */
export interface EventDeadline {
  /** The clock's `now()` at which the event's time is up. */
  readonly at: number;
  /** The cap, for messages. */
  readonly limitMs: number;
}

export interface CallSpec {
  /** The call's own timeout (the VM's `timeoutMs`, times the handlers of a batch). */
  readonly timeoutMs: number;
  /**
   * When the call starts, on this clock (`now()`), if the caller has just read it: a live call
   * takes it as its start instead of reading the clock again (one read fewer per crossing).
   */
  readonly startedAt?: number;
  readonly event?: EventDeadline;
  /** What is left of the VM's host time for the run (ms; 0 or less: none). */
  readonly runLeftMs?: number;
}

export interface GuestCall {
  /** 1-based number of the call in its clock (deterministic: calls happen in a fixed order). */
  readonly seq: number;
  /**
   * Set when an earlier attempt of this run had to kill this call: it fails with a timeout of
   * this kind without running.
   */
  readonly killed: DeadlineKind | undefined;
  /**
   * A deadline check: the overrun deadline, or undefined while the call is in time. `now`: the
   * clock's `now()` if the caller has just read it (the check then reads no clock of its own; a
   * replayed call ignores it and answers as recorded).
   */
  expired(now?: number): DeadlineKind | undefined;
}

export interface CallClock {
  begin(spec: CallSpec): GuestCall;
  /**
   * The call returned (normally or with a fault). May return the clock's `now()` at its end
   * (`now`, if the caller has just read it), so that the caller need not read it again for its
   * host time; a clock that returns nothing leaves the caller to ask `now()`.
   */
  end(call: GuestCall, now?: number): number | void;
  /**
   * The time deadlines are measured on (ms, this thread's `performance.now()` scale). A replaying
   * clock runs ahead of the wall clock by the host time of the killed calls it replayed (which
   * fail at once, but had held the host that long), so that what comes after a kill sees the
   * time the kill cost: the event it happened in, the VM's host time for the run.
   */
  now(): number;
}

/** A call checked against a clock; `onExpired` sees every "expired" answer (to record it). */
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
    private readonly now: () => number = () => performance.now(),
  ) {
    // The earliest deadline; a tie goes to the call's own timeout, then to the event's.
    let kind: DeadlineKind = "invocation";
    let deadline = startedAt + spec.timeoutMs;
    if (spec.event !== undefined && spec.event.at < deadline) {
      kind = "event";
      deadline = spec.event.at;
    }
    if (spec.runLeftMs !== undefined && startedAt + spec.runLeftMs < deadline) {
      kind = "run";
      deadline = startedAt + spec.runLeftMs;
    }
    this.kind = kind;
    this.deadline = deadline;
  }

  expired(now?: number): DeadlineKind | undefined {
    this.checks++;
    if ((now ?? this.now()) <= this.deadline) return undefined;
    this.onExpired?.(this, this.kind);
    return this.kind;
  }
}

/** The default clock: deadlines from `performance.now()`, nothing recorded. */
export class WallClock implements CallClock {
  private seq = 0;
  begin(spec: CallSpec): GuestCall {
    return new LiveCall(++this.seq, spec.startedAt ?? performance.now(), spec);
  }
  end(_call: GuestCall, now?: number): number {
    return now ?? performance.now();
  }
  now(): number {
    return performance.now();
  }
}
