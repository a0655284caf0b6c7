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
import { usedSince } from "./tickets.js";

interface Job {
  level: number;
  /** CPU time used at this level since the job arrived on it (Rule 4's allotment). */
  used: number;
}

class MlfqScheduler implements SchedulerPolicy {
  readonly name = "mlfq";
  private readonly jobs = new Map<number, Job>();
  private nextBoost: number;
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
    // Rule 4: charge the last turn to the allotment of the level it ran at.
    let expired = -1;
    if (this.lastPicked >= 0) {
      const job = this.jobs.get(this.lastPicked)!;
      job.used += usedSince(view.ranNs(this.lastPicked), this.ranAtPick);
      if (job.used >= this.slice(job.level)) {
        if (job.level < this.levels - 1) job.level++;
        else expired = this.lastPicked; // bottom queue: its slice is over, the others' turn (Rule 2)
        job.used = 0;
      }
    }
    // Rule 5: every boostNs, everyone back to the top with a fresh allotment.
    if (view.now >= this.nextBoost) {
      for (const job of this.jobs.values()) {
        job.level = 0;
        job.used = 0;
      }
      this.nextBoost = (Math.floor(view.now / this.boostNs) + 1) * this.boostNs;
      expired = -1;
    }
    // Rule 3: a thread seen for the first time starts at the top.
    let top = this.levels;
    for (let i = 0; i < ready.length; i++) {
      const id = ready[i]!.thread;
      let job = this.jobs.get(id);
      if (!job) {
        job = { level: 0, used: 0 };
        this.jobs.set(id, job);
      }
      if (job.level < top) top = job.level;
    }
    // Rule 1: only the highest non-empty level runs. Rule 2: round robin there; a thread whose slice
    // is not used up keeps the CPU (its slice spans several kernel quanta).
    let pick = -1;
    let after = -1;
    let lowest = -1;
    for (let i = 0; i < ready.length; i++) {
      const id = ready[i]!.thread;
      if (this.jobs.get(id)!.level !== top) continue;
      if (id === current && id !== expired) pick = id;
      if (lowest < 0 || id < lowest) lowest = id;
      if (id > current && (after < 0 || id < after)) after = id;
    }
    if (pick < 0) pick = after >= 0 ? after : lowest;
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
    "in thread-id order; a thread keeps the CPU until it has used its level's slice (sliceNs at the " +
    "top, times sliceGrowth per level down), counted across every turn, then drops one level. At the " +
    "bottom its slice just ends its turn. Every boostNs of simulated time all threads return to the " +
    "top (0 disables the boost and lets long jobs starve). Threads that block early stay high, " +
    "CPU-bound ones sink. State: level and CPU used per thread. OSTEP ch. 8.",
  complexity: "O(ready + known threads) per pick",
  options: {
    levels: { type: "number", default: 3, integer: true, min: 1, max: 64, doc: "number of queues (OSTEP's figures use 3)" },
    sliceNs: { type: "number", default: 10_000_000, min: 1, doc: "time slice and allotment at the top queue, simulated ns" },
    sliceGrowth: { type: "number", default: 2, min: 1, max: 16, doc: "each lower queue's slice is this many times longer" },
    boostNs: { type: "number", default: 1_000_000_000, min: 0, doc: "priority boost period S in simulated ns; 0 = never" },
  },
  make: (o) => new MlfqScheduler(o.levels, o.sliceNs, o.sliceGrowth, o.boostNs),
});
