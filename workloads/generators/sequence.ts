/** An explicit page-reference string, as textbooks write them (7, 0, 1, 2, 0, 3, ...). */
import type { Prng } from "../../kernel/prng.js";
import { PAGE_SIZE } from "../../kernel/workload.js";
import type { ObjectReader } from "../json-value.js";
import { rangesOfPages } from "../pages.js";
import { MAX_PAGES, ReferenceWriter, checkSpan, readBase, readRepeat, readWriteRatio } from "./common.js";
import type { Generated, Generator } from "./types.js";

export interface SequenceOptions {
  /** Page numbers relative to base. */
  readonly pages: Float64Array;
  /** Parallel to pages: 1 where the reference string says "W". */
  readonly writes: Uint8Array;
  readonly repeat: number;
  readonly base: number;
  readonly writeRatio: number;
}

export function sequence(o: SequenceOptions, prng: Prng): Generated {
  const out = new ReferenceWriter(prng, o.base, o.writeRatio, o.pages.length * o.repeat);
  for (let r = 0; r < o.repeat; r++) for (let i = 0; i < o.pages.length; i++) out.fixed(o.pages[i]!, o.writes[i] === 1);
  const firstVpn = o.base / PAGE_SIZE;
  const vpns = new Float64Array(o.pages.length);
  for (let i = 0; i < vpns.length; i++) vpns[i] = firstVpn + o.pages[i]!;
  return { ops: out.builder.finish(), pages: rangesOfPages(vpns) };
}

const ENTRY = /^([RrWw]?)(\d+)$/;

export const sequenceGenerator: Generator<SequenceOptions> = {
  name: "sequence",
  summary: 'an explicit, non-empty list of page numbers; an entry "W7" writes page 7',
  options: ["pages", "repeat", "base", "writeRatio"],
  read(r: ObjectReader): SequenceOptions {
    const list = r.require("pages", 'a list of page numbers, e.g. [7, 0, 1, "W2"]');
    // Typed arrays, one slot per entry: a long reference string costs 9 bytes an entry, not an object.
    const pages = new Float64Array(list.length);
    const writes = new Uint8Array(pages.length);
    if (pages.length === 0) list.fail('expected at least one page number, e.g. [7, 0, 1, "W2"]');
    let i = 0;
    let highest = 0;
    for (const entry of list.items()) {
      const number = entry.numberValue;
      let page: number;
      if (number !== undefined) {
        page = entry.integer({ min: 0, max: MAX_PAGES - 1 });
      } else {
        const match = entry.type === "string" ? ENTRY.exec(entry.string()) : null;
        if (match === null)
          throw entry.error(
            `expected a page number or a string like "W7" (write) or "R7" (read), got ${entry.shown()}`,
          );
        page = Number(match[2]);
        if (page >= MAX_PAGES) entry.fail(`page ${page} is too large (at most ${MAX_PAGES - 1})`);
        writes[i] = match[1]!.toUpperCase() === "W" ? 1 : 0;
      }
      pages[i++] = page;
      if (page > highest) highest = page;
    }
    const o = { pages, writes, repeat: readRepeat(r), base: readBase(r), writeRatio: readWriteRatio(r) };
    checkSpan(r, o.base, highest + 1);
    return o;
  },
  count: (o) => o.pages.length * o.repeat,
  generate: sequence,
};
