/**
 * Guards decide whether a binding sees an event. They are declarative (an address space, a page
 * range, a thread) so that the dispatcher can index them: with a thousand installed handlers of
 * which one matches, the cost of an event must not grow with the ones that do not. A native
 * (trusted) binding may add a predicate, run only after the indexed keys matched.
 */
import type { EventName } from "../events/catalogue.js";

export interface Guard {
  readonly space?: number;
  /** Inclusive range of virtual page numbers. */
  readonly vpn?: { readonly lo: number; readonly hi: number };
  readonly thread?: number;
  readonly predicate?: (args: unknown) => boolean;
}

/** The keys an event is raised with; the dispatcher matches guards against them. */
export interface EventKey {
  readonly space: number;
  readonly vpn: number;
  readonly thread: number;
}

export function guardMatches(guard: Guard, key: EventKey): boolean {
  if (guard.space !== undefined && guard.space !== key.space) return false;
  if (guard.vpn !== undefined && (key.vpn < guard.vpn.lo || key.vpn > guard.vpn.hi)) return false;
  if (guard.thread !== undefined && guard.thread !== key.thread) return false;
  return true;
}

export function describeGuard(guard: Guard): string {
  const parts: string[] = [];
  if (guard.space !== undefined) parts.push(`space=${guard.space}`);
  if (guard.vpn !== undefined) parts.push(`vpn=${guard.vpn.lo}..${guard.vpn.hi}`);
  if (guard.thread !== undefined) parts.push(`thread=${guard.thread}`);
  if (guard.predicate) parts.push("predicate");
  return parts.length === 0 ? "all" : parts.join(",");
}

export function guardProblem(event: EventName, guard: Guard, keys: readonly string[]): string | undefined {
  for (const key of ["space", "vpn", "thread"] as const) {
    if (guard[key] !== undefined && !keys.includes(key))
      return `${event} cannot be guarded on ${key} (it can on: ${keys.join(", ")})`;
  }
  for (const key of ["space", "thread"] as const) {
    const value = guard[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0))
      return `guard ${key} must be a non-negative integer, got ${value}`;
  }
  if (guard.vpn !== undefined) {
    const { lo, hi } = guard.vpn;
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0 || hi < lo)
      return `guard vpn range must be integers with 0 <= lo <= hi, got ${lo}..${hi}`;
  }
  return undefined;
}
