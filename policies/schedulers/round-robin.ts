/** Round-robin thread scheduling: take turns in thread-id order. */
import type { ReadyThreadInfo, SchedulerPolicy } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";

/**
 * Among ready threads for which `eligible` holds, the one with the smallest id greater than
 * `current`, else (wrapping) the smallest id; -1 if none is eligible. `ready` need not be sorted.
 * Shared with the priority scheduler, which rotates among its top-priority threads.
 */
export function nextAfter(ready: readonly ReadyThreadInfo[], current: number, minPriority: number): number {
  let after = -1; // smallest id > current
  let lowest = -1; // smallest id overall
  for (let i = 0; i < ready.length; i++) {
    const t = ready[i]!;
    if (t.priority < minPriority) continue;
    const id = t.thread;
    if (lowest < 0 || id < lowest) lowest = id;
    if (id > current && (after < 0 || id < after)) after = id;
  }
  return after >= 0 ? after : lowest;
}

export class RoundRobinScheduler implements SchedulerPolicy {
  readonly name = "round-robin";

  /** The ready thread after `current` in thread-id order, wrapping round to the lowest id. */
  pick(ready: readonly ReadyThreadInfo[], current: number): number {
    return nextAfter(ready, current, -Infinity);
  }
}

export const roundRobinScheduler = definePolicy({
  kind: "scheduler",
  name: "round-robin",
  summary: "take turns: the next ready thread after the current one in thread-id order",
  details:
    "Each time the application's strand gets the CPU, the ready thread with the smallest id greater " +
    "than the thread that ran last runs, wrapping round to the smallest id. If the current thread is " +
    "the only one ready it runs again. Stateless: the rotation is carried by `current`.",
  complexity: "O(ready threads) per pick, no allocation",
  options: {},
  make: () => new RoundRobinScheduler(),
});
