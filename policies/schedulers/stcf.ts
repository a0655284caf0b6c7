/**
 * STCF (shortest time-to-completion first, also SRTF): preemptive SJF. Every time the scheduler is
 * asked (each quantum, and whenever a thread blocks or becomes ready), the ready thread with the
 * least work left runs.
 *
 * Source: R. H. Arpaci-Dusseau and A. C. Arpaci-Dusseau, Operating Systems: Three Easy Pieces,
 * ch. 7, §7.5 (Fig. 7.5: A = 100 arrives at 0, B = C = 10 at 10; STCF preempts A and the average
 * turnaround is 50 instead of SJF's 103.33). Remaining work from the oracle view.workLeft.
 */
import type { ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { shortest } from "./sjf.js";

export class StcfScheduler implements SchedulerPolicy {
  readonly name = "stcf";

  pick(ready: readonly ReadyThreadInfo[], _current: number, view: SchedulerView): number {
    return shortest(ready, view);
  }
}

export const stcfScheduler = definePolicy({
  kind: "scheduler",
  name: "stcf",
  summary: "shortest time-to-completion first (preemptive SJF): the least work left runs at every pick",
  details:
    "At every pick (each quantum, and whenever a thread blocks or becomes ready) the ready thread " +
    "with the least work left runs, by the kernel's oracle view.workLeft (remaining compute time " +
    "plus one access time per remaining reference). A newly ready short thread takes the CPU at the " +
    "next pick, at most one quantum later. Ties to the lowest thread id. Stateless. OSTEP 7.5.",
  complexity: "O(ready threads) per pick; the oracle's suffix sums are built once per thread",
  options: {},
  make: () => new StcfScheduler(),
});
