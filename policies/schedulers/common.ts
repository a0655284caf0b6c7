/** Helpers shared by the thread schedulers: tickets for the proportional-share ones, CPU used in a turn. */
import type { ReadyThreadInfo } from "../../kernel/policy.js";

/**
 * Scenarios give each thread a priority in 0..31 and nothing else, so the proportional-share
 * schedulers read it as a ticket count: priority p holds p + 1 tickets (a priority-0 thread still
 * holds one and is never shut out). Priorities 2, 1, 0 make the classic 3:2:1 split.
 */
export function ticketsOf(t: ReadyThreadInfo): number {
  return Math.max(0, Math.floor(t.priority)) + 1;
}

/**
 * The CPU time a thread got in its last turn, from what the scheduler noted when it picked it. A
 * negative or NaN difference (a confused view) counts as nothing.
 */
export function usedSince(ranNow: number, ranAtPick: number): number {
  const used = ranNow - ranAtPick;
  return used > 0 ? used : 0;
}
