/**
 * Finds the bindings whose guards match an event without looking at the ones that cannot.
 *
 * Bindings are filed by the address space their guard names (the authorizer imposes one on every
 * application), and within a space by page range in fixed-size buckets. A lookup touches the
 * kernel-wide list, the plain list of one space and one bucket: its cost depends on the bindings
 * that could match, not on how many are installed.
 */
import { guardMatches, type EventKey } from "./guard.js";
import type { Binding } from "./binding.js";

const BUCKET_PAGES = 256;
/** A range wider than this many buckets is kept in a per-space list rather than copied into each. */
const MAX_BUCKETS_PER_BINDING = 64;

class SpaceBindings {
  readonly plain: Binding[] = [];
  readonly wide: Binding[] = [];
  readonly buckets = new Map<number, Binding[]>();
  size = 0;
}

export class GuardIndex {
  private readonly global: Binding[] = [];
  private readonly bySpace = new Map<number, SpaceBindings>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(binding: Binding): void {
    this.count++;
    const { space, vpn } = binding.guard;
    if (space === undefined) {
      this.global.push(binding);
      return;
    }
    let entry = this.bySpace.get(space);
    if (!entry) {
      entry = new SpaceBindings();
      this.bySpace.set(space, entry);
    }
    entry.size++;
    if (vpn === undefined) {
      entry.plain.push(binding);
      return;
    }
    const loBucket = Math.floor(vpn.lo / BUCKET_PAGES);
    const hiBucket = Math.floor(vpn.hi / BUCKET_PAGES);
    if (hiBucket - loBucket + 1 > MAX_BUCKETS_PER_BINDING) {
      entry.wide.push(binding);
      return;
    }
    for (let b = loBucket; b <= hiBucket; b++) {
      const list = entry.buckets.get(b);
      if (list) list.push(binding);
      else entry.buckets.set(b, [binding]);
    }
  }

  remove(binding: Binding): void {
    this.count--;
    const { space, vpn } = binding.guard;
    if (space === undefined) {
      removeFrom(this.global, binding);
      return;
    }
    const entry = this.bySpace.get(space);
    if (!entry) return;
    entry.size--;
    if (vpn === undefined) removeFrom(entry.plain, binding);
    else {
      removeFrom(entry.wide, binding);
      const loBucket = Math.floor(vpn.lo / BUCKET_PAGES);
      const hiBucket = Math.floor(vpn.hi / BUCKET_PAGES);
      if (hiBucket - loBucket + 1 <= MAX_BUCKETS_PER_BINDING) {
        for (let b = loBucket; b <= hiBucket; b++) {
          const list = entry.buckets.get(b);
          if (!list) continue;
          removeFrom(list, binding);
          if (list.length === 0) entry.buckets.delete(b);
        }
      }
    }
    if (entry.size === 0) this.bySpace.delete(space);
  }

  /**
   * The matching bindings in invocation order; an empty array (shared, never mutated) when none.
   * Without `args` (asking whether any binding could see such an event) predicates are not run.
   */
  lookup(key: EventKey, args?: unknown): readonly Binding[] {
    if (this.count === 0) return NONE;
    // Indexed loops and no closure: a lookup runs on every raise of an event with bindings, and
    // in a realm hardened for the native placement every array iterator is a checked wrapper.
    let found = take(undefined, this.global, key, args);
    const entry = this.bySpace.get(key.space);
    if (entry) {
      found = take(found, entry.plain, key, args);
      found = take(found, entry.wide, key, args);
      if (entry.buckets.size > 0) found = take(found, entry.buckets.get(Math.floor(key.vpn / BUCKET_PAGES)), key, args);
    }
    if (!found) return NONE;
    if (found.length > 1) found.sort((a, b) => a.rank - b.rank);
    return found;
  }

  all(): Binding[] {
    const out = [...this.global];
    for (const entry of this.bySpace.values()) {
      out.push(...entry.plain, ...entry.wide);
      const seen = new Set<Binding>();
      for (const list of entry.buckets.values()) for (const b of list) seen.add(b);
      out.push(...seen);
    }
    return out.sort((a, b) => a.id - b.id);
  }
}

const NONE: readonly Binding[] = Object.freeze([]);

/** The bindings of `list` that match, added to `found` (made on the first match). */
function take(
  found: Binding[] | undefined,
  list: readonly Binding[] | undefined,
  key: EventKey,
  args: unknown,
): Binding[] | undefined {
  if (list === undefined) return found;
  for (let i = 0; i < list.length; i++) {
    const binding = list[i]!;
    if (!guardMatches(binding.guard, key)) continue;
    if (binding.guard.predicate && args !== undefined && !binding.guard.predicate(args)) continue;
    (found ??= []).push(binding);
  }
  return found;
}

function removeFrom(list: Binding[], binding: Binding): void {
  const at = list.indexOf(binding);
  if (at >= 0) list.splice(at, 1);
}
