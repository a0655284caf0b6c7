import { describe, expect, it } from "vitest";
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { createPager, pagers } from "../../policies/index.js";
import { FakeView, faults, simulate, SPACE, OTHER_SPACE } from "./harness.js";

const BELADY = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5];
/** Silberschatz, Galvin & Gagne, Operating System Concepts, ch. 9/10. */
const SGG = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];

const pager = (name: string, options?: Record<string, unknown>): PagerPolicy =>
  createPager(options === undefined ? { name } : { name, options });

describe("textbook reference strings", () => {
  it("FIFO shows Belady's anomaly: 9 faults with 3 frames, 10 with 4", () => {
    expect(faults(pager("fifo"), BELADY, 3)).toBe(9);
    expect(faults(pager("fifo"), BELADY, 4)).toBe(10);
  });

  it("LRU and OPT on Belady's string: no anomaly (10 -> 8, 7 -> 6)", () => {
    expect(faults(pager("lru"), BELADY, 3)).toBe(10);
    expect(faults(pager("lru"), BELADY, 4)).toBe(8);
    expect(faults(pager("opt"), BELADY, 3)).toBe(7);
    expect(faults(pager("opt"), BELADY, 4)).toBe(6);
  });

  it("SGG string with 3 frames: FIFO 15, LRU 12, OPT 9", () => {
    expect(faults(pager("fifo"), SGG, 3)).toBe(15);
    expect(faults(pager("lru"), SGG, 3)).toBe(12);
    expect(faults(pager("opt"), SGG, 3)).toBe(9);
  });

  it("SGG string with 4 frames: FIFO 10, LRU 8, OPT 8", () => {
    expect(faults(pager("fifo"), SGG, 4)).toBe(10);
    expect(faults(pager("lru"), SGG, 4)).toBe(8);
    expect(faults(pager("opt"), SGG, 4)).toBe(8);
  });

  /*
   * Clock on SGG with 3 frames, by hand. A load sets the reference bit (the page is being
   * accessed); the hand starts at frame 0. State is [page:bit, ...], h = hand, * = fault.
   *
   *   7* [7:1 - -]   0* [7:1 0:1 -]   1* [7:1 0:1 1:1]
   *   2* sweep clears 7,0,1, comes round, takes f0 -> [2:1 0:0 1:0] h1
   *   0  hit -> [2:1 0:1 1:0]
   *   3* f1 (0:1) cleared, f2 (1:0) taken -> [2:1 0:0 3:1] h0
   *   0  hit -> [2:1 0:1 3:1]
   *   4* all cleared, round to f0 -> [4:1 0:0 3:0] h1
   *   2* f1 (0:0) taken -> [4:1 2:1 3:0] h2
   *   3  hit -> [4:1 2:1 3:1]
   *   0* all cleared, round to f2 -> [4:0 2:0 0:1] h0
   *   3* f0 (4:0) taken -> [3:1 2:0 0:1] h1
   *   2  hit -> [3:1 2:1 0:1]
   *   1* all cleared, round to f1 -> [3:0 1:1 0:0] h2
   *   2* f2 (0:0) taken -> [3:0 1:1 2:1] h0
   *   0* f0 (3:0) taken -> [0:1 1:1 2:1] h1
   *   1  hit
   *   7* all cleared, round to f1 -> [0:0 7:1 2:0] h2
   *   0  hit -> [0:1 7:1 2:0]
   *   1* f2 (2:0) taken -> [0:1 7:1 1:1] h0
   *
   * 14 faults, evicting pages 7, 1, 2, 0, 3, 4, 2, 0, 3, 1, 2 from frames 0, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2.
   */
  it("Clock on the SGG string with 3 frames: 14 faults, victims as computed by hand", () => {
    const r = simulate(pager("clock"), SGG, 3);
    expect(r.faults).toBe(14);
    expect(r.evicted).toEqual([7, 1, 2, 0, 3, 4, 2, 0, 3, 1, 2]);
    expect(r.victims).toEqual([0, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
  });

  it("Clock on Belady's string: 9 faults with 3 frames, 10 with 4 (as FIFO: every page is referenced when swept)", () => {
    expect(faults(pager("clock"), BELADY, 3)).toBe(9);
    expect(faults(pager("clock"), BELADY, 4)).toBe(10);
    expect(faults(pager("clock"), SGG, 4)).toBe(9);
  });

  it("OPT evicts exactly what Belady's rule says on the SGG string", () => {
    // Textbook OPT victims with 3 frames: 7, 1, 0, 4, 3, 2 (pages), 9 faults.
    expect(simulate(pager("opt"), SGG, 3).evicted).toEqual([7, 1, 0, 4, 3, 2]);
  });
});

/** A hand-built frame table for unit tests of one eviction. */
function table(
  rows: readonly { owner?: number; busy?: boolean; ref?: boolean; loaded?: number; access?: number; next?: number }[],
) {
  const v = new FakeView(rows.length, 7);
  rows.forEach((r, f) => {
    v.owners[f] = r.owner ?? SPACE;
    v.busyBits[f] = r.busy ?? false;
    v.refs[f] = r.ref ?? false;
    v.loaded[f] = r.loaded ?? 0;
    v.accessed[f] = r.access ?? 0;
    v.nextIndex[f] = r.next ?? Infinity;
    v.vpns[f] = 100 + f;
  });
  return v;
}

describe("single evictions", () => {
  it("FIFO: smallest loadedAt among candidates, ties to the lowest frame", () => {
    const v = table([
      { loaded: 1, owner: OTHER_SPACE },
      { loaded: 5 },
      { loaded: 2, busy: true },
      { loaded: 3 },
      { loaded: 3 },
    ]);
    expect(pager("fifo").chooseVictim(v)).toBe(3);
  });

  it("LRU: smallest lastAccess among candidates, ties to the lowest frame", () => {
    const v = table([{ access: 9 }, { access: 1, owner: -1 }, { access: 4 }, { access: 4 }, { access: 0, busy: true }]);
    expect(pager("lru").chooseVictim(v)).toBe(2);
  });

  it("OPT: largest nextUse, never-used first, ties to the lowest frame", () => {
    expect(pager("opt").chooseVictim(table([{ next: 3 }, { next: 9 }, { next: 9 }, { next: 1 }]))).toBe(1);
    expect(
      pager("opt").chooseVictim(
        table([{ next: 3 }, { next: Infinity, busy: true }, { next: Infinity }, { next: Infinity }]),
      ),
    ).toBe(2);
  });

  it("Clock: clears referenced candidates as it passes and leaves the hand past the victim", () => {
    const v = table([
      { ref: true },
      { ref: true, owner: OTHER_SPACE },
      { ref: true },
      { ref: false, busy: true },
      { ref: false },
      { ref: false },
    ]);
    const clock = pager("clock");
    expect(clock.chooseVictim(v)).toBe(4);
    expect(v.refs).toEqual([false, true, false, false, false, false]); // the other space's bit untouched
    // The hand is at 5 now.
    expect(clock.chooseVictim(v)).toBe(5);
    // Hand at 0: wraps, 0 and 2 are unreferenced now.
    expect(clock.chooseVictim(v)).toBe(0);
    expect(clock.chooseVictim(v)).toBe(2);
  });

  it("Clock: every candidate referenced -> one full turn, then the frame the hand started at", () => {
    const v = table([{ ref: true }, { ref: true }, { ref: true }, { ref: true }]);
    expect(pager("clock", { hand: 2 }).chooseVictim(v)).toBe(2);
    expect(v.refs).toEqual([false, false, false, false]);
  });

  it("Clock terminates even if the reference bits never clear", () => {
    const v = table([{ ref: true, owner: OTHER_SPACE }, { ref: true }, { ref: true, busy: true }, { ref: true }]);
    const stuck: PagerView = Object.assign(Object.create(v) as FakeView, { clearReferenced: () => {} });
    const clock = pager("clock", { hand: 2 });
    expect(clock.chooseVictim(stuck)).toBe(3);
    expect(clock.chooseVictim(stuck)).toBe(1); // hand moved past 3, wraps to the first candidate
  });

  it("Clock's hand option is taken modulo frameCount", () => {
    expect(pager("clock", { hand: 7 }).chooseVictim(table([{}, {}, {}]))).toBe(1);
  });

  it("each createPager call is a fresh instance: Clock hands are per application", () => {
    const v = table([{}, {}, {}]);
    const a = pager("clock");
    const b = pager("second-chance");
    expect([a.chooseVictim(v), a.chooseVictim(v), b.chooseVictim(v)]).toEqual([0, 1, 0]);
  });

  it("Random: uniform over candidates only, one draw per eviction", () => {
    const counts = [0, 0, 0, 0, 0, 0];
    const v = table([{}, { owner: OTHER_SPACE }, {}, { busy: true }, {}, {}]);
    let draws = 0;
    const counting: PagerView = Object.assign(Object.create(v) as FakeView, {
      random: () => {
        draws++;
        return v.random();
      },
    });
    const rnd = pager("random");
    for (let i = 0; i < 4000; i++) counts[rnd.chooseVictim(counting)]!++;
    expect(draws).toBe(4000);
    expect(counts[1]).toBe(0);
    expect(counts[3]).toBe(0);
    for (const f of [0, 2, 4, 5]) expect(Math.abs(counts[f]! - 1000)).toBeLessThan(150);
  });

  it("Random copes with random() returning exactly 1 or 0", () => {
    const v = table([{}, { owner: OTHER_SPACE }, {}]);
    expect(pager("random").chooseVictim(Object.assign(Object.create(v) as FakeView, { random: () => 1 }))).toBe(2);
    expect(pager("random").chooseVictim(Object.assign(Object.create(v) as FakeView, { random: () => 0 }))).toBe(0);
  });

  it("every pager throws (rather than return a non-candidate) if the space has no candidate", () => {
    const v = table([{ owner: OTHER_SPACE }, { busy: true }, { owner: -1 }]);
    for (const name of Object.keys(pagers)) {
      expect(() => pager(name).chooseVictim(v), name).toThrow(/no candidate frame for space 1 among 3 frames/);
    }
  });

  it("every pager's instance name is its canonical name", () => {
    for (const [name, factory] of Object.entries(pagers)) expect(factory.create().name).toBe(name);
  });
});
