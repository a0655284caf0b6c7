/**
 * Lottery scheduling: each pick is a draw, and a thread wins in proportion to its tickets.
 *
 * Source: C. A. Waldspurger and W. E. Weihl, "Lottery Scheduling: Flexible Proportional-Share
 * Resource Management", OSDI 1994, §2-3 (and OSTEP ch. 9). A winning ticket is drawn uniformly
 * from all the ready threads' tickets; the list is walked, summing tickets, until the sum passes
 * it. Compensation tickets (§3.4): a thread that used only a fraction f of its quantum has its
 * tickets inflated by 1/f until it next runs, so a thread that blocks early still gets its share.
 * Draws come from the kernel's seeded per-application generator (view.random): same seed, same run.
 */
import type { ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { ticketsOf, usedSince } from "./common.js";

/** A turn shorter than this fraction of the quantum inflates tickets no further (1000x at most). */
const MIN_FRACTION = 1e-3;

export class LotteryScheduler implements SchedulerPolicy {
  readonly name = "lottery";
  /** Compensation: thread -> 1/f, until that thread is picked again. */
  private readonly inflation = new Map<number, number>();
  private lastPicked = -1;
  private ranAtPick = 0;

  constructor(private readonly compensate: boolean) {}

  pick(ready: readonly ReadyThreadInfo[], _current: number, view: SchedulerView): number {
    if (this.compensate && this.lastPicked >= 0) {
      const used = usedSince(view.ranNs(this.lastPicked), this.ranAtPick);
      const f = Math.max(MIN_FRACTION, Math.min(1, used / view.quantumNs));
      if (f < 1) this.inflation.set(this.lastPicked, 1 / f);
    }
    let total = 0;
    for (let i = 0; i < ready.length; i++) total += this.value(ready[i]!);
    const winning = view.random() * total;
    // Walk the ready threads in thread-id order (not the order they became ready), so that a
    // textbook example with "A holds tickets 0-74" reads the same here.
    let sum = 0;
    let winner = -1;
    let prev = -Infinity;
    for (let k = 0; k < ready.length; k++) {
      const t = nextById(ready, prev);
      prev = t.thread;
      sum += this.value(t);
      winner = t.thread;
      if (winning < sum) break;
    }
    this.inflation.delete(winner);
    this.lastPicked = winner;
    this.ranAtPick = view.ranNs(winner);
    return winner;
  }

  private value(t: ReadyThreadInfo): number {
    return ticketsOf(t) * (this.inflation.get(t.thread) ?? 1);
  }
}

/** The ready thread with the smallest id greater than `after` (the list is short: no sort, no copy). */
function nextById(ready: readonly ReadyThreadInfo[], after: number): ReadyThreadInfo {
  let best: ReadyThreadInfo | undefined;
  for (let i = 0; i < ready.length; i++) {
    const t = ready[i]!;
    if (t.thread > after && (best === undefined || t.thread < best.thread)) best = t;
  }
  return best ?? ready[0]!;
}

export const lotteryScheduler = definePolicy({
  kind: "scheduler",
  name: "lottery",
  summary: "proportional share by lottery: a thread wins each pick in proportion to its tickets (priority + 1)",
  details:
    "Each ready thread holds priority + 1 tickets. A number is drawn uniformly below the total from " +
    "the kernel's seeded per-application generator, and the threads are walked in thread-id order " +
    "summing tickets until the sum passes it. With compensation (the default, as in the paper), a " +
    "thread that used only a fraction f of its quantum before blocking holds tickets / f until it " +
    "next runs (f at least 0.001). Over n picks a thread's share converges to its tickets' share, " +
    "with binomial noise. State: compensation factors. Waldspurger & Weihl, OSDI 1994.",
  complexity: "O(ready threads²) per pick (id-order walk without sorting), one random draw",
  options: {
    compensation: {
      type: "boolean",
      default: true,
      doc: "inflate the tickets of a thread that used part of its quantum",
    },
  },
  make: (o) => new LotteryScheduler(o.compensation),
});
