import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arcPager } from "../../policies/pagers/arc.js";
import { twoQPager } from "../../policies/pagers/two-q.js";
import { createPager } from "../../policies/index.js";
import { FakeView, simulate, SPACE } from "./harness.js";
import { config, reads, residentPages, run } from "./kernel-run.js";
import { arcModel, twoQModel } from "./reference-models.js";

type Arc = ReturnType<typeof arcPager.create>;
type TwoQ = ReturnType<typeof twoQPager.create>;

/**
 * ARC with c = 4, traced by hand with the paper's Fig. 4 (Megiddo & Modha, FAST 2003):
 *
 *   1 2      miss, miss (free frames)                    T1 = [1 2]
 *   1 2      hits in T1 move to T2                       T1 = []     T2 = [1 2]
 *   3 4      miss, miss (free frames)                    T1 = [3 4]  T2 = [1 2]
 *   5        Case IV, |T1|+|B1| = 2 < c, total 4 >= c: REPLACE with p = 0: |T1| > p, so T1's LRU
 *            page 3 goes to B1                           T1 = [4 5]  B1 = [3]
 *   6        Case IV again: 4 goes to B1                 T1 = [5 6]  B1 = [3 4]
 *   1 2      hits in T2: the scan 3 4 5 6 did not touch the pages used twice
 *   3        Case II (ghost hit in B1): p = min(4, 0 + max(|B2|/|B1|, 1)) = 1; REPLACE: |T1| = 2 > 1,
 *            5 goes to B1; 3 enters T2                   T1 = [6]  T2 = [1 2 3]  B1 = [4 5]
 *
 * 7 faults, evicting 3, 4, 5. LRU with 4 frames faults 9 times: the scan pushes 1 and 2 out.
 */
const ARC_EXAMPLE = [1, 2, 1, 2, 3, 4, 5, 6, 1, 2, 3];

/**
 * 2Q with c = 4, Kin = 1 (25%), Kout = 2 (50%), traced by hand with the paper's Fig. 2 (Johnson &
 * Shasha, VLDB 1994, full version). A1in and A1out oldest first, Am LRU first:
 *
 *   1 2 3 4  misses into free slots                      A1in = [1 2 3 4]
 *   1        hit in A1in: nothing
 *   5        |A1in| = 4 > Kin: 1 paged out to A1out      A1in = [2 3 4 5]  A1out = [1]
 *   1        in A1out: moved to Am; 2 paged out          A1in = [3 4 5]    A1out = [2]      Am = [1]
 *   6        3 paged out                                 A1in = [4 5 6]    A1out = [2 3]
 *   2        in A1out: to Am; 4 paged out                A1in = [5 6]      A1out = [3 4]    Am = [1 2]
 *   7        5 out; A1out over Kout drops 3              A1in = [6 7]      A1out = [4 5]
 *   1        hit in Am                                                                      Am = [2 1]
 *   8        6 out, drops 4                              A1in = [7 8]      A1out = [5 6]
 *   3        not remembered any more: A1in; 7 out        A1in = [8 3]      A1out = [6 7]
 *   2        hit in Am                                                                      Am = [1 2]
 *   6        in A1out: to Am; 8 out                      A1in = [3]        A1out = [7 8]    Am = [1 2 6]
 *   9        |A1in| = 1, not > Kin: Am's LRU page 1 goes (not remembered)
 *                                                        A1in = [3 9]      A1out = [7 8]    Am = [2 6]
 *
 * 13 faults, evicting 1, 2, 3, 4, 5, 6, 7, 8, 1. The one-time pages 5..8 never reach Am.
 */
const TWO_Q_EXAMPLE = [1, 2, 3, 4, 1, 5, 1, 6, 2, 7, 1, 8, 3, 2, 6, 9];

describe("ARC (Megiddo & Modha 2003)", () => {
  it("the hand-traced example: 7 faults, evicting 3, 4, 5; p = 1, B1 = [4 5]", () => {
    const arc = arcPager.create() as Arc;
    const r = simulate(arc, ARC_EXAMPLE, 4);
    expect(r.faults).toBe(7);
    expect(r.evicted).toEqual([3, 4, 5]);
    expect(arc.state()).toEqual({ p: 1, b1: [4, 5], b2: [] });
    expect(simulate(createPager({ name: "lru" }), ARC_EXAMPLE, 4).faults).toBe(9);
    // The transcribed model agrees with the hand trace.
    expect(arcModel(ARC_EXAMPLE, 4)).toMatchObject({ faults: 7, evicted: [3, 4, 5], p: 1, b1: [4, 5], b2: [] });
  });

  it("the same example through the whole kernel: 7 faults, and 1, 2, 3, 6 resident at the end", () => {
    const { kernel, report, pagers } = run(config([reads(ARC_EXAMPLE)], 4, { name: "arc" }));
    expect(report.totals.faults).toBe(7);
    expect(residentPages(kernel)).toEqual([1, 2, 3, 6]);
    expect((pagers[0] as Arc).state()).toEqual({ p: 1, b1: [4, 5], b2: [] });
    expect(run(config([reads(ARC_EXAMPLE)], 4, { name: "lru" })).report.totals.faults).toBe(9);
  });

  it("a ghost hit in B2 shrinks p (Case III)", () => {
    // c = 2. 1 1 2 2: both in T2. 3: Case IV, |T1| = 0, so REPLACE takes T2's LRU 1 into B2.
    // 1: ghost hit in B2: p = max(0, 0 - max(0/1, 1)) = 0; T1 = [3] has |T1| = p? no (1 > 0): 3 -> B1.
    const arc = arcPager.create() as Arc;
    const r = simulate(arc, [1, 1, 2, 2, 3, 1], 2);
    expect(r.evicted).toEqual([1, 3]);
    expect(arc.state()).toEqual({ p: 0, b1: [3], b2: [] });
    expect(arcModel([1, 1, 2, 2, 3, 1], 2)).toMatchObject({ evicted: [1, 3], p: 0, b1: [3], b2: [] });
  });

  it("the initial target p is an option", () => {
    // With p = 4 = c, T1 is never over its target: REPLACE takes from T2 first.
    const r = simulate(createPager({ name: "arc", options: { p: 4 } }), [1, 1, 2, 2, 3, 4, 5], 4);
    expect(r.evicted).toEqual([1]);
  });
});

describe("2Q (Johnson & Shasha 1994)", () => {
  it("the hand-traced example: 13 faults, A1out = [7 8] at the end", () => {
    const q = twoQPager.create() as TwoQ;
    const r = simulate(q, TWO_Q_EXAMPLE, 4);
    expect(r.faults).toBe(13);
    expect(r.evicted).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1]);
    expect(q.ghosts()).toEqual([7, 8]);
    expect(twoQModel(TWO_Q_EXAMPLE, 4, 1, 2)).toMatchObject({
      faults: 13,
      evicted: [1, 2, 3, 4, 5, 6, 7, 8, 1],
      a1out: [7, 8],
    });
  });

  it("the same example through the whole kernel: 13 faults; 2, 3, 6, 9 resident", () => {
    const { kernel, report, pagers } = run(config([reads(TWO_Q_EXAMPLE)], 4, { name: "2q" }));
    expect(report.totals.faults).toBe(13);
    expect(residentPages(kernel)).toEqual([2, 3, 6, 9]);
    expect((pagers[0] as TwoQ).ghosts()).toEqual([7, 8]);
  });

  it("Kin and Kout are fractions of the application's frames", () => {
    // Kin = 0.5 * 4 = 2, Kout = 1 * 4 = 4 on the same string.
    const m = twoQModel(TWO_Q_EXAMPLE, 4, 2, 4);
    const q = twoQPager.create({ kin: 0.5, kout: 1 }) as TwoQ;
    const r = simulate(q, TWO_Q_EXAMPLE, 4);
    expect([r.faults, r.evicted, q.ghosts()]).toEqual([m.faults, m.evicted, m.a1out]);
    expect(r.evicted).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8, 1]);
  });
});

describe("ARC and 2Q agree with the papers' pseudocode on any reference string", () => {
  const refString = fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 150 });
  const frames = fc.integer({ min: 1, max: 8 });

  it("ARC: same faults, same victims, same p and ghost lists as the Fig. 4 model", () => {
    fc.assert(
      fc.property(refString, frames, (refs, c) => {
        const arc = arcPager.create() as Arc;
        const r = simulate(arc, refs, c);
        const m = arcModel(refs, c);
        expect(r.faults).toBe(m.faults);
        expect(r.evicted).toEqual(m.evicted);
        expect(arc.state()).toEqual({ p: m.p, b1: m.b1, b2: m.b2 });
      }),
      { numRuns: 400 },
    );
  });

  it("2Q: same faults, same victims, same A1out as the Fig. 2 model, for several Kin/Kout", () => {
    fc.assert(
      fc.property(
        refString,
        frames,
        fc.constantFrom(0, 0.25, 0.5, 1),
        fc.constantFrom(0, 0.5, 1, 2),
        (refs, c, kin, kout) => {
          const q = twoQPager.create({ kin, kout }) as TwoQ;
          const r = simulate(q, refs, c);
          const m = twoQModel(refs, c, Math.floor(kin * c), Math.floor(kout * c));
          expect(r.faults).toBe(m.faults);
          expect(r.evicted).toEqual(m.evicted);
          expect(q.ghosts()).toEqual(m.a1out);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("through the whole kernel (reads only: every fault a zero-fill), ARC and 2Q fault as their models", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 11 }), { maxLength: 80 }),
        fc.integer({ min: 1, max: 6 }),
        (refs, c) => {
          expect(run(config([reads(refs)], c, { name: "arc" })).report.totals.faults).toBe(arcModel(refs, c).faults);
          expect(run(config([reads(refs)], c, { name: "2q" })).report.totals.faults).toBe(
            twoQModel(refs, c, Math.floor(c / 4), Math.floor(c / 2)).faults,
          );
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe("state kept across foreign changes", () => {
  it("a page that vanished from a frame behind the pager's back (an extension chose the victim) is not mistaken for the new one", () => {
    const v = new FakeView(3, 1);
    for (let f = 0; f < 3; f++) {
      v.owners[f] = SPACE;
      v.vpns[f] = f;
      v.counts[f] = 3; // all in T2
      v.loaded[f] = f;
      v.accessed[f] = 10 + f;
    }
    const arc = arcPager.create() as Arc;
    v.incomingVpn = 7;
    expect(arc.chooseVictim(v)).toBe(0); // T2's LRU
    // Someone else replaced frame 1's page with page 9, used once: ARC sees it as new, in T1.
    v.vpns[1] = 9;
    v.loaded[1] = 20;
    v.accessed[1] = 20;
    v.counts[1] = 1;
    v.vpns[0] = 7;
    v.loaded[0] = 21;
    v.accessed[0] = 21;
    v.counts[0] = 1;
    v.incomingVpn = 8;
    // |T1| = 2 > p = 0: T1's LRU, page 9 in frame 1.
    expect(arc.chooseVictim(v)).toBe(1);
  });
});
