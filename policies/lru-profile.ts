/**
 * LRU's whole fault curve from one pass over the references: the stack algorithm of Mattson,
 * Gecsei, Slutz and Traiger (1970), as cache profilers do it (libCacheSim's LRU profiler: stack
 * distances). LRU is a stack algorithm: with c frames it holds exactly the c most recently used
 * pages, so a reference misses with c frames iff its stack distance (1 + the distinct pages used
 * since the page's last use; infinite on first use) is larger than c. One pass gives every c.
 *
 * Beyond faults, the same pass gives what `spin run --pager lru` counts for each c: evictions
 * (every fault once the frames are full), write-backs and major faults. A page is dirty with c
 * frames iff every reference since its last write hit with c frames, i.e. c ≥ the largest
 * distance among them; it is written back when it is evicted dirty (c < the next distance, or its
 * depth at the end); and "on swap with c frames" is downward closed in c (fewer frames evict
 * earlier, a dirty page included), so one threshold per page says for which c a miss is major.
 *
 * It equals the kernel only when the order of the references does not depend on the frames
 * (`lruProfileApplies`): one thread (of any application) makes every memory reference, its
 * application's pager is LRU, and no reference is refused (outside every region, or a write to a
 * read-only page: the kernel stops the thread there). With two threads or two applications the
 * interleaving follows fault timing, which the frames change. Write-backs do not change which
 * references fault, but they do change the timing: simulated time needs the kernel. Prefetching
 * (an extension) maps pages no reference asked for: the kernel again. test/policies/lru-profile
 * checks it against the kernel at every frame count.
 *
 * O(R log R + R log K) time for R references and K frame counts, O(R + K) memory.
 */
import type { MachineConfig, RegionSpec } from "../kernel/config.js";
import { OP_READ, OP_WRITE, PAGE_SIZE } from "../kernel/workload.js";

/** What the kernel would count with LRU and `frames` frames. */
export interface LruPoint {
  readonly frames: number;
  readonly references: number;
  readonly reads: number;
  readonly writes: number;
  readonly faults: number;
  readonly majorFaults: number;
  readonly minorFaults: number;
  readonly evictions: number;
  readonly writeBacks: number;
}

export type LruApplicability =
  | { readonly exact: true; readonly app: number; readonly thread: number }
  | { readonly exact: false; readonly reason: string };

export type LruProfile =
  | { readonly exact: true; readonly points: readonly LruPoint[]; readonly distinctPages: number }
  | { readonly exact: false; readonly reason: string };

/**
 * Whether the one-pass profile of `config` equals the kernel's LRU, as far as the configuration
 * alone can tell (the pass itself also refuses a reference the kernel would stop the thread at).
 * `app` is -1 when no thread makes a memory reference.
 */
export function lruProfileApplies(config: MachineConfig): LruApplicability {
  let found: { app: number; thread: number } | undefined;
  for (const [a, app] of config.apps.entries()) {
    for (const [t, thread] of app.threads.entries()) {
      const { kinds, length } = thread.ops;
      let references = false;
      for (let i = 0; i < length && !references; i++) references = kinds[i] === OP_READ || kinds[i] === OP_WRITE;
      if (!references) continue;
      if (found !== undefined) {
        const first = config.apps[found.app]!;
        const who =
          found.app === a
            ? `threads ${first.threads[found.thread]!.name} and ${thread.name} of ${app.name}`
            : `applications ${first.name} and ${app.name}`;
        return {
          exact: false,
          reason: `${who} both make memory references: their interleaving follows fault timing, which the frames change`,
        };
      }
      found = { app: a, thread: t };
    }
  }
  if (found === undefined) return { exact: true, app: -1, thread: -1 };
  const pager = config.apps[found.app]!.pager.name;
  if (pager !== "lru")
    return { exact: false, reason: `the pager of ${config.apps[found.app]!.name} is ${pager}, not lru` };
  return { exact: true, ...found };
}

/** LRU's counts at each of `frames` (any order; each ≥ 1), from one pass, or why it would not be exact. */
export function lruProfile(config: MachineConfig, frames: readonly number[]): LruProfile {
  const applies = lruProfileApplies(config);
  if (!applies.exact) return applies;
  if (applies.app < 0) {
    const zero = { references: 0, reads: 0, writes: 0, faults: 0, majorFaults: 0, minorFaults: 0, evictions: 0 };
    return { exact: true, distinctPages: 0, points: frames.map((f) => ({ frames: f, ...zero, writeBacks: 0 })) };
  }
  const app = config.apps[applies.app]!;
  return profileThread(app.threads[applies.thread]!.ops, app.regions, app.name, frames);
}

/** A Fenwick tree over reference positions: 1 at the position of each page's latest reference. */
class Fenwick {
  private readonly tree: Int32Array;
  constructor(readonly size: number) {
    this.tree = new Int32Array(size + 1);
  }
  add(i: number, delta: number): void {
    for (let k = i + 1; k <= this.size; k += k & -k) this.tree[k]! += delta;
  }
  /** Sum of positions 0..i-1. */
  prefix(i: number): number {
    let s = 0;
    for (let k = i; k > 0; k -= k & -k) s += this.tree[k]!;
    return s;
  }
}

const NEVER = 2 ** 31 - 1;

function profileThread(
  ops: MachineConfig["apps"][number]["threads"][number]["ops"],
  regionList: readonly RegionSpec[],
  appName: string,
  frames: readonly number[],
): LruProfile {
  const { kinds, values, length } = ops;
  const regions = [...regionList].sort((a, b) => a.startVpn - b.startVpn);
  let references = 0;
  for (let i = 0; i < length; i++) if (kinds[i] === OP_READ || kinds[i] === OP_WRITE) references++;

  // The frame counts asked for, ascending; a count c is index j. A range of counts [lo, hi] is
  // added to a difference array over j, so memory is O(K) whatever the counts are.
  const asked = [...new Set(frames)].sort((a, b) => a - b);
  const K = asked.length;
  const firstAtLeast = (x: number): number => {
    let lo = 0;
    let hi = K;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (asked[mid]! >= x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const addRange = (diff: Float64Array, lo: number, hi: number): void => {
    if (hi < lo) return;
    const from = firstAtLeast(lo);
    const to = firstAtLeast(hi + 1);
    if (from >= to) return;
    diff[from]! += 1;
    diff[to]! -= 1;
  };
  const faultDiff = new Float64Array(K + 1);
  const majorDiff = new Float64Array(K + 1);
  const writeBackDiff = new Float64Array(K + 1);

  // Per page (a slot, in first-use order): its latest reference, the smallest c at which it is
  // dirty now (NEVER if not), and the largest c at which it is on swap (0 if none).
  const slots = new Map<number, number>();
  let capacity = 1024;
  let last = new Int32Array(capacity);
  let dirtyFrom = new Int32Array(capacity);
  let onSwapTo = new Int32Array(capacity);
  const grow = <T extends Int32Array>(old: T): T => {
    const next = new Int32Array(capacity * 2) as T;
    next.set(old);
    return next;
  };
  const stack = new Fenwick(references);
  let reads = 0;
  let writes = 0;
  let position = 0;
  for (let i = 0; i < length; i++) {
    const kind = kinds[i];
    if (kind !== OP_READ && kind !== OP_WRITE) continue;
    const vpn = Math.floor(values[i]! / PAGE_SIZE);
    const write = kind === OP_WRITE;
    let slot = slots.get(vpn);
    if (slot === undefined) {
      const region = regionOf(regions, vpn);
      if (region === undefined)
        return refused(`${appName} reads or writes page 0x${vpn.toString(16)}, outside every region`);
      if (write && !region.writable) return refused(`${appName} writes read-only page 0x${vpn.toString(16)}`);
      slot = slots.size;
      if (slot === capacity) {
        last = grow(last);
        dirtyFrom = grow(dirtyFrom);
        onSwapTo = grow(onSwapTo);
        capacity *= 2;
      }
      slots.set(vpn, slot);
      dirtyFrom[slot] = NEVER;
      onSwapTo[slot] = 0;
      // A first use misses with any number of frames, and nothing of it is on swap.
      addRange(faultDiff, 1, Number.MAX_SAFE_INTEGER);
    } else {
      if (write && !regionOf(regions, vpn)!.writable)
        return refused(`${appName} writes read-only page 0x${vpn.toString(16)}`);
      const previous = last[slot]!;
      const distance = stack.prefix(position) - stack.prefix(previous + 1) + 1;
      stack.add(previous, -1);
      // With c < distance frames the page was evicted since its last use: a fault now; a
      // write-back then if it was dirty (c ≥ dirtyFrom); the fault is major if it is on swap.
      addRange(faultDiff, 1, distance - 1);
      if (dirtyFrom[slot]! <= distance - 1) {
        addRange(writeBackDiff, Math.max(1, dirtyFrom[slot]!), distance - 1);
        onSwapTo[slot] = Math.max(onSwapTo[slot]!, distance - 1);
      }
      addRange(majorDiff, 1, Math.min(distance - 1, onSwapTo[slot]!));
      // A read hit at c keeps the page dirty at c only if it was dirty at c and c ≥ distance.
      if (!write) dirtyFrom[slot] = Math.max(dirtyFrom[slot]!, distance);
    }
    if (write) {
      dirtyFrom[slot] = 0;
      writes++;
    } else reads++;
    stack.add(position, 1);
    last[slot] = position;
    position++;
  }
  // A page whose depth at the end is larger than c was evicted after its last use: written back if dirty.
  const distinct = slots.size;
  for (let slot = 0; slot < distinct; slot++) {
    const depth = stack.prefix(references) - stack.prefix(last[slot]! + 1) + 1;
    if (dirtyFrom[slot]! <= depth - 1) addRange(writeBackDiff, Math.max(1, dirtyFrom[slot]!), depth - 1);
  }
  const byFrames = new Map<number, LruPoint>();
  let fault = 0;
  let major = 0;
  let writeBack = 0;
  for (let j = 0; j < K; j++) {
    fault += faultDiff[j]!;
    major += majorDiff[j]!;
    writeBack += writeBackDiff[j]!;
    const c = asked[j]!;
    byFrames.set(c, {
      frames: c,
      references,
      reads,
      writes,
      faults: fault,
      majorFaults: major,
      minorFaults: fault - major,
      // Frames fill first (one application holds them all); after that every fault evicts.
      evictions: fault - Math.min(c, distinct),
      writeBacks: writeBack,
    });
  }
  return { exact: true, distinctPages: distinct, points: frames.map((c) => byFrames.get(c)!) };
}

function refused(what: string): LruProfile {
  return { exact: false, reason: `${what}: the kernel stops the thread there` };
}

function regionOf(regions: readonly RegionSpec[], vpn: number): RegionSpec | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = regions[mid]!;
    if (vpn < r.startVpn) hi = mid - 1;
    else if (vpn >= r.startVpn + r.pages) lo = mid + 1;
    else return r;
  }
  return undefined;
}
