/** Priority thread scheduling: the highest priority runs; equals share by round robin (or FIFO). */
import type { ReadyThreadInfo, SchedulerPolicy } from "../../kernel/policy.js";
import { definePolicy } from "../define.js";
import { nextAfter } from "./round-robin.js";

export class PriorityScheduler implements SchedulerPolicy {
  readonly name = "priority";
  constructor(private readonly fifoTies: boolean) {}

  /**
   * Highest `priority` (larger number = more urgent). Among the threads at that priority:
   * round robin after `current` in thread-id order, or with ties "fifo", `current` if it is among
   * them, else the smallest readySince (ties to the lowest id).
   */
  pick(ready: readonly ReadyThreadInfo[], current: number): number {
    let top = -Infinity;
    for (let i = 0; i < ready.length; i++) if (ready[i]!.priority > top) top = ready[i]!.priority;
    if (!this.fifoTies) return nextAfter(ready, current, top);
    let best: ReadyThreadInfo | undefined;
    for (let i = 0; i < ready.length; i++) {
      const t = ready[i]!;
      if (t.priority < top) continue;
      if (t.thread === current) return current;
      if (
        best === undefined ||
        t.readySince < best.readySince ||
        (t.readySince === best.readySince && t.thread < best.thread)
      )
        best = t;
    }
    return best!.thread;
  }
}

export const priorityScheduler = definePolicy({
  kind: "scheduler",
  name: "priority",
  summary: "highest priority first; equal priorities take turns (round robin)",
  details:
    "The ready threads with the highest priority (larger number = more urgent; scenarios use " +
    "0..31) compete; lower ones wait, and can starve. Among equals the choice is round robin in " +
    'thread-id order after the thread that ran last, or with ties "fifo" the thread that ran last ' +
    "if it is among them, else the one ready longest. Stateless.",
  complexity: "O(ready threads) per pick (two passes), no allocation",
  options: {
    ties: {
      type: "string",
      default: "round-robin",
      choices: ["round-robin", "fifo"],
      doc: "how threads of equal priority share the CPU",
    },
  },
  make: (o) => new PriorityScheduler(o.ties === "fifo"),
});
