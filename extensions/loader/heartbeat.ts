/**
 * The buffer a simulation worker shares with its supervisor (supervised-run.ts), and the clock
 * the worker's sandbox VMs read their deadlines from.
 *
 * Heartbeat: before each guest call the worker writes the call's number, its start and its
 * deadline (wall-clock ms since the epoch: `performance.timeOrigin + performance.now()`, the same
 * scale in every thread), then sets the phase to RUNNING; after the call it swaps RUNNING back to
 * IDLE. The supervisor, polling, claims an overrunning call by swapping RUNNING to CLAIMED and
 * terminates the worker; a worker that finds its call claimed waits to be terminated, so it never
 * goes past a call the supervisor has taken back.
 *
 * Decision log: each deadline check that answered "expired" is appended as (call, check, kind),
 * before the VM acts on it. A fresh worker replays the run: calls before the killed one get the
 * recorded answers and no others (never the wall clock), the killed calls fail without running,
 * and the calls after them are live again. Since everything else in a run is deterministic, the
 * replayed run is the run that was killed, with the killed call failed at its deadline. A killed
 * call fails at once in the replay, but it had held the host for `heldMs`: the replaying clock
 * runs that much ahead from then on, so the deadlines that span it (its event's time cap, its
 * VM's host time for the run) are where they were when the call was killed.
 *
 * The log's size is computed from the run, so that it cannot overflow (decisionCapacity).
 */
import type { CallClock, CallSpec, DeadlineKind, GuestCall } from "../../sandbox/call-clock.js";
import { LiveCall } from "../../sandbox/call-clock.js";

export const PHASE_IDLE = 0;
export const PHASE_RUNNING = 1;
export const PHASE_CLAIMED = 2;

// Int32 slots
const I_PHASE = 0;
const I_SEQ = 1;
const I_KIND = 2;
const I_LOG_COUNT = 3;
const I_LOG_OVERFLOW = 4;
const I_LOG_CAPACITY = 5;
// Float64 slots (after 8 Int32 slots)
const F_START = 4;
const F_DEADLINE = 5;
const F_LONGEST = 6;
const HEADER_BYTES = 64;
const ENTRY_INTS = 3;

const KINDS: readonly DeadlineKind[] = ["invocation", "event", "run"];

/**
 * The "expired" answers a run can record, at most. A guest call gets at most one (the first
 * stops it, and nothing asks again); a call that got one fails with a timeout or host-time
 * fault, a violation of its extension; the watchdog unloads an extension at its
 * `maxViolations`-th violation at the latest, and its VM is never called again. So an
 * extension's handler calls record at most `maxViolations` answers, its module evaluation one
 * more, and a killed call may have recorded one before it stalled (an extension is unloaded at
 * its first kill): `maxViolations + 2` per extension.
 */
export function decisionCapacity(extensions: number, maxViolations: number): number {
  return Math.max(1, extensions) * (maxViolations + 2);
}

export interface Decision {
  readonly seq: number;
  readonly check: number;
  readonly kind: DeadlineKind;
}

export interface Kill {
  readonly seq: number;
  readonly kind: DeadlineKind;
  /** Host time of the killed call, from its start to the worker's end (ms). */
  readonly heldMs: number;
}

/** What the supervisor reads while the worker runs. */
export interface HeartbeatView {
  readonly phase: number;
  readonly seq: number;
  readonly kind: DeadlineKind;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly deadline: number;
}

/** Wall-clock ms since the epoch, comparable across threads. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

export class Heartbeat {
  readonly ints: Int32Array;
  private readonly floats: Float64Array;

  /** A worker's view of a buffer its supervisor made (`Heartbeat.create`). */
  constructor(readonly buffer: SharedArrayBuffer) {
    this.ints = new Int32Array(buffer);
    this.floats = new Float64Array(buffer, 0, HEADER_BYTES / 8);
  }

  // ---- supervisor side ------------------------------------------------------------------

  /** A fresh buffer with room for `capacity` decisions (decisionCapacity), starting with `decisions` logged (for the next attempt). */
  static create(capacity: number, decisions: readonly Decision[] = []): Heartbeat {
    if (!Number.isSafeInteger(capacity) || capacity < 1)
      throw new Error(`internal: a decision log of ${capacity} entries`);
    if (decisions.length > capacity)
      throw new Error(`internal: ${decisions.length} decisions do not fit the replay log of ${capacity}`);
    const hb = new Heartbeat(new SharedArrayBuffer(HEADER_BYTES + capacity * ENTRY_INTS * 4));
    hb.ints[I_LOG_CAPACITY] = capacity;
    decisions.forEach((d, i) => hb.writeEntry(i, d));
    Atomics.store(hb.ints, I_LOG_COUNT, decisions.length);
    return hb;
  }

  /** Decisions the log has room for. */
  get capacity(): number {
    return this.ints[I_LOG_CAPACITY]!;
  }

  read(): HeartbeatView {
    const phase = Atomics.load(this.ints, I_PHASE);
    const seq = Atomics.load(this.ints, I_SEQ);
    return {
      phase,
      seq,
      kind: KINDS[Atomics.load(this.ints, I_KIND)] ?? "invocation",
      startedAt: this.floats[F_START]!,
      deadline: this.floats[F_DEADLINE]!,
    };
  }

  /** Take back the running call `seq`: true if it was still running (the worker will wait to be terminated). */
  claim(seq: number): boolean {
    if (Atomics.compareExchange(this.ints, I_PHASE, PHASE_RUNNING, PHASE_CLAIMED) !== PHASE_RUNNING) return false;
    // The worker cannot move on while its call is claimed; if a later call had started between
    // the read and the claim, that one is not overdue: give it back.
    if (Atomics.load(this.ints, I_SEQ) === seq) return true;
    Atomics.store(this.ints, I_PHASE, PHASE_RUNNING);
    Atomics.notify(this.ints, I_PHASE);
    return false;
  }

  /** Every decision logged so far (those given at the start included). */
  decisions(): Decision[] {
    // Cannot happen for a log sized by decisionCapacity: a bug of ours, not the user's input.
    if (Atomics.load(this.ints, I_LOG_OVERFLOW) !== 0)
      throw new Error(
        `internal: the run made more than ${this.capacity} timeout decisions, the bound decisionCapacity proves`,
      );
    const n = Atomics.load(this.ints, I_LOG_COUNT);
    const out: Decision[] = [];
    for (let i = 0; i < n; i++) out.push(this.readEntry(i));
    return out;
  }

  /** The longest guest call the worker completed (ms). */
  longestCallMs(): number {
    return this.floats[F_LONGEST]!;
  }

  // ---- worker side ----------------------------------------------------------------------

  running(seq: number, kind: DeadlineKind, startedAt: number, deadline: number): void {
    this.floats[F_START] = startedAt;
    this.floats[F_DEADLINE] = deadline;
    Atomics.store(this.ints, I_KIND, KINDS.indexOf(kind));
    Atomics.store(this.ints, I_SEQ, seq);
    Atomics.store(this.ints, I_PHASE, PHASE_RUNNING);
  }

  /** The call returned: back to IDLE, unless the supervisor claimed it (then wait to be terminated). */
  returned(tookMs: number): void {
    if (tookMs > this.floats[F_LONGEST]!) this.floats[F_LONGEST] = tookMs;
    // Claimed: the supervisor is terminating this worker. Going on would run past the call it
    // has already failed, so wait until the termination arrives (or the claim is given back).
    while (Atomics.compareExchange(this.ints, I_PHASE, PHASE_RUNNING, PHASE_IDLE) !== PHASE_RUNNING) {
      Atomics.wait(this.ints, I_PHASE, PHASE_CLAIMED);
    }
  }

  log(d: Decision): void {
    const n = Atomics.load(this.ints, I_LOG_COUNT);
    if (n >= this.capacity) {
      Atomics.store(this.ints, I_LOG_OVERFLOW, 1);
      return;
    }
    this.writeEntry(n, d);
    Atomics.store(this.ints, I_LOG_COUNT, n + 1);
  }

  private writeEntry(i: number, d: Decision): void {
    const at = HEADER_BYTES / 4 + i * ENTRY_INTS;
    this.ints[at] = d.seq;
    this.ints[at + 1] = d.check;
    this.ints[at + 2] = KINDS.indexOf(d.kind);
  }

  private readEntry(i: number): Decision {
    const at = HEADER_BYTES / 4 + i * ENTRY_INTS;
    return { seq: this.ints[at]!, check: this.ints[at + 1]!, kind: KINDS[this.ints[at + 2]!] ?? "invocation" };
  }
}

/** What a worker replays: the decisions of earlier attempts and the calls that were killed. */
export interface ReplayPlan {
  readonly kills: readonly Kill[];
}

/** A call before the last kill: the recorded answers, nothing else. */
class ReplayedCall implements GuestCall {
  readonly killed = undefined;
  private checks = 0;
  constructor(
    readonly seq: number,
    private readonly answers: ReadonlyMap<number, DeadlineKind> | undefined,
  ) {}
  expired(): DeadlineKind | undefined {
    this.checks++;
    return this.answers?.get(this.checks);
  }
}

class KilledCall implements GuestCall {
  constructor(
    readonly seq: number,
    readonly killed: DeadlineKind,
  ) {}
  expired(): DeadlineKind {
    return this.killed;
  }
}

/** The clock of every VM in one simulation worker: numbered calls, heartbeat, recorded answers. */
export class SupervisedClock implements CallClock {
  private seq = 0;
  /** How far this clock runs ahead of the wall clock: the host time of the killed calls replayed so far (ms). */
  private aheadMs = 0;
  private readonly replayUntil: number;
  private readonly killed: ReadonlyMap<number, Kill>;
  private readonly answers = new Map<number, Map<number, DeadlineKind>>();

  constructor(
    private readonly heartbeat: Heartbeat,
    plan: ReplayPlan,
  ) {
    this.killed = new Map(plan.kills.map((k) => [k.seq, k]));
    this.replayUntil = plan.kills.reduce((m, k) => Math.max(m, k.seq), 0);
    for (const d of heartbeat.decisions()) {
      if (d.seq >= this.replayUntil) continue;
      let m = this.answers.get(d.seq);
      if (m === undefined) this.answers.set(d.seq, (m = new Map()));
      m.set(d.check, d.kind);
    }
  }

  now(): number {
    return performance.now() + this.aheadMs;
  }

  begin(spec: CallSpec): GuestCall {
    const seq = ++this.seq;
    const killed = this.killed.get(seq);
    if (killed !== undefined) {
      // It fails without running, but it held the host this long when it was killed.
      this.aheadMs += killed.heldMs;
      return new KilledCall(seq, killed.kind);
    }
    if (seq < this.replayUntil) return new ReplayedCall(seq, this.answers.get(seq));
    const call = new LiveCall(
      seq,
      spec.startedAt ?? this.now(),
      spec,
      (c, kind) => this.heartbeat.log({ seq: c.seq, check: c.checks, kind }),
      () => this.now(),
    );
    // The supervisor reads the wall clock: the deadline it kills at is this clock's, less the lead.
    const origin = performance.timeOrigin - this.aheadMs;
    this.heartbeat.running(seq, call.kind, origin + call.startedAt, origin + call.deadline);
    return call;
  }

  end(call: GuestCall, now?: number): number {
    const at = now ?? this.now();
    if (call instanceof LiveCall) this.heartbeat.returned(at - call.startedAt);
    return at;
  }
}
