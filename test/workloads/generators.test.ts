import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Prng } from "../../kernel/prng.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, PAGE_SIZE } from "../../kernel/workload.js";
import { GENERATOR_NAMES, generateWorkload, type WorkloadSpec } from "../../workloads/generators/registry.js";
import { rangesContain } from "../../workloads/pages.js";
import { errorOf } from "./error-of.js";

const SPECS: Record<string, WorkloadSpec> = {
  scan: { type: "scan", pages: 10, repeat: 3, writeRatio: 0.5, base: "0x10000000" },
  loop: { type: "loop", pages: 12, refs: 500, writeRatio: 0.3, base: "0x10000000" },
  uniform: { type: "uniform", pages: 40, refs: 500, writeRatio: 0.3 },
  zipf: { type: "zipf", pages: 100, refs: 500, s: 1.2, scatter: true, writeRatio: 0.2, base: 0x4000 },
  phases: {
    type: "phases",
    repeat: 2,
    base: "0x1000000",
    phases: [
      { type: "loop", pages: 4, refs: 20 },
      { type: "uniform", pages: 8, refs: 20 },
    ],
  },
  mix: { type: "mix", pages: 8, bursts: 20, computeNs: 1000, refsPerBurst: 5, ioEvery: 7, ioPages: 2, writeRatio: 0.5 },
  sequence: { type: "sequence", pages: [7, 0, 1, "W2", 0, 3], repeat: 2, writeRatio: 0.2 },
};

function bytesOf(spec: WorkloadSpec, seed: number): string {
  const g = generateWorkload(spec, seed);
  return Buffer.from(g.ops.kinds).toString("hex") + Buffer.from(g.ops.values.buffer).toString("hex");
}

describe("generators", () => {
  it("the registry lists every generator", () => {
    expect(GENERATOR_NAMES).toEqual(["scan", "loop", "uniform", "zipf", "phases", "mix", "sequence", "trace"]);
  });

  it.each(Object.entries(SPECS))("%s is deterministic for a seed and differs for another", (_name, spec) => {
    expect(bytesOf(spec, 1)).toBe(bytesOf(spec, 1));
    expect(bytesOf(spec, 1)).not.toBe(bytesOf(spec, 2));
  });

  it("scan and loop visit pages in order", () => {
    const scan = generateWorkload({ type: "scan", pages: 3, repeat: 2 }, 0);
    expect(Array.from(scan.ops.values)).toEqual([0, 1, 2, 0, 1, 2].map((p) => p * PAGE_SIZE));
    const loop = generateWorkload({ type: "loop", pages: 3, refs: 4, base: "0x10000000" }, 0);
    expect(Array.from(loop.ops.values)).toEqual([0, 1, 2, 0].map((p) => 0x10000000 + p * PAGE_SIZE));
    expect(loop.pages).toEqual([{ startVpn: 0x10000, pages: 3 }]);
  });

  it("sequence writes the textbook string, W entries as writes", () => {
    const g = generateWorkload({ type: "sequence", pages: [7, "W0", 1, "r2"] }, 0);
    expect(Array.from(g.ops.kinds)).toEqual([OP_READ, OP_WRITE, OP_READ, OP_READ]);
    expect(Array.from(g.ops.values)).toEqual([7, 0, 1, 2].map((p) => p * PAGE_SIZE));
    expect(g.pages).toEqual([
      { startVpn: 0, pages: 3 },
      { startVpn: 7, pages: 1 },
    ]);
  });

  it("mix interleaves compute, references and I/O every k ops", () => {
    const g = generateWorkload(
      { type: "mix", pages: 4, bursts: 2, computeNs: 500, refsPerBurst: 2, ioEvery: 3, ioPages: 2 },
      9,
    );
    expect(Array.from(g.ops.kinds)).toEqual([OP_COMPUTE, OP_READ, OP_READ, OP_IO, OP_COMPUTE, OP_READ, OP_READ, OP_IO]);
    expect(g.ops.values[0]).toBe(500);
    expect(g.ops.values[3]).toBe(2);
  });

  it("zipf puts most references on the hottest pages", () => {
    const g = generateWorkload({ type: "zipf", pages: 1000, refs: 20000, s: 1.2 }, 4);
    let hot = 0;
    for (let i = 0; i < g.ops.length; i++) if (g.ops.values[i]! < 10 * PAGE_SIZE) hot++;
    expect(hot / g.ops.length).toBeGreaterThan(0.5);
  });

  it("the write ratio does not change which pages are referenced", () => {
    const pages = (writeRatio: number) =>
      Array.from(generateWorkload({ type: "uniform", pages: 50, refs: 200, writeRatio }, 3).ops.values);
    expect(pages(0.9)).toEqual(pages(0));
  });

  it("changing one phase leaves the other phases' streams alone", () => {
    const first = (refs: number) =>
      Array.from(
        generateWorkload(
          {
            type: "phases",
            phases: [
              { type: "uniform", pages: 9, refs: 50 },
              { type: "uniform", pages: 9, refs },
            ],
          },
          3,
        ).ops.values.slice(0, 50),
      );
    expect(first(10)).toEqual(first(99));
  });

  it.each([
    [
      { type: "zip" },
      2,
      11,
      'type: unknown generator "zip" (known: scan, loop, uniform, zipf, phases, mix, sequence, trace). Did you mean "zipf"?',
    ],
    [{ pages: 3 }, 1, 1, 'missing "type" (one of: scan, loop, uniform, zipf, phases, mix, sequence, trace)'],
    [
      { type: "loop", refz: 3 },
      3,
      3,
      'refz: unknown option for generator "loop" (known: type, pages, refs, base, writeRatio). Did you mean "refs"?',
    ],
    [{ type: "loop", pages: 0 }, 3, 12, "pages: expected an integer ≥ 1 and ≤ 16777216, got 0"],
    [{ type: "loop", writeRatio: 2 }, 3, 17, "writeRatio: expected a number ≥ 0 and ≤ 1, got 2"],
    [
      { type: "loop", base: "0x1001" },
      3,
      11,
      "base: address 0x1001 is not page-aligned (pages are 4096 = 0x1000 bytes); use 0x1000 or 0x2000",
    ],
    [
      { type: "loop", base: "1000" },
      3,
      11,
      'base: expected a hex address such as "0x10000000" (with the 0x prefix) or a number, got "1000"',
    ],
    [{ type: "mix", pattern: "zigzag" }, 3, 14, 'pattern: expected one of "uniform", "loop", got "zigzag".'],
    [{ type: "sequence" }, 1, 1, 'missing "pages" (a list of page numbers, e.g. [7, 0, 1, "W2"])'],
    [
      { type: "sequence", pages: [1, "X2"] },
      5,
      5,
      'pages[1]: expected a page number or a string like "W7" (write) or "R7" (read), got "X2"',
    ],
    [{ type: "phases", phases: [] }, 3, 13, "phases: expected at least one phase"],
    [{ type: "loop", refs: 30_000_000 }, 3, 11, "refs: expected an integer ≥ 0 and ≤ 20000000, got 30000000"],
    [
      { type: "scan", pages: 10_000_000, repeat: 10 },
      1,
      1,
      "this workload would have 100,000,000 operations; the limit is 20,000,000 (docs/WORKLOADS.md, Limits)",
    ],
  ])("rejects %j at its line:col", (spec, line, column, detail) => {
    const e = errorOf(() => generateWorkload(spec as WorkloadSpec, 0));
    expect({ line: e.line, column: e.column, detail: e.detail }).toEqual({ line, column, detail });
  });

  it("property: streams stay inside the pages they report", () => {
    const spec = fc.oneof(
      fc.record({
        type: fc.constantFrom("loop", "uniform", "zipf"),
        pages: fc.integer({ min: 1, max: 300 }),
        refs: fc.integer({ min: 0, max: 300 }),
        base: fc.nat(1 << 20).map((p) => p * PAGE_SIZE),
        writeRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      fc.record({
        type: fc.constant("scan"),
        pages: fc.integer({ min: 1, max: 100 }),
        repeat: fc.integer({ min: 1, max: 3 }),
        base: fc.nat(1 << 20).map((p) => p * PAGE_SIZE),
      }),
      fc.record({
        type: fc.constant("mix"),
        pages: fc.integer({ min: 1, max: 50 }),
        bursts: fc.nat(20),
        refsPerBurst: fc.nat(20),
        ioEvery: fc.nat(10),
        pattern: fc.constantFrom("uniform", "loop"),
      }),
      fc.record({
        type: fc.constant("sequence"),
        pages: fc.array(fc.nat(5000), { minLength: 1, maxLength: 50 }),
        base: fc.nat(1000).map((p) => p * PAGE_SIZE),
      }),
      fc.record({
        type: fc.constant("phases"),
        base: fc.nat(1000).map((p) => p * PAGE_SIZE),
        phases: fc.array(
          fc.record({
            type: fc.constant("uniform"),
            pages: fc.integer({ min: 1, max: 30 }),
            refs: fc.nat(50),
            base: fc.nat(100).map((p) => p * PAGE_SIZE),
          }),
          { minLength: 1, maxLength: 4 },
        ),
      }),
    );
    fc.assert(
      fc.property(spec, fc.integer(), (s, seed) => {
        const g = generateWorkload(s as WorkloadSpec, new Prng(seed));
        for (let i = 0; i < g.ops.length; i++) {
          const kind = g.ops.kinds[i];
          if (kind !== OP_READ && kind !== OP_WRITE) continue;
          const address = g.ops.values[i]!;
          if (!rangesContain(g.pages, Math.floor(address / PAGE_SIZE))) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
