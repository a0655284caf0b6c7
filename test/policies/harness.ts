/**
 * A tiny reference-string simulator for pager policies: a fake PagerView over arrays.
 *
 * For each reference: a hit sets the page's referenced bit and lastAccess and counts an access; a
 * miss takes the lowest free frame or, if none, asks the policy for a victim (which must be a
 * candidate; incomingVpn is the missing page meanwhile) and loads the page there (a load counts as
 * an access: referenced, accesses = 1, lastAccess = loadedAt = now). Time is the reference's
 * index + 1. nextUse comes from the reference string: how many references from now the page is
 * next used, Infinity if never. A policy with tick/tickNs gets its ticks as the kernel gives them,
 * at times tickNs, 2 tickNs, ...; the tick at time t comes after the reference at time t.
 */
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { Prng } from "../../kernel/prng.js";

export const SPACE = 1;
export const OTHER_SPACE = 2;

export interface SimOptions {
  /** Seed for view.random(). */
  readonly seed?: number;
  /** Frame numbers owned by another space throughout: never candidates, never free. */
  readonly foreign?: readonly number[];
  /**
   * Probability that each of our frames is busy at an eviction (drawn from a generator seeded by
   * `seed`); if that would leave no candidate, nothing is busy for that eviction.
   */
  readonly busyChance?: number;
  /** Which references are writes (sets the dirty bit). */
  readonly writes?: readonly boolean[];
  /** Record the resident pages (sorted) after each reference in SimResult.resident. */
  readonly trace?: boolean;
}

export interface SimResult {
  readonly faults: number;
  /** Frame chosen at each eviction, in order. */
  readonly victims: readonly number[];
  /** Page evicted at each eviction, in order. */
  readonly evicted: readonly number[];
  /** With `trace`: the resident pages, sorted, after each reference. */
  readonly resident: readonly (readonly number[])[];
}

export class FakeView implements PagerView {
  readonly space = SPACE;
  now = 0;
  /** Index of the reference being served. */
  step = 0;
  readonly owners: number[];
  readonly vpns: number[];
  readonly refs: boolean[];
  readonly dirtyBits: boolean[];
  readonly loaded: number[];
  readonly accessed: number[];
  /** References since the page was loaded (PagerView.accesses). */
  readonly counts: number[];
  incomingVpn = -1;
  /** Index in the reference string of the page's next use, Infinity if none. */
  readonly nextIndex: number[];
  readonly busyBits: boolean[];
  private readonly prng: Prng;

  constructor(
    readonly frameCount: number,
    seed = 1,
  ) {
    this.owners = new Array<number>(frameCount).fill(-1);
    this.vpns = new Array<number>(frameCount).fill(-1);
    this.refs = new Array<boolean>(frameCount).fill(false);
    this.dirtyBits = new Array<boolean>(frameCount).fill(false);
    this.loaded = new Array<number>(frameCount).fill(0);
    this.accessed = new Array<number>(frameCount).fill(0);
    this.counts = new Array<number>(frameCount).fill(0);
    this.nextIndex = new Array<number>(frameCount).fill(Infinity);
    this.busyBits = new Array<boolean>(frameCount).fill(false);
    this.prng = new Prng(seed);
  }

  owner(f: number): number {
    return this.owners[f]!;
  }
  busy(f: number): boolean {
    return this.busyBits[f]!;
  }
  candidate(f: number): boolean {
    return f >= 0 && f < this.frameCount && Number.isInteger(f) && this.owners[f] === this.space && !this.busyBits[f];
  }
  vpn(f: number): number {
    return this.vpns[f]!;
  }
  referenced(f: number): boolean {
    return this.refs[f]!;
  }
  clearReferenced(f: number): void {
    this.refs[f] = false;
  }
  dirty(f: number): boolean {
    return this.dirtyBits[f]!;
  }
  loadedAt(f: number): number {
    return this.loaded[f]!;
  }
  lastAccess(f: number): number {
    return this.accessed[f]!;
  }
  accesses(f: number): number {
    return this.counts[f]!;
  }
  nextUse(f: number): number {
    return this.nextIndex[f]! - this.step;
  }
  random(): number {
    return this.prng.next();
  }
}

/** For each index i, the index of the next reference to the same page, Infinity if none. */
export function nextOccurrences(refs: readonly number[]): number[] {
  const next = new Array<number>(refs.length).fill(Infinity);
  const seen = new Map<number, number>();
  for (let i = refs.length - 1; i >= 0; i--) {
    next[i] = seen.get(refs[i]!) ?? Infinity;
    seen.set(refs[i]!, i);
  }
  return next;
}

/** Run `refs` through `policy` with `frames` frames (including any foreign ones). */
export function simulate(
  policy: PagerPolicy,
  refs: readonly number[],
  frames: number,
  opts: SimOptions = {},
): SimResult {
  const seed = opts.seed ?? 1;
  const view = new FakeView(frames, seed);
  const busyPrng = new Prng(seed ^ 0x5bd1e995);
  for (const f of opts.foreign ?? []) view.owners[f] = OTHER_SPACE;
  const next = nextOccurrences(refs);
  const frameOf = new Map<number, number>();
  const victims: number[] = [];
  const evicted: number[] = [];
  const resident: number[][] = [];
  let faults = 0;
  const tickNs =
    policy.tick !== undefined && policy.tickNs !== undefined && policy.tickNs > 0 ? policy.tickNs : Infinity;
  let nextTick = tickNs;
  for (let i = 0; i < refs.length; i++) {
    const page = refs[i]!;
    view.step = i;
    while (nextTick < i + 1) {
      view.now = nextTick;
      policy.tick!(view, 1);
      nextTick += tickNs;
    }
    view.now = i + 1;
    let f = frameOf.get(page);
    if (f === undefined) {
      faults++;
      f = view.owners.indexOf(-1);
      if (f < 0) {
        markBusy(view, busyPrng, opts.busyChance ?? 0);
        view.incomingVpn = page;
        const v = policy.chooseVictim(view);
        view.incomingVpn = -1;
        if (!view.candidate(v)) {
          throw new Error(`${policy.name} returned frame ${v}, not a candidate, at reference ${i} (page ${page})`);
        }
        view.busyBits.fill(false);
        victims.push(v);
        evicted.push(view.vpns[v]!);
        frameOf.delete(view.vpns[v]!);
        f = v;
      }
      view.owners[f] = SPACE;
      view.vpns[f] = page;
      view.loaded[f] = view.now;
      view.counts[f] = 0;
      view.dirtyBits[f] = false;
      frameOf.set(page, f);
    }
    view.refs[f] = true;
    view.accessed[f] = view.now;
    view.counts[f]!++;
    view.nextIndex[f] = next[i]!;
    if (opts.writes?.[i]) view.dirtyBits[f] = true;
    if (opts.trace) resident.push([...frameOf.keys()].sort((a, b) => a - b));
  }
  return { faults, victims, evicted, resident };
}

function markBusy(view: FakeView, prng: Prng, chance: number): void {
  if (chance <= 0) return;
  let left = 0;
  for (let f = 0; f < view.frameCount; f++) {
    view.busyBits[f] = view.owners[f] === SPACE && prng.next() < chance;
    if (view.owners[f] === SPACE && !view.busyBits[f]) left++;
  }
  if (left === 0) view.busyBits.fill(false);
}

/** Page-fault count of `refs` under `policy` with `frames` frames. */
export function faults(policy: PagerPolicy, refs: readonly number[], frames: number, opts?: SimOptions): number {
  return simulate(policy, refs, frames, opts).faults;
}
