/**
 * Independent reference models of the ghost-list pagers, written straight from the papers'
 * pseudocode over explicit lists (no frames, no kernel): the built-in policies must make the same
 * decisions, fault for fault, on any reference string.
 */

export interface ModelResult {
  readonly faults: number;
  /** Pages evicted, in order. */
  readonly evicted: readonly number[];
}

function remove(list: number[], x: number): boolean {
  const i = list.indexOf(x);
  if (i < 0) return false;
  list.splice(i, 1);
  return true;
}

/**
 * ARC, Megiddo & Modha, FAST 2003, Fig. 4, with cache size c. Lists are LRU first (index 0) and
 * MRU last.
 */
export function arcModel(refs: readonly number[], c: number): ModelResult & { p: number; b1: number[]; b2: number[] } {
  const t1: number[] = [];
  const t2: number[] = [];
  const b1: number[] = [];
  const b2: number[] = [];
  let p = 0;
  let faults = 0;
  const evicted: number[] = [];
  const replace = (xInB2: boolean): void => {
    if (t1.length >= 1 && ((xInB2 && t1.length === p) || t1.length > p)) {
      const y = t1.shift()!;
      b1.push(y);
      evicted.push(y);
    } else {
      const y = t2.shift()!;
      b2.push(y);
      evicted.push(y);
    }
  };
  for (const x of refs) {
    // Case I: a hit in T1 or T2 moves x to the MRU of T2.
    if (remove(t1, x) || remove(t2, x)) {
      t2.push(x);
      continue;
    }
    faults++;
    if (b1.includes(x)) {
      // Case II
      p = Math.min(c, p + Math.max(b2.length / b1.length, 1));
      replace(false);
      remove(b1, x);
      t2.push(x);
    } else if (b2.includes(x)) {
      // Case III
      p = Math.max(0, p - Math.max(b1.length / b2.length, 1));
      replace(true);
      remove(b2, x);
      t2.push(x);
    } else {
      // Case IV
      if (t1.length + b1.length === c) {
        if (t1.length < c) {
          b1.shift();
          replace(false);
        } else {
          evicted.push(t1.shift()!);
        }
      } else if (t1.length + t2.length + b1.length + b2.length >= c) {
        if (t1.length + t2.length + b1.length + b2.length === 2 * c) b2.shift();
        replace(false);
      }
      t1.push(x);
    }
  }
  return { faults, evicted, p, b1, b2 };
}

/**
 * 2Q full version, Johnson & Shasha, VLDB 1994, Fig. 2 ("reclaimfor"), with c page slots, Kin and
 * Kout in pages. A page found in A1out is moved out of it (into Am) before the slot is reclaimed.
 * Lists are oldest / LRU first.
 */
export function twoQModel(
  refs: readonly number[],
  c: number,
  kin: number,
  kout: number,
): ModelResult & { a1out: number[] } {
  const am: number[] = [];
  const a1in: number[] = [];
  const a1out: number[] = [];
  let faults = 0;
  const evicted: number[] = [];
  const reclaimFor = (): void => {
    if (am.length + a1in.length < c) return; // a free page slot
    if (a1in.length > kin || am.length === 0) {
      const y = a1in.shift()!;
      evicted.push(y);
      a1out.push(y);
      if (a1out.length > kout) a1out.shift();
    } else {
      evicted.push(am.shift()!);
    }
  };
  for (const x of refs) {
    if (remove(am, x)) {
      am.push(x);
      continue;
    }
    if (a1in.includes(x)) continue;
    faults++;
    if (remove(a1out, x)) {
      reclaimFor();
      am.push(x);
    } else {
      reclaimFor();
      a1in.push(x);
    }
  }
  return { faults, evicted, a1out };
}

/** LFU over a reference string: fewest references since loaded, ties to the least recently used. */
export function lfuModel(refs: readonly number[], c: number): ModelResult {
  const count = new Map<number, number>();
  const last = new Map<number, number>();
  let faults = 0;
  const evicted: number[] = [];
  refs.forEach((x, i) => {
    if (!count.has(x)) {
      faults++;
      if (count.size === c) {
        let victim = -1;
        for (const [page, n] of count) {
          if (victim < 0 || n < count.get(victim)! || (n === count.get(victim)! && last.get(page)! < last.get(victim)!))
            victim = page;
        }
        count.delete(victim);
        evicted.push(victim);
      }
      count.set(x, 0);
    }
    count.set(x, count.get(x)! + 1);
    last.set(x, i);
  });
  return { faults, evicted };
}
