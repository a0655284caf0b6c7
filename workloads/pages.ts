/**
 * Sets of virtual pages, kept as sorted, disjoint, non-adjacent ranges: the shape regions take,
 * and small even when a workload touches millions of pages in a few contiguous runs.
 */
import type { RegionSpec } from "../kernel/config.js";
import { OP_READ, OP_WRITE, PAGE_SIZE, type OpStream } from "../kernel/workload.js";

export interface PageRange {
  readonly startVpn: number;
  readonly pages: number;
}

/** Sorted, merged ranges covering every page of the inputs (overlapping or adjacent ones join). */
export function mergeRanges(ranges: readonly PageRange[]): PageRange[] {
  const sorted = ranges.filter((r) => r.pages > 0).sort((a, b) => a.startVpn - b.startVpn);
  const merged: { startVpn: number; pages: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range.startVpn <= last.startVpn + last.pages) {
      last.pages = Math.max(last.pages, range.startVpn + range.pages - last.startVpn);
    } else {
      merged.push({ startVpn: range.startVpn, pages: range.pages });
    }
  }
  return merged;
}

/** Maximal contiguous runs of a list of page numbers (any order, duplicates allowed). Sorts in place. */
export function rangesOfPages(vpns: Float64Array): PageRange[] {
  vpns.sort();
  const ranges: PageRange[] = [];
  let i = 0;
  while (i < vpns.length) {
    const start = vpns[i]!;
    let end = start; // last page of the run
    while (i < vpns.length && vpns[i]! <= end + 1) {
      end = Math.max(end, vpns[i]!);
      i++;
    }
    ranges.push({ startVpn: start, pages: end - start + 1 });
  }
  return ranges;
}

/**
 * The union of page spans [starts[i], ends[i]) as sorted, merged ranges. Sorting the starts and the
 * ends apart is enough for a union (only how many spans are open matters), so no object is made
 * per span. Sorts both arrays in place.
 */
export function unionOfIntervals(starts: Float64Array, ends: Float64Array): PageRange[] {
  starts.sort();
  ends.sort();
  const ranges: PageRange[] = [];
  let open = 0;
  let from = 0;
  let j = 0;
  for (let i = 0; i < starts.length; i++) {
    // Close the spans that end before this one starts (a span ending where the next starts joins it).
    while (ends[j]! < starts[i]!) {
      if (--open === 0) ranges.push({ startVpn: from, pages: ends[j]! - from });
      j++;
    }
    if (open++ === 0) from = starts[i]!;
  }
  if (starts.length > 0) ranges.push({ startVpn: from, pages: ends[ends.length - 1]! - from });
  return ranges;
}

/** The pages a stream's reads and writes land on. */
export function pagesOfStream(ops: OpStream): PageRange[] {
  let count = 0;
  for (let i = 0; i < ops.length; i++) if (ops.kinds[i] === OP_READ || ops.kinds[i] === OP_WRITE) count++;
  const vpns = new Float64Array(count);
  let n = 0;
  for (let i = 0; i < ops.length; i++) {
    if (ops.kinds[i] === OP_READ || ops.kinds[i] === OP_WRITE) vpns[n++] = Math.floor(ops.values[i]! / PAGE_SIZE);
  }
  return rangesOfPages(vpns);
}

export function rangesContain(ranges: readonly PageRange[], vpn: number): boolean {
  return ranges.some((r) => vpn >= r.startVpn && vpn < r.startVpn + r.pages);
}

export function writableRegions(ranges: readonly PageRange[]): RegionSpec[] {
  return mergeRanges(ranges).map((r) => ({ startVpn: r.startVpn, pages: r.pages, writable: true }));
}
