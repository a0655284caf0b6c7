/**
 * What a simulated thread executes: a stream of operations held in typed arrays, so that a
 * million-reference trace costs two arrays and the simulator's hit path allocates nothing.
 *
 *   OP_READ / OP_WRITE  value = virtual byte address
 *   OP_COMPUTE          value = CPU time in ns
 *   OP_IO               value = I/O size in pages (the thread blocks on a disk request of its own)
 */
export const OP_READ = 0;
export const OP_WRITE = 1;
export const OP_COMPUTE = 2;
export const OP_IO = 3;
export type OpKind = typeof OP_READ | typeof OP_WRITE | typeof OP_COMPUTE | typeof OP_IO;

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;

export interface OpStream {
  readonly length: number;
  readonly kinds: Uint8Array;
  readonly values: Float64Array;
}

/** Grows as operations are appended; `finish()` trims to an OpStream. A builder told how many
 * operations are coming (`capacity`) allocates once and hands its arrays over without a copy. */
export class OpStreamBuilder {
  private kinds: Uint8Array;
  private values: Float64Array;
  private n = 0;

  // Small by default (it doubles): a scenario may have 100,000 one-op threads.
  constructor(capacity = 16) {
    this.kinds = new Uint8Array(Math.max(1, capacity));
    this.values = new Float64Array(Math.max(1, capacity));
  }

  get length(): number {
    return this.n;
  }

  push(kind: OpKind, value: number): void {
    if (this.n === this.kinds.length) {
      const kinds = new Uint8Array(this.n * 2);
      kinds.set(this.kinds);
      this.kinds = kinds;
      const values = new Float64Array(this.n * 2);
      values.set(this.values);
      this.values = values;
    }
    this.kinds[this.n] = kind;
    this.values[this.n] = value;
    this.n++;
  }

  finish(): OpStream {
    if (this.n === this.kinds.length) return { length: this.n, kinds: this.kinds, values: this.values };
    return { length: this.n, kinds: this.kinds.slice(0, this.n), values: this.values.slice(0, this.n) };
  }
}

export function opStreamOf(ops: readonly (readonly [OpKind, number])[]): OpStream {
  const builder = new OpStreamBuilder();
  for (const [kind, value] of ops) builder.push(kind, value);
  return builder.finish();
}

/** A page-reference string (textbook notation) as reads of those page numbers. */
export function referenceString(pages: readonly number[], write = false): OpStream {
  return opStreamOf(pages.map((p) => [write ? OP_WRITE : OP_READ, p * PAGE_SIZE] as const));
}
