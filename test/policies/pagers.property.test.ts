import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createPager, pagers } from "../../policies/index.js";
import { FakeView, faults, OTHER_SPACE, simulate, SPACE } from "./harness.js";

const names = Object.keys(pagers);
const refString = fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 80 });
const frameCount = fc.integer({ min: 1, max: 8 });

/** An arbitrary frame table with at least one candidate frame for SPACE. */
const frameTable = fc
  .array(
    fc.record({
      owner: fc.constantFrom(SPACE, SPACE, SPACE, OTHER_SPACE, -1),
      busy: fc.boolean(),
      ref: fc.boolean(),
      loaded: fc.integer({ min: 0, max: 20 }),
      access: fc.integer({ min: 0, max: 20 }),
      next: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.constant(Infinity)),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .filter((rows) => rows.some((r) => r.owner === SPACE && !r.busy));

function build(
  rows: readonly { owner: number; busy: boolean; ref: boolean; loaded: number; access: number; next: number }[],
  seed = 1,
) {
  const v = new FakeView(rows.length, seed);
  rows.forEach((r, f) => {
    v.owners[f] = r.owner;
    v.busyBits[f] = r.busy;
    v.refs[f] = r.ref;
    v.loaded[f] = r.loaded;
    v.accessed[f] = r.access;
    v.nextIndex[f] = r.next;
    v.vpns[f] = f;
  });
  return v;
}

/** Naive model: the candidate minimising `key` (ties lowest frame). */
function argBest(v: FakeView, key: (f: number) => number, better: (a: number, b: number) => boolean): number {
  const cands = [...Array(v.frameCount).keys()].filter((f) => v.candidate(f));
  return cands.reduce((best, f) => (better(key(f), key(best)) ? f : best));
}

describe("pager properties", () => {
  it("on any frame table, every policy returns a candidate; FIFO, LRU and OPT pick what the naive rule picks", () => {
    fc.assert(
      fc.property(frameTable, fc.integer(), (rows, seed) => {
        for (const name of names) {
          const v = build(rows, seed);
          const victim = createPager({ name }).chooseVictim(v);
          expect(v.candidate(victim), name).toBe(true);
        }
        const v = build(rows);
        expect(createPager({ name: "fifo" }).chooseVictim(v)).toBe(
          argBest(
            v,
            (f) => v.loaded[f]!,
            (a, b) => a < b,
          ),
        );
        expect(createPager({ name: "lru" }).chooseVictim(v)).toBe(
          argBest(
            v,
            (f) => v.accessed[f]!,
            (a, b) => a < b,
          ),
        );
        expect(createPager({ name: "opt" }).chooseVictim(v)).toBe(
          argBest(
            v,
            (f) => v.nextIndex[f]!,
            (a, b) => a > b,
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it("Clock takes the first unreferenced candidate from the hand, clearing exactly the referenced candidates it passed", () => {
    fc.assert(
      fc.property(frameTable, fc.nat(), (rows, hand) => {
        const v = build(rows);
        const n = v.frameCount;
        const order = [...Array(n).keys()].map((i) => (hand + i) % n).filter((f) => v.candidate(f));
        const firstFree = order.find((f) => !v.refs[f]);
        const expected = firstFree ?? order[0]!;
        const passed = firstFree === undefined ? order : order.slice(0, order.indexOf(firstFree));
        const before = [...v.refs];
        expect(createPager({ name: "clock", options: { hand } }).chooseVictim(v)).toBe(expected);
        for (let f = 0; f < n; f++) expect(v.refs[f]).toBe(passed.includes(f) ? false : before[f]);
      }),
      { numRuns: 300 },
    );
  });

  it("through whole runs with foreign and busy frames, every policy returns a candidate", () => {
    fc.assert(
      fc.property(refString, frameCount, fc.integer({ min: 0, max: 3 }), fc.integer(), (refs, k, foreign, seed) => {
        const opts = { seed, foreign: [...Array(foreign).keys()].map((i) => i * 2), busyChance: 0.3 };
        for (const name of names) simulate(createPager({ name }), refs, k + foreign, opts); // throws on a non-candidate
      }),
      { numRuns: 150 },
    );
  });

  it("OPT never faults more than any other policy", () => {
    fc.assert(
      fc.property(refString, frameCount, fc.integer({ min: 0, max: 2 }), fc.integer(), (refs, k, foreign, seed) => {
        const opts = { seed, foreign: [...Array(foreign).keys()] };
        const opt = faults(createPager({ name: "opt" }), refs, k + foreign, opts);
        for (const name of names)
          expect(opt).toBeLessThanOrEqual(faults(createPager({ name }), refs, k + foreign, opts));
      }),
      { numRuns: 200 },
    );
  });

  it("LRU and OPT are stack algorithms: more frames never mean more faults", () => {
    fc.assert(
      fc.property(refString, (refs) => {
        for (const name of ["lru", "opt"]) {
          let prev = Infinity;
          for (let k = 1; k <= 9; k++) {
            const f = faults(createPager({ name }), refs, k);
            expect(f, `${name} with ${k} frames`).toBeLessThanOrEqual(prev);
            prev = f;
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("LRU has the inclusion property: after every reference, the pages resident with k frames are resident with k+1", () => {
    fc.assert(
      fc.property(refString, frameCount, (refs, k) => {
        const small = simulate(createPager({ name: "lru" }), refs, k, { trace: true }).resident;
        const big = simulate(createPager({ name: "lru" }), refs, k + 1, { trace: true }).resident;
        small.forEach((pages, i) => {
          for (const p of pages) expect(big[i], `reference ${i}`).toContain(p);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("with a frame per distinct page, every policy has only the compulsory faults", () => {
    fc.assert(
      fc.property(refString, (refs) => {
        const distinct = new Set(refs).size;
        for (const name of names) expect(faults(createPager({ name }), refs, Math.max(1, distinct))).toBe(distinct);
      }),
    );
  });

  it("Random is deterministic for a seed", () => {
    fc.assert(
      fc.property(refString, frameCount, fc.integer(), (refs, k, seed) => {
        const a = simulate(createPager({ name: "random" }), refs, k, { seed });
        const b = simulate(createPager({ name: "random" }), refs, k, { seed });
        expect(b.victims).toEqual(a.victims);
      }),
      { numRuns: 150 },
    );
    // ... and the seed matters.
    const refs = Array.from({ length: 200 }, (_, i) => (i * 7) % 13);
    const victims = (seed: number) => simulate(createPager({ name: "random" }), refs, 4, { seed }).victims.join();
    expect(victims(1)).not.toBe(victims(2));
  });
});

describe("pager properties with the clock-driven pagers ticking", () => {
  // The harness's time is one unit per reference: these periods put ticks and windows inside the strings.
  const ticking = [
    { name: "aging", options: { tickNs: 1 } },
    { name: "aging", options: { tickNs: 3, bits: 3 } },
    { name: "nfu", options: { tickNs: 2 } },
    { name: "wsclock", options: { tauNs: 4 } },
    { name: "wsclock", options: { tauNs: 0, hand: 3 } },
  ];

  it("through whole runs with foreign and busy frames, each returns a candidate; OPT never faults more", () => {
    fc.assert(
      fc.property(refString, frameCount, fc.integer({ min: 0, max: 3 }), fc.integer(), (refs, k, foreign, seed) => {
        const opts = { seed, foreign: [...Array(foreign).keys()].map((i) => i * 2), busyChance: 0.3 };
        for (const choice of ticking) simulate(createPager(choice), refs, k + foreign, opts);
        const plain = { seed, foreign: opts.foreign };
        const opt = faults(createPager({ name: "opt" }), refs, k + foreign, plain);
        for (const choice of ticking)
          expect(faults(createPager(choice), refs, k + foreign, plain)).toBeGreaterThanOrEqual(opt);
      }),
      { numRuns: 150 },
    );
  });

  it("every pager, ticking or not, makes the same choices on the same string and seed", () => {
    fc.assert(
      fc.property(refString, frameCount, fc.integer(), (refs, k, seed) => {
        for (const choice of [...names.map((name) => ({ name })), ...ticking]) {
          const a = simulate(createPager(choice), refs, k, { seed, busyChance: 0.2 });
          const b = simulate(createPager(choice), refs, k, { seed, busyChance: 0.2 });
          expect(b.victims, choice.name).toEqual(a.victims);
        }
      }),
      { numRuns: 100 },
    );
  });
});
