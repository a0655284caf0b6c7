/** Zipf-distributed references: a few hot pages and a long cold tail, like real file and DB caches. */
import type { Prng } from "../../kernel/prng.js";
import type { ObjectReader } from "../json-value.js";
import { ReferenceWriter, checkSpan, readBase, readPageCount, readRefs, readWriteRatio, span } from "./common.js";
import type { Generated, Generator } from "./types.js";

export interface ZipfOptions {
  readonly pages: number;
  readonly refs: number;
  /** Exponent: 0 is uniform, 1 classic Zipf, larger is more skewed. */
  readonly s: number;
  /** Spread the hot pages over the range (seeded permutation) instead of packing them at base. */
  readonly scatter: boolean;
  readonly base: number;
  readonly writeRatio: number;
}

export const ZIPF_DEFAULTS: ZipfOptions = { pages: 64, refs: 10_000, s: 1, scatter: false, base: 0, writeRatio: 0 };

export function zipf(o: ZipfOptions, prng: Prng): Generated {
  const cdf = new Float64Array(o.pages);
  let total = 0;
  for (let k = 0; k < o.pages; k++) cdf[k] = total += 1 / Math.pow(k + 1, o.s);
  for (let k = 0; k < o.pages; k++) cdf[k]! /= total;
  const pageOfRank = new Float64Array(o.pages);
  for (let k = 0; k < o.pages; k++) pageOfRank[k] = k;
  if (o.scatter) {
    const shuffle = prng.fork("scatter");
    for (let k = o.pages - 1; k > 0; k--) {
      const j = shuffle.int(k + 1);
      const t = pageOfRank[k]!;
      pageOfRank[k] = pageOfRank[j]!;
      pageOfRank[j] = t;
    }
  }
  const out = new ReferenceWriter(prng, o.base, o.writeRatio, o.refs);
  const pick = prng.fork("pages");
  for (let i = 0; i < o.refs; i++) {
    const u = pick.next();
    let lo = 0;
    let hi = o.pages - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    out.page(pageOfRank[lo]!);
  }
  return { ops: out.builder.finish(), pages: span(o.base, o.pages) };
}

export const zipfGenerator: Generator<ZipfOptions> = {
  name: "zipf",
  summary: "Zipf-distributed references with exponent `s` over `pages` pages",
  options: ["pages", "refs", "s", "scatter", "base", "writeRatio"],
  read(r: ObjectReader): ZipfOptions {
    const o = {
      pages: readPageCount(r, "pages", ZIPF_DEFAULTS.pages),
      refs: readRefs(r, ZIPF_DEFAULTS.refs),
      s: r.number("s", ZIPF_DEFAULTS.s, { min: 0, max: 10 }),
      scatter: r.boolean("scatter", ZIPF_DEFAULTS.scatter),
      base: readBase(r),
      writeRatio: readWriteRatio(r),
    };
    checkSpan(r, o.base, o.pages);
    return o;
  },
  count: (o) => o.refs,
  generate: zipf,
};
