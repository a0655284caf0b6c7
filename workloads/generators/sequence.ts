/** An explicit page-reference string, as textbooks write them (7, 0, 1, 2, 0, 3, ...). */
import type { Prng } from "../../kernel/prng.js";
import { PAGE_SIZE } from "../../kernel/workload.js";
import type { ObjectReader } from "../json-value.js";
import { mergeRanges } from "../pages.js";
import { MAX_PAGES, ReferenceWriter, checkSpan, readBase, readWriteRatio } from "./common.js";
import type { Generated, Generator } from "./types.js";

export interface SequenceOptions {
  /** Page numbers relative to base. */
  readonly pages: readonly number[];
  /** Parallel to pages: true where the reference string says "W". */
  readonly writes: readonly boolean[];
  readonly repeat: number;
  readonly base: number;
  readonly writeRatio: number;
}

export function sequence(o: SequenceOptions, prng: Prng): Generated {
  const out = new ReferenceWriter(prng, o.base, o.writeRatio);
  for (let r = 0; r < o.repeat; r++) for (let i = 0; i < o.pages.length; i++) out.fixed(o.pages[i]!, o.writes[i]!);
  const firstVpn = o.base / PAGE_SIZE;
  return { ops: out.builder.finish(), pages: mergeRanges(o.pages.map((p) => ({ startVpn: firstVpn + p, pages: 1 }))) };
}

const ENTRY = /^([RrWw]?)(\d+)$/;

export const sequenceGenerator: Generator<SequenceOptions> = {
  name: "sequence",
  summary: 'an explicit list of page numbers; an entry "W7" writes page 7',
  options: ["pages", "repeat", "base", "writeRatio"],
  read(r: ObjectReader): SequenceOptions {
    const pages: number[] = [];
    const writes: boolean[] = [];
    for (const entry of r.require("pages", 'a list of page numbers, e.g. [7, 0, 1, "W2"]').array()) {
      if (entry.type === "number") {
        pages.push(entry.integer({ min: 0, max: MAX_PAGES - 1 }));
        writes.push(false);
        continue;
      }
      const match = entry.type === "string" ? ENTRY.exec(entry.string()) : null;
      if (match === null) throw entry.error(`expected a page number or a string like "W7" (write) or "R7" (read), got ${JSON.stringify(entry.plain())}`);
      const page = Number(match[2]);
      if (page >= MAX_PAGES) entry.fail(`page ${page} is too large (at most ${MAX_PAGES - 1})`);
      pages.push(page);
      writes.push(match[1]!.toUpperCase() === "W");
    }
    const o = {
      pages,
      writes,
      repeat: r.integer("repeat", 1, { min: 1 }),
      base: readBase(r),
      writeRatio: readWriteRatio(r),
    };
    checkSpan(r, o.base, pages.reduce((a, b) => Math.max(a, b), 0) + 1);
    return o;
  },
  count: (o) => o.pages.length * o.repeat,
  generate: sequence,
};
