/** Independent uniform references: no locality at all, the baseline every pager ties on. */
import type { Prng } from "../../kernel/prng.js";
import type { ObjectReader } from "../json-value.js";
import { ReferenceWriter, checkSpan, readBase, readPageCount, readRefs, readWriteRatio, span } from "./common.js";
import type { Generated, Generator } from "./types.js";

export interface UniformOptions {
  readonly pages: number;
  readonly refs: number;
  readonly base: number;
  readonly writeRatio: number;
}

export const UNIFORM_DEFAULTS: UniformOptions = { pages: 64, refs: 10_000, base: 0, writeRatio: 0 };

export function uniform(o: UniformOptions, prng: Prng): Generated {
  const out = new ReferenceWriter(prng, o.base, o.writeRatio, o.refs);
  const pick = prng.fork("pages");
  for (let i = 0; i < o.refs; i++) out.page(pick.int(o.pages));
  return { ops: out.builder.finish(), pages: span(o.base, o.pages) };
}

export const uniformGenerator: Generator<UniformOptions> = {
  name: "uniform",
  summary: "uniform random references over `pages` pages",
  options: ["pages", "refs", "base", "writeRatio"],
  read(r: ObjectReader): UniformOptions {
    const o = {
      pages: readPageCount(r, "pages", UNIFORM_DEFAULTS.pages),
      refs: readRefs(r, UNIFORM_DEFAULTS.refs),
      base: readBase(r),
      writeRatio: readWriteRatio(r),
    };
    checkSpan(r, o.base, o.pages);
    return o;
  },
  count: (o) => o.refs,
  generate: uniform,
};
