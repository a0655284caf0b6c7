/**
 * MLFQ (multi-level feedback queue), with the rules of OSTEP ch. 8:
 *
 *   Rule 1: if Priority(A) > Priority(B), A runs (B doesn't).
 *   Rule 2: if Priority(A) = Priority(B), A and B run in round robin using the time slice of
 *           their queue.
 *   Rule 3: when a job enters the system, it is placed at the highest priority (the topmost queue).
 *   Rule 4: once a job uses up its time allotment at a given level (regardless of how many times it
 *           has given up the CPU), its priority is reduced (it moves down one queue).
 *   Rule 5: after some time period S, move all the jobs in the system to the topmost queue.
 *
 * Source: R. H. Arpaci-Dusseau and A. C. Arpaci-Dusseau, Operating Systems: Three Easy Pieces,
 * ch. 8 "Scheduling: The Multi-Level Feedback Queue". Parameters as in its figures: three queues,
 * a 10 ms slice at the top, slices doubling at each lower level ("Lower Priority, Longer Quanta",
 * Fig. 8.7), and the allotment at each level equal to its slice. Here a thread's "priority" is its
 * MLFQ level; the scenario's thread priority is not used.
 *
 * The kernel's quantum is the finest unit a thread runs for before the scheduler is asked again, so
 * a slice longer than the quantum is served by picking the same thread again while its slice lasts.
 * CPU time comes from view.ranNs, so Rule 4's accounting counts every turn, however short.
 */
import type { ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { usedSince } from "./common.js";

interface Job {
  level: number;
  /** CPU time used at this level since the job arrived on it (Rule 4's allotment). */
  used: number;
  /** Position in its queue: jobs of a level run in increasing `order` (round robin, Rule 2). */
  order: number;
  /** The pick at which the job was last seen ready: a job that was not is back from blocking. */
  seen: number;
}

export class MlfqScheduler implements SchedulerPolicy {
  readonly name = "mlfq";
  private readonly jobs = new Map<number, Job>();
  private nextBoost: number;
  private picks = 0;
  /** The next queue position: taking one puts a job at the tail of its queue. */
  private tail = 0;
  private lastPicked = -1;
  private ranAtPick = 0;

  constructor(
    private readonly levels: number,
    private readonly sliceNs: number,
    private readonly growth: number,
    private readonly boostNs: number,
  ) {
    this.nextBoost = boostNs > 0 ? boostNs : Infinity;
  }

  /** The slice (and allotment) of a level: sliceNs at the top (level 0), times growth per level down. */
  slice(level: number): number {
    return this.sliceNs * this.growth ** level;
  }

  /** A thread's level (0 = top), for tests and teaching; -1 if never seen. */
  levelOf(thread: number): number {
    return this.jobs.get(thread)?.level ?? -1;
  }

  pick(ready: readonly ReadyThreadInfo[], current: number, view: SchedulerView): number {
    const epoch = ++this.picks;
    // Rule 4: charge the last turn to the allotment of the level it ran at; a used-up allotment
    // moves the job down a queue (to its tail), or at the bottom to the tail of the bottom queue.
    let expired = -1;
    if (this.lastPicked >= 0) {
      const job = this.jobs.get(this.lastPicked)!;
      job.used += usedSince(view.ranNs(this.lastPicked), this.ranAtPick);
      if (job.used >= this.slice(job.level)) {
        if (job.level < this.levels - 1) job.level++;
        job.used = 0;
        job.order = this.tail++;
        expired = this.lastPicked;
      }
    }
    // Rule 5: every boostNs, everyone back to the top queue with a fresh allotment, in the order
    // they had (by level, then queue position).
    if (view.now >= this.nextBoost) {
      const all = [...this.jobs.values()].sort((a, b) => a.level - b.level || a.order - b.order);
      for (const job of all) {
        job.level = 0;
        job.used = 0;
        job.order = this.tail++;
      }
      this.nextBoost = (Math.floor(view.now / this.boostNs) + 1) * this.boostNs;
    }
    // Rule 3: a thread seen for the first time enters at the tail of the top queue; a thread back
    // from blocking goes to the tail of its own queue.
    let top = this.levels;
    for (let i = 0; i < ready.length; i++) {
      const id = ready[i]!.thread;
      let job = this.jobs.get(id);
      if (!job) {
        job = { level: 0, used: 0, order: this.tail++, seen: 0 };
        this.jobs.set(id, job);
      } else if (job.seen !== epoch - 1 && id !== this.lastPicked) {
        job.order = this.tail++;
      }
      job.seen = epoch;
      if (job.level < top) top = job.level;
    }
    // Rule 1: only the highest non-empty queue runs. Rule 2: round robin there, in queue order; a
    // job whose slice is not used up keeps the CPU (a slice may span several kernel quanta).
    let pick = -1;
    let first = Infinity;
    for (let i = 0; i < ready.length; i++) {
      const id = ready[i]!.thread;
      const job = this.jobs.get(id)!;
      if (job.level !== top) continue;
      if (id === current && id !== expired && id === this.lastPicked) {
        pick = id;
        break;
      }
      if (job.order < first) {
        first = job.order;
        pick = id;
      }
    }
    this.lastPicked = pick;
    this.ranAtPick = view.ranNs(pick);
    return pick;
  }
}

export const mlfqScheduler = definePolicy({
  kind: "scheduler",
  name: "mlfq",
  summary: "multi-level feedback queue (OSTEP's five rules): new threads on top, demoted as they use their allotment",
  details:
    "Threads start at the top of `levels` queues. Only the highest non-empty queue runs, round robin " +
    "in queue order (a thread goes to the tail when it arrives, is demoted, or comes back from " +
    "blocking); a thread keeps the CPU until it has used its level's slice (sliceNs at the " +
    "top, times sliceGrowth per level down), counted across every turn, then drops one level. At the " +
    "bottom its slice just sends it to the tail. Every boostNs of simulated time all threads return to the " +
    "top (0 disables the boost and lets long jobs starve). Threads that block early stay high, " +
    "CPU-bound ones sink. State: level and CPU used per thread. OSTEP ch. 8.",
  complexity: "O(ready + known threads) per pick",
  options: {
    levels: {
      type: "number",
      default: 3,
      integer: true,
      min: 1,
      max: 64,
      doc: "number of queues (OSTEP's figures use 3)",
    },
    sliceNs: {
      type: "number",
      default: 10_000_000,
      min: 1,
      doc: "time slice and allotment at the top queue, simulated ns",
    },
    sliceGrowth: {
      type: "number",
      default: 2,
      min: 1,
      max: 16,
      doc: "each lower queue's slice is this many times longer",
    },
    boostNs: {
      type: "number",
      default: 1_000_000_000,
      min: 0,
      doc: "priority boost period S in simulated ns; 0 = never",
    },
  },
  make: (o) => new MlfqScheduler(o.levels, o.sliceNs, o.sliceGrowth, o.boostNs),
});
