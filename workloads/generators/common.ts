/** Options and emission shared by the page-reference generators. */
import type { Prng } from "../../kernel/prng.js";
import { OP_READ, OP_WRITE, OpStreamBuilder, PAGE_SIZE } from "../../kernel/workload.js";
import type { ObjectReader } from "../json-value.js";
import { MAX_ADDRESS, MAX_OPS, MAX_PAGES, MAX_REPEAT } from "../limits.js";
import type { PageRange } from "../pages.js";

/** Caps that keep a typo (an extra zero) from exhausting memory (workloads/limits.ts has them all). */
export { MAX_OPS, MAX_PAGES };

/** `repeat` (scan, sequence, phases): how many times the workload runs again. */
export function readRepeat(reader: ObjectReader): number {
  return reader.integer("repeat", 1, { min: 1, max: MAX_REPEAT });
}

export function readBase(reader: ObjectReader): number {
  return reader.get("base")?.pageAlignedAddress() ?? 0;
}

export function readWriteRatio(reader: ObjectReader): number {
  return reader.number("writeRatio", 0, { min: 0, max: 1 });
}

export function readPageCount(reader: ObjectReader, key: string, fallback: number): number {
  return reader.integer(key, fallback, { min: 1, max: MAX_PAGES });
}

export function readRefs(reader: ObjectReader, fallback: number): number {
  return reader.integer("refs", fallback, { min: 0, max: MAX_OPS });
}

/** The last page of [base, base + pages) must still be an exact address. */
export function checkSpan(reader: ObjectReader, base: number, pages: number): void {
  if (base + pages * PAGE_SIZE - 1 > MAX_ADDRESS) {
    (reader.get("base") ?? reader.value).fail(`base + pages reaches beyond 2^53, which the simulator cannot represent`);
  }
}

export function span(base: number, pages: number): PageRange[] {
  return [{ startVpn: base / PAGE_SIZE, pages }];
}

/**
 * Appends page references, deciding reads versus writes from a stream of its own, so that changing
 * writeRatio leaves the sequence of pages untouched.
 */
export class ReferenceWriter {
  readonly builder: OpStreamBuilder;
  private readonly writes: Prng;

  constructor(
    prng: Prng,
    private readonly base: number,
    private readonly writeRatio: number,
    /** How many operations will be written (the generator's count): allocated once, exactly. */
    expected?: number,
  ) {
    this.writes = prng.fork("writes");
    this.builder = new OpStreamBuilder(expected);
  }

  page(page: number): void {
    const write = this.writeRatio > 0 && this.writes.next() < this.writeRatio;
    this.builder.push(write ? OP_WRITE : OP_READ, this.base + page * PAGE_SIZE);
  }

  /** A reference whose kind the workload fixes itself (sequence's "W7"), still subject to writeRatio for reads. */
  fixed(page: number, write: boolean): void {
    if (write) this.builder.push(OP_WRITE, this.base + page * PAGE_SIZE);
    else this.page(page);
  }
}
