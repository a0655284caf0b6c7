/**
 * A thread that alternates CPU bursts, memory references over a working set and I/O requests:
 * what makes the thread scheduler matter (I/O-bound threads block, CPU-bound ones use quanta).
 */
import type { Prng } from "../../kernel/prng.js";
import { OP_COMPUTE, OP_IO } from "../../kernel/workload.js";
import type { ObjectReader } from "../json-value.js";
import { MAX_COMPUTE_NS, MAX_IO_PAGES, MAX_OPS, MAX_REPEAT } from "../limits.js";
import { ReferenceWriter, checkSpan, readBase, readPageCount, readWriteRatio, span } from "./common.js";
import type { Generated, Generator } from "./types.js";

export type MixPattern = "uniform" | "loop";

export interface MixOptions {
  /** Working set the memory references fall in. */
  readonly pages: number;
  readonly bursts: number;
  /** CPU time at the start of each burst (0: none). */
  readonly computeNs: number;
  readonly refsPerBurst: number;
  /** An I/O request after every `ioEvery` operations (0: never). */
  readonly ioEvery: number;
  readonly ioPages: number;
  readonly pattern: MixPattern;
  readonly base: number;
  readonly writeRatio: number;
}

export const MIX_DEFAULTS: MixOptions = {
  pages: 16,
  bursts: 100,
  computeNs: 100_000,
  refsPerBurst: 50,
  ioEvery: 0,
  ioPages: 1,
  pattern: "uniform",
  base: 0,
  writeRatio: 0,
};

export function mix(o: MixOptions, prng: Prng): Generated {
  const out = new ReferenceWriter(prng, o.base, o.writeRatio, mixGenerator.count(o));
  const pick = prng.fork("pages");
  let sinceIo = 0;
  const counted = () => {
    if (o.ioEvery > 0 && ++sinceIo === o.ioEvery) {
      out.builder.push(OP_IO, o.ioPages);
      sinceIo = 0;
    }
  };
  let next = 0;
  // A burst with nothing in it adds nothing: do not spin through `bursts` empty rounds.
  const bursts = o.computeNs > 0 || o.refsPerBurst > 0 ? o.bursts : 0;
  for (let b = 0; b < bursts; b++) {
    if (o.computeNs > 0) {
      out.builder.push(OP_COMPUTE, o.computeNs);
      counted();
    }
    for (let i = 0; i < o.refsPerBurst; i++) {
      out.page(o.pattern === "loop" ? next++ % o.pages : pick.int(o.pages));
      counted();
    }
  }
  return { ops: out.builder.finish(), pages: span(o.base, o.pages) };
}

export const mixGenerator: Generator<MixOptions> = {
  name: "mix",
  summary:
    "bursts of `computeNs` CPU then `refsPerBurst` references over `pages` pages, an I/O of `ioPages` every `ioEvery` ops",
  options: ["pages", "bursts", "computeNs", "refsPerBurst", "ioEvery", "ioPages", "pattern", "base", "writeRatio"],
  read(r: ObjectReader): MixOptions {
    const o: MixOptions = {
      pages: readPageCount(r, "pages", MIX_DEFAULTS.pages),
      bursts: r.integer("bursts", MIX_DEFAULTS.bursts, { min: 0, max: MAX_REPEAT }),
      computeNs: r.number("computeNs", MIX_DEFAULTS.computeNs, { min: 0, max: MAX_COMPUTE_NS }),
      refsPerBurst: r.integer("refsPerBurst", MIX_DEFAULTS.refsPerBurst, { min: 0, max: MAX_OPS }),
      ioEvery: r.integer("ioEvery", MIX_DEFAULTS.ioEvery, { min: 0, max: MAX_OPS }),
      ioPages: r.integer("ioPages", MIX_DEFAULTS.ioPages, { min: 1, max: MAX_IO_PAGES }),
      pattern: r.choice("pattern", MIX_DEFAULTS.pattern, ["uniform", "loop"]),
      base: readBase(r),
      writeRatio: readWriteRatio(r),
    };
    checkSpan(r, o.base, o.pages);
    return o;
  },
  count(o) {
    const perBurst = o.refsPerBurst + (o.computeNs > 0 ? 1 : 0);
    const ops = o.bursts * perBurst;
    return o.ioEvery > 0 ? ops + Math.floor(ops / o.ioEvery) : ops;
  },
  computeNs: (o) => o.bursts * o.computeNs,
  generate: mix,
};
