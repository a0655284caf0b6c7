/** FIFO thread scheduling: run the current thread until it blocks, then the longest-waiting one. */
import type { ReadyThreadInfo, SchedulerPolicy } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";

export class FifoScheduler implements SchedulerPolicy {
  readonly name = "fifo";

  /** `current` if it is ready; otherwise the smallest readySince, ties to the lowest thread id. */
  pick(ready: readonly ReadyThreadInfo[], current: number): number {
    let best = ready[0]!;
    for (let i = 0; i < ready.length; i++) {
      const t = ready[i]!;
      if (t.thread === current) return current;
      if (t.readySince < best.readySince || (t.readySince === best.readySince && t.thread < best.thread)) best = t;
    }
    return best.thread;
  }
}

export const fifoScheduler = definePolicy({
  kind: "scheduler",
  name: "fifo",
  summary: "first come, first served: keep the current thread while it is ready",
  details:
    "If the thread that ran last is still ready it runs again (no time slicing among the " +
    "application's threads); otherwise the ready thread that has waited longest (smallest " +
    "readySince) runs, ties to the lowest thread id. Stateless.",
  complexity: "O(ready threads) per pick, no allocation",
  options: {},
  make: () => new FifoScheduler(),
});
