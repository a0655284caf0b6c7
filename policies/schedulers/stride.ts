/**
 * Stride scheduling: deterministic proportional share. Each thread has a stride inversely
 * proportional to its tickets and a pass; the thread with the smallest pass runs, and its pass
 * advances by its stride for each quantum it uses.
 *
 * Source: C. A. Waldspurger and W. E. Weihl, "Stride Scheduling: Deterministic Proportional-Share
 * Resource Management", MIT/LCS/TM-528, 1995, §2-3 (and OSTEP ch. 9). stride = stride1 / tickets
 * (integer division, stride1 = 2^20 in the paper); a pass starts at global_pass + stride; a thread
 * that runs for a fraction f of a quantum advances by f * stride (§3.2, fractional quanta). Dynamic
 * participation (§3.1): global_pass advances by stride1 / global_tickets per quantum used by any
 * thread; a thread that leaves (blocks) keeps remain = pass - global_pass, and rejoins at
 * global_pass + remain, so blocking neither banks CPU time nor loses its place.
 */
import type { ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { ticketsOf, usedSince } from "./common.js";

interface Client {
  tickets: number;
  stride: number;
  pass: number;
  /** pass - global_pass when the thread left; used when it rejoins. */
  remain: number;
  active: boolean;
  /** The pick number at which the thread was last seen ready. */
  seen: number;
}

export class StrideScheduler implements SchedulerPolicy {
  readonly name = "stride";
  private readonly clients = new Map<number, Client>();
  private globalPass = 0;
  private globalTickets = 0;
  private picks = 0;
  private lastPicked = -1;
  private ranAtPick = 0;

  constructor(private readonly stride1: number) {}

  /** A thread's pass (for tests and teaching); NaN if never seen. */
  passOf(thread: number): number {
    return this.clients.get(thread)?.pass ?? Number.NaN;
  }

  pick(ready: readonly ReadyThreadInfo[], _current: number, view: SchedulerView): number {
    const epoch = ++this.picks;
    // Charge the last turn: the thread's pass and the global pass, by the fraction of a quantum used.
    if (this.lastPicked >= 0) {
      const client = this.clients.get(this.lastPicked)!;
      const quanta = usedSince(view.ranNs(this.lastPicked), this.ranAtPick) / view.quantumNs;
      client.pass += client.stride * quanta;
      if (this.globalTickets > 0) this.globalPass += (this.stride1 / this.globalTickets) * quanta;
    }
    // Join: threads ready now that were not.
    for (let i = 0; i < ready.length; i++) {
      const t = ready[i]!;
      let client = this.clients.get(t.thread);
      if (!client) {
        const tickets = ticketsOf(t);
        const stride = Math.floor(this.stride1 / tickets);
        client = { tickets, stride, pass: 0, remain: stride, active: false, seen: 0 };
        this.clients.set(t.thread, client);
      }
      client.seen = epoch;
      if (!client.active) {
        client.active = true;
        client.pass = this.globalPass + client.remain;
        this.globalTickets += client.tickets;
      }
    }
    // Leave: threads that were ready and are not (blocked or done).
    for (const client of this.clients.values()) {
      if (client.active && client.seen !== epoch) {
        client.active = false;
        client.remain = client.pass - this.globalPass;
        this.globalTickets -= client.tickets;
      }
    }
    // The smallest pass runs; ties to the lowest thread id.
    let best = ready[0]!;
    let bestPass = this.clients.get(best.thread)!.pass;
    for (let i = 1; i < ready.length; i++) {
      const t = ready[i]!;
      const pass = this.clients.get(t.thread)!.pass;
      if (pass < bestPass || (pass === bestPass && t.thread < best.thread)) {
        best = t;
        bestPass = pass;
      }
    }
    this.lastPicked = best.thread;
    this.ranAtPick = view.ranNs(best.thread);
    return best.thread;
  }
}

export const strideScheduler = definePolicy({
  kind: "scheduler",
  name: "stride",
  summary: "deterministic proportional share: the smallest pass runs, passes advance by stride1 / tickets",
  details:
    "Each thread holds priority + 1 tickets and has stride = stride1 / tickets (integer division). " +
    "The ready thread with the smallest pass runs (ties to the lowest id); its pass then advances by " +
    "its stride times the fraction of a quantum it used. A thread that blocks keeps its distance to " +
    "the global pass and rejoins at the same distance (the paper's dynamic participation), so over " +
    "any window each thread's CPU share is within one quantum of its tickets' share. State: pass and " +
    "remain per thread. Waldspurger & Weihl, MIT/LCS/TM-528, 1995.",
  complexity: "O(ready + known threads) per pick",
  options: {
    stride1: {
      type: "number",
      default: 1 << 20,
      integer: true,
      min: 1,
      max: 2 ** 40,
      doc: "the large constant strides are computed from (the paper uses 2^20)",
    },
  },
  make: (o) => new StrideScheduler(o.stride1),
});
