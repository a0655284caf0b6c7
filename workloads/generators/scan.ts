/** Sequential passes over a range of pages: the access pattern that flushes LRU-like caches. */
import type { Prng } from "../../kernel/prng.js";
import type { ObjectReader } from "../json-value.js";
import { ReferenceWriter, checkSpan, readBase, readPageCount, readRepeat, readWriteRatio, span } from "./common.js";
import type { Generated, Generator } from "./types.js";

export interface ScanOptions {
  readonly pages: number;
  readonly repeat: number;
  readonly base: number;
  readonly writeRatio: number;
}

export const SCAN_DEFAULTS: ScanOptions = { pages: 64, repeat: 1, base: 0, writeRatio: 0 };

export function scan(o: ScanOptions, prng: Prng): Generated {
  const out = new ReferenceWriter(prng, o.base, o.writeRatio, o.pages * o.repeat);
  for (let r = 0; r < o.repeat; r++) for (let p = 0; p < o.pages; p++) out.page(p);
  return { ops: out.builder.finish(), pages: span(o.base, o.pages) };
}

export const scanGenerator: Generator<ScanOptions> = {
  name: "scan",
  summary: "sequential over `pages` pages, repeated `repeat` times",
  options: ["pages", "repeat", "base", "writeRatio"],
  read(r: ObjectReader): ScanOptions {
    const o = {
      pages: readPageCount(r, "pages", SCAN_DEFAULTS.pages),
      repeat: readRepeat(r),
      base: readBase(r),
      writeRatio: readWriteRatio(r),
    };
    checkSpan(r, o.base, o.pages);
    return o;
  },
  count: (o) => o.pages * o.repeat,
  generate: scan,
};
