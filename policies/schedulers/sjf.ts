/**
 * SJF (shortest job first), non-preemptive: when the CPU is free, the thread with the least work
 * left runs, and keeps the CPU until it blocks or finishes.
 *
 * Source: R. H. Arpaci-Dusseau and A. C. Arpaci-Dusseau, Operating Systems: Three Easy Pieces,
 * ch. 7 "Scheduling: Introduction", §7.4 (Fig. 7.3: A = 100, B = C = 10 arriving together; SJF runs
 * B, C, A for an average turnaround of 50 instead of FIFO's 110). The job lengths OSTEP assumes
 * known come from the kernel's oracle view.workLeft (compute time plus one access per reference).
 */
import type { ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";

/** The ready thread with the least work left; ties to the lowest id; NaN counts as unknown (last). */
export function shortest(ready: readonly ReadyThreadInfo[], view: SchedulerView): number {
  let best = -1;
  let bestWork = Infinity;
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!.thread;
    const w = view.workLeft(id);
    const work = w >= 0 ? w : Infinity;
    if (best < 0 || work < bestWork || (work === bestWork && id < best)) {
      best = id;
      bestWork = work;
    }
  }
  return best;
}

export class SjfScheduler implements SchedulerPolicy {
  readonly name = "sjf";

  pick(ready: readonly ReadyThreadInfo[], current: number, view: SchedulerView): number {
    for (let i = 0; i < ready.length; i++) if (ready[i]!.thread === current) return current;
    return shortest(ready, view);
  }
}

export const sjfScheduler = definePolicy({
  kind: "scheduler",
  name: "sjf",
  summary: "shortest job first (non-preemptive): the least work left runs, and keeps the CPU while ready",
  details:
    "If the thread that ran last is still ready it runs again (the kernel's quantum does not take " +
    "the CPU from it); otherwise the ready thread with the least work left runs, by the kernel's " +
    "oracle view.workLeft: remaining compute time plus one access time per remaining reference, as " +
    "if every reference hit. Ties to the lowest thread id. Stateless. OSTEP 7.4.",
  complexity: "O(ready threads) per pick; the oracle's suffix sums are built once per thread",
  options: {},
  make: () => new SjfScheduler(),
});
