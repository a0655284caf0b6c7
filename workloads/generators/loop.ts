/** Cycling through a working set: the case where LRU and Clock fail once it exceeds memory. */
import type { Prng } from "../../kernel/prng.js";
import type { ObjectReader } from "../json-value.js";
import { ReferenceWriter, checkSpan, readBase, readPageCount, readRefs, readWriteRatio, span } from "./common.js";
import type { Generated, Generator } from "./types.js";

export interface LoopOptions {
  readonly pages: number;
  readonly refs: number;
  readonly base: number;
  readonly writeRatio: number;
}

export const LOOP_DEFAULTS: LoopOptions = { pages: 16, refs: 10_000, base: 0, writeRatio: 0 };

export function loop(o: LoopOptions, prng: Prng): Generated {
  const out = new ReferenceWriter(prng, o.base, o.writeRatio, o.refs);
  for (let i = 0; i < o.refs; i++) out.page(i % o.pages);
  return { ops: out.builder.finish(), pages: span(o.base, o.pages) };
}

export const loopGenerator: Generator<LoopOptions> = {
  name: "loop",
  summary: "loops over a working set of `pages` pages, `refs` references in total",
  options: ["pages", "refs", "base", "writeRatio"],
  read(r: ObjectReader): LoopOptions {
    const o = {
      pages: readPageCount(r, "pages", LOOP_DEFAULTS.pages),
      refs: readRefs(r, LOOP_DEFAULTS.refs),
      base: readBase(r),
      writeRatio: readWriteRatio(r),
    };
    checkSpan(r, o.base, o.pages);
    return o;
  },
  count: (o) => o.refs,
  generate: loop,
};
