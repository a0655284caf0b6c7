/**
 * The regex charge's estimate of a pattern's compiled program (sandbox/native/regexp-cost.ts):
 * the class escapes' range counts it uses are this V8's (counted here over every UTF-16 code
 * unit), counted repetitions multiply, and the longest match bounds a sticky attempt.
 */
import { describe, expect, it } from "vitest";
import { DOT_RANGES, ESCAPE_RANGES, patternCost, RANGE_COST } from "../../sandbox/native/regexp-cost.js";

/** Maximal runs of code units the regex `/^x$/` matches, over the whole BMP. */
function rangesOf(source: string, flags = ""): number {
  const re = new RegExp(`^${source}$`, flags);
  let runs = 0;
  let inside = false;
  for (let c = 0; c <= 0xffff; c++) {
    const hit = re.test(String.fromCharCode(c));
    if (hit && !inside) runs++;
    inside = hit;
  }
  return runs;
}

describe("a pattern's compiled size", () => {
  it("counts each class escape's ranges and the dot's as V8 matches them", () => {
    for (const [e, n] of Object.entries(ESCAPE_RANGES)) expect(rangesOf(`\\${e}`), `\\${e}`).toBe(n);
    expect(rangesOf(".")).toBe(DOT_RANGES);
    expect(rangesOf(".", "s")).toBe(1);
  });

  it("multiplies a counted repetition's body and adds a choice per optional copy", () => {
    expect(patternCost("a", "").size).toBe(1);
    expect(patternCost("a{16}", "").size).toBe(16);
    expect(patternCost("\\S", "").size).toBe(RANGE_COST * 11);
    // Red team 7's pattern: 64 copies of \S and an x, ~70 times its 25 characters of source.
    expect(patternCost("\\S{16}\\S{16}\\S{16}\\S{16}x", "").size).toBe(4 * 16 * RANGE_COST * 11 + 1);
    expect(patternCost("(?:ab|c){2,4}", "").size).toBe(4 * (3 + 1 + 2) + 2);
    expect(patternCost("[a-z0-9_]", "").size).toBe(RANGE_COST * 3);
    expect(patternCost("[^,]", "").size).toBe(RANGE_COST * 2);
  });

  it("bounds the longest match, unbounded with *, + or {m,}", () => {
    expect(patternCost(",", "").maxLength).toBe(1);
    expect(patternCost("^a{2,5}(?:bc|d)?$", "").maxLength).toBe(7);
    expect(patternCost(",\\s*", "").maxLength).toBe(Number.POSITIVE_INFINITY);
    expect(patternCost("a{3,}", "").maxLength).toBe(Number.POSITIVE_INFINITY);
    expect(patternCost("\\b(?:)$", "").maxLength).toBe(0);
  });

  it("costs what it cannot read as its source, unbounded", () => {
    expect(patternCost("(a", "")).toEqual({ size: 2, maxLength: Number.POSITIVE_INFINITY });
  });
});
