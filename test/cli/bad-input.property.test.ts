/**
 * Fuzzing `spin run` with random valid and invalid scenarios and traces (issue 9): whatever the
 * input, the command ends with 0 (it ran) or 2 (refused, with file:line:col); never 70, never a
 * stack, never anything else. Inputs known to be invalid must be refused with a location.
 *
 * Valid scenarios keep at least 2 frames and a quantum of at least 1 ms: the kernel's own progress
 * on tiny machines is the kernel-progress branch's property, not this one's.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { spin } from "./run-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spin-fuzz-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const write = (ext: string, data: string | Buffer) => {
  const p = path.join(tmp, `f${counter++}${ext}`);
  fs.writeFileSync(p, data);
  return p;
};

const small = (min: number, max: number) => fc.integer({ min, max });
const base = fc.nat(1 << 16).map((p) => `0x${(p * 4096).toString(16)}`);
const workload: fc.Arbitrary<Record<string, unknown>> = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record(
      {
        type: fc.constantFrom("loop", "uniform", "zipf"),
        pages: small(1, 200),
        refs: small(0, 300),
        base,
        writeRatio: fc.double({ min: 0, max: 1, noNaN: true }),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      { type: fc.constant("scan"), pages: small(1, 200), repeat: small(1, 3), base },
      { requiredKeys: ["type"] },
    ),
    fc.record({
      type: fc.constant("sequence"),
      pages: fc.array(
        fc.oneof(
          small(0, 5000),
          small(0, 5000).map((p) => `W${p}`),
        ),
        { minLength: 1, maxLength: 40 },
      ),
      repeat: small(1, 3),
    }),
    fc.record(
      {
        type: fc.constant("mix"),
        pages: small(1, 50),
        bursts: small(0, 20),
        computeNs: small(0, 5_000_000),
        refsPerBurst: small(0, 20),
        ioEvery: small(0, 10),
        ioPages: small(1, 8),
        pattern: fc.constantFrom("uniform", "loop"),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        type: fc.constant("phases"),
        phases: fc.array(tie("any"), { minLength: 1, maxLength: 3 }),
        repeat: small(1, 2),
      },
      { requiredKeys: ["type", "phases"] },
    ),
  ),
})).any;

const scenario = fc.record(
  {
    seed: fc.nat(2 ** 32 - 1),
    frames: small(2, 64),
    quantumNs: small(1_000_000, 100_000_000),
    costs: fc.record(
      { accessNs: small(0, 100), faultNs: small(0, 5000), zeroFillNs: small(0, 2000), switchNs: small(0, 10000) },
      { requiredKeys: [] },
    ),
    disk: fc.record(
      { seekBaseNs: small(0, 2_000_000), rotationNs: small(0, 10_000_000), pagesPerTrack: small(1, 128) },
      { requiredKeys: [] },
    ),
    apps: fc.uniqueArray(
      fc.record({
        name: fc.stringMatching(/^[a-z]{1,6}$/),
        priority: fc.constantFrom("high", "low"),
        pager: fc.constantFrom("fifo", "clock", "lru", "random", "opt"),
        scheduler: fc.constantFrom("fifo", "rr", "priority"),
        threads: fc.uniqueArray(
          fc.record({ name: fc.stringMatching(/^t[0-9]{1,2}$/), priority: small(0, 31), workload }),
          { minLength: 1, maxLength: 2, selector: (t) => t.name },
        ),
      }),
      { minLength: 1, maxLength: 3, selector: (a) => a.name },
    ),
  },
  { requiredKeys: ["apps"] },
);

/** Values that are wrong wherever they stand in a scenario (wrong type or out of every range). */
const surelyInvalid = fc.constantFrom<unknown>(
  JSON.parse("[".repeat(60) + "]".repeat(60)),
  { "no such key": 1 },
  1e308,
  -1e308,
  "\u0000\u001b[2J",
);
/** Values that are often wrong, sometimes right. */
const hostile = fc.oneof(
  surelyInvalid,
  fc.constantFrom<unknown>(-1, 0, 1.5, 5e-324, 2 ** 53 - 1, "", "x", null, true, [], {}, "0x1001", "W99999999"),
);

/** Replace the value at a random path (`choices` picks a key at each level) with `replacement`. */
function mutate(data: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || data === null || typeof data !== "object") return replacement;
  const keys = Object.keys(data as object);
  if (keys.length === 0) return replacement;
  const [choice, ...rest] = choices;
  const key = keys[choice! % keys.length]!;
  const copy: Record<string, unknown> = Array.isArray(data)
    ? ([...data] as unknown as Record<string, unknown>)
    : { ...(data as object) };
  copy[key] = mutate(copy[key], rest, replacement);
  return copy;
}

const LOCATED = /^spin: \S+:\d+:\d+: [^\n]+\n$/;

async function expectCleanOutcome(file: string, mustRefuse: boolean): Promise<void> {
  const r = await spin("run", file);
  expect(r.stderr, "no internal error, no stack").not.toMatch(/internal error|\n\s+at /);
  if (mustRefuse) expect(r.code, r.stderr).toBe(2);
  else expect([0, 2], r.stderr).toContain(r.code);
  if (r.code === 2) expect(r.stderr).toMatch(LOCATED);
  if (r.code === 0) expect(r.stdout).toContain("check: ok");
}

describe("property: spin run on random scenarios", () => {
  it("valid scenarios run to the end", async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const r = await spin("run", write(".json", JSON.stringify(s, null, 1)));
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it("a surely-invalid value anywhere is refused with exit 2 and its location", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.array(fc.nat(), { minLength: 1, maxLength: 9 }),
        surelyInvalid,
        async (s, choices, value) => {
          await expectCleanOutcome(write(".json", JSON.stringify(mutate(s, choices, value), null, 1)), true);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("a hostile value anywhere: it runs, or it is refused with its location", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.array(fc.nat(), { minLength: 1, maxLength: 9 }),
        hostile,
        async (s, choices, value) => {
          await expectCleanOutcome(write(".json", JSON.stringify(mutate(s, choices, value), null, 1)), false);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("random edits of the text: it runs, or it is refused with its location", async () => {
    await fc.assert(
      fc.asyncProperty(
        scenario,
        fc.nat(),
        fc.nat(4),
        fc.string({ maxLength: 4, unit: "binary" }),
        async (s, at, cut, insert) => {
          const text = JSON.stringify(s, null, 1);
          const p = at % (text.length + 1);
          await expectCleanOutcome(write(".json", text.slice(0, p) + insert + text.slice(p + cut)), false);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe("property: spin run on random traces", () => {
  const hex = fc.bigInt({ min: 0n, max: (1n << 53n) - 1n }).map((n) => n.toString(16));
  const goodLine = fc.oneof(
    fc
      .tuple(fc.constantFrom("R", "W", "r", "w"), hex, fc.option(small(0, 3)))
      .map(([k, a, app]) => `${k} ${a}${app === null ? "" : ` ${app}`}`),
    fc.constantFrom("# comment", "", "   "),
  );
  const lackeyLine = fc.oneof(
    fc.tuple(fc.constantFrom("I ", " L", " S", " M"), hex, small(1, 64)).map(([k, a, size]) => `${k} ${a},${size}`),
    fc.constant("==42== Lackey"),
  );
  const junkLine = fc.oneof(
    fc.string({ maxLength: 12, unit: "binary" }),
    fc.constantFrom("\u0000", "\uFEFFR 1000", "R", "W zz", "R 1000 -1", "L 10", "R 0x20000000000000", "X".repeat(5000)),
  );
  const bom = fc.boolean().map((b) => (b ? "\uFEFF" : ""));

  it("valid plain and lackey traces run to the end", async () => {
    await fc.assert(
      fc.asyncProperty(
        bom,
        fc.oneof(
          fc.array(goodLine, { minLength: 1, maxLength: 60 }),
          fc.array(lackeyLine, { minLength: 1, maxLength: 60 }),
        ),
        async (mark, lines) => {
          fc.pre(lines.some((l) => /^\s*[RrWw] |^ ?[ILSM] /.test(l)));
          const r = await spin("run", write(".trace", mark + lines.join("\n")));
          expect(r.stderr).toBe("");
          expect(r.code).toBe(0);
        },
      ),
      { numRuns: 80 },
    );
  });

  it("traces with junk lines: they run, or they are refused with a location or as empty", async () => {
    await fc.assert(
      fc.asyncProperty(
        bom,
        fc.array(fc.oneof(goodLine, lackeyLine, junkLine), { minLength: 0, maxLength: 30 }),
        async (mark, lines) => {
          const r = await spin("run", write(".trace", mark + lines.join("\n")));
          expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
          expect([0, 2], r.stderr).toContain(r.code);
          if (r.code === 2)
            expect(r.stderr).toMatch(
              /^spin: \S+(:\d+:\d+: [^\n]+|: the trace has no memory accesses; nothing to simulate)\n$/,
            );
          // Whatever the junk, the message shows it escaped.
          expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f\ufeff]/);
        },
      ),
      { numRuns: 150 },
    );
  });
});
