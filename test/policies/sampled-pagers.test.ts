import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { agingPager } from "../../policies/pagers/aging.js";
import { nfuPager } from "../../policies/pagers/nfu.js";
import { createPager } from "../../policies/index.js";
import { FakeView, faults, simulate, SPACE, OTHER_SPACE } from "./harness.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { compute, config, MS, policies, read, resident, run, write, type Op } from "./kernel-run.js";
import { lfuModel } from "./reference-models.js";
import type { PagerPolicy, PagerView } from "../../kernel/policy.js";
import { loadWorkload } from "../../workloads/index.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

type Aging = ReturnType<typeof agingPager.create>;
type Nfu = ReturnType<typeof nfuPager.create>;

/**
 * Tanenbaum & Bos, Modern Operating Systems (4th ed.), Fig. 3-17: six pages, the R bits at five
 * clock ticks (a)-(e), and the 8-bit aging counters after each. Rows are ticks, columns pages 0-5.
 */
const FIG_3_17_R = [
  [1, 0, 1, 0, 1, 1],
  [1, 1, 0, 0, 1, 0],
  [1, 1, 0, 1, 0, 1],
  [1, 0, 0, 0, 1, 0],
  [0, 1, 1, 0, 0, 0],
];
/** The counters of Fig. 3-17 (e): 01111000 10110000 10001000 00100000 01011000 00101000. */
const FIG_3_17_E = [0b01111000, 0b10110000, 0b10001000, 0b00100000, 0b01011000, 0b00101000];
/** What NFU's counters are after the same ticks: the number of ticks each R bit was set. */
const NFU_COUNTS = [4, 3, 2, 1, 3, 2];

function sixPages(): FakeView {
  const v = new FakeView(6, 1);
  for (let f = 0; f < 6; f++) {
    v.owners[f] = SPACE;
    v.vpns[f] = f;
  }
  return v;
}

describe("Aging and NFU (Tanenbaum & Bos, 3.4.7)", () => {
  it("Aging's counters after the five ticks of Fig. 3-17 are the figure's, and page 3 is the victim", () => {
    const v = sixPages();
    const aging = agingPager.create({ bits: 8 }) as Aging;
    for (const bits of FIG_3_17_R) {
      bits.forEach((r, f) => (v.refs[f] = r === 1));
      aging.tick(v);
      expect(v.refs.every((r) => !r)).toBe(true); // each tick clears R
    }
    expect([0, 1, 2, 3, 4, 5].map((f) => aging.counter(f))).toEqual(FIG_3_17_E);
    expect(aging.chooseVictim(v)).toBe(3);
  });

  it("NFU counts the same ticks as 4, 3, 2, 1, 3, 2 and also evicts page 3", () => {
    const v = sixPages();
    const nfu = nfuPager.create() as Nfu;
    for (const bits of FIG_3_17_R) {
      bits.forEach((r, f) => (v.refs[f] = r === 1));
      nfu.tick(v);
    }
    expect([0, 1, 2, 3, 4, 5].map((f) => nfu.counter(f))).toEqual(NFU_COUNTS);
    expect(nfu.chooseVictim(v)).toBe(3);
  });

  it("NFU never forgets, Aging does: a page busy long ago is kept by NFU and evicted by Aging", () => {
    // Page 0 referenced at 6 ticks, then never; page 1 at the last 3 ticks only.
    const pattern = [
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 1],
      [0, 1],
      [0, 1],
    ];
    const run = (p: Aging | Nfu) => {
      const v = sixPages();
      for (let f = 2; f < 6; f++) v.owners[f] = OTHER_SPACE;
      for (const [a, b] of pattern) {
        v.refs[0] = a === 1;
        v.refs[1] = b === 1;
        p.tick(v);
      }
      return p.chooseVictim(v);
    };
    expect(run(nfuPager.create() as Nfu)).toBe(1); // 6 > 3: the old page stays
    expect(run(agingPager.create() as Aging)).toBe(0); // 00000111 < 11100000
  });

  it("the counter width is an option: with 2 bits history older than 2 ticks is gone", () => {
    const v = sixPages();
    const aging = agingPager.create({ bits: 2 }) as Aging;
    for (const bits of FIG_3_17_R) {
      bits.forEach((r, f) => (v.refs[f] = r === 1));
      aging.tick(v);
    }
    // Only ticks (d) and (e) are left: counter = 2 * R(e) + R(d).
    expect([0, 1, 2, 3, 4, 5].map((f) => aging.counter(f))).toEqual([1, 2, 2, 0, 1, 0]);
    // Pages 3 and 5 tie at 0, neither referenced since the last tick, both mapped at time 0: the
    // lower frame goes.
    expect(aging.chooseVictim(v)).toBe(3);
  });

  it("ties: a page referenced since the last tick is kept; then the page mapped first goes", () => {
    const v = sixPages();
    const aging = agingPager.create() as Aging;
    v.loaded.splice(0, 6, 5, 4, 3, 2, 1, 6);
    v.refs.splice(0, 6, false, false, false, false, true, false);
    // No tick yet: every counter is 0. Page 4 (loaded first) is referenced; page 3 is next oldest.
    expect(aging.chooseVictim(v)).toBe(3);
  });

  it("ticks skip frames of other spaces and busy frames, and leave their R bits alone", () => {
    const v = sixPages();
    v.owners[1] = OTHER_SPACE;
    v.busyBits[2] = true;
    v.refs.fill(true);
    const aging = agingPager.create() as Aging;
    aging.tick(v);
    expect(v.refs).toEqual([false, true, true, false, false, false]);
    expect([aging.counter(0), aging.counter(1), aging.counter(2)]).toEqual([128, 0, 0]);
  });

  /**
   * Fig. 3-17 through the whole kernel, with a tick every 1 ms: first the six pages are touched
   * (one tick sees them all referenced: every counter gets a 1 that is 128 >> 5 = 4 by the end),
   * then in each of the next five tick intervals the thread reads the pages whose R bit is 1 in
   * that row of the figure, and computes past the tick. After tick (e) a seventh page faults.
   */
  function fig317Ops(): Op[] {
    const ops: Op[] = [0, 1, 2, 3, 4, 5].map(read);
    ops.push(compute(MS));
    for (const bits of FIG_3_17_R) {
      bits.forEach((r, page) => r === 1 && ops.push(read(page)));
      ops.push(compute(MS));
    }
    ops.push(read(6));
    return ops;
  }

  it("through the kernel: the counters are the figure's plus 4, and the fault on a seventh page evicts page 3", () => {
    const { kernel, report, pagers } = run(
      config([{ ops: fig317Ops() }], 6, { name: "aging", options: { tickNs: MS } }),
    );
    const aging = pagers[0] as Aging;
    expect(report.totals.faults).toBe(7);
    expect(resident(kernel, 3)).toBe(false);
    for (const page of [0, 1, 2, 4, 5, 6]) expect(resident(kernel, page), `page ${page}`).toBe(true);
    // Frames 0-5 held pages 0-5; page 6 took frame 3.
    expect([0, 1, 2, 4, 5].map((f) => aging.counter(f))).toEqual([0, 1, 2, 4, 5].map((p) => FIG_3_17_E[p]! + 4));
  });

  it("through the kernel, NFU evicts page 3 too; FIFO and LRU evict page 0", () => {
    const evicted = (name: string, options?: Record<string, unknown>) => {
      const { kernel } = run(config([{ ops: fig317Ops() }], 6, options ? { name, options } : { name }));
      return [0, 1, 2, 3, 4, 5].filter((p) => !resident(kernel, p));
    };
    expect(evicted("nfu", { tickNs: MS })).toEqual([3]);
    expect(evicted("fifo")).toEqual([0]);
    // LRU evicts page 3 as well: pages 3 and 5 were last read in row (c), which reads 0 1 3 5 in
    // that order, so page 3's last access is the oldest.
    expect(evicted("lru")).toEqual([3]);
  });
});

describe("the kernel's pager clock", () => {
  /** Runs `ops` with an aging pager whose ticks are recorded: [elapsed, time] per call. */
  function ticksOf(ops: Op[], tickNs: number): { calls: [number, number][]; simulatedNs: number } {
    const calls: [number, number][] = [];
    const provider = {
      createPager: (choice: Parameters<typeof policies.createPager>[0]) => {
        const pager = policies.createPager(choice) as Aging;
        const tick = pager.tick.bind(pager);
        pager.tick = (view, elapsed = 1) => {
          calls.push([elapsed, view.now]);
          tick(view, elapsed);
        };
        return pager;
      },
      createScheduler: policies.createScheduler,
    };
    const report = new Kernel(config([{ ops }], 4, { name: "aging", options: { tickNs } }), provider).run({
      check: true,
    });
    expect(report.check.ok).toBe(true);
    return { calls, simulatedNs: report.simulatedNs };
  }

  it("ticks fall on the grid while the application works, each with elapsed 1", () => {
    const ops: Op[] = [];
    for (let i = 0; i < 5; i++) ops.push(read(i % 3), compute(MS));
    const { calls } = ticksOf(ops, MS);
    expect(calls.map(([e]) => e)).toEqual([1, 1, 1, 1, 1]);
    expect(calls.map(([, t]) => t / MS)).toEqual([1, 2, 3, 4, 5]);
  });

  it("a 1 ns tick over a 2 s computation costs a handful of ticks, not two billion: the clock parks while nothing is done", () => {
    const { calls, simulatedNs } = ticksOf([read(0), read(1), compute(2000 * MS), read(2), read(0)], 1);
    expect(simulatedNs).toBeGreaterThan(2000 * MS);
    expect(calls.length).toBeLessThanOrEqual(4);
    // The tick after the computation reports the grid points that passed meanwhile.
    expect(Math.max(...calls.map(([e]) => e))).toBeGreaterThan(1_000_000);
  });

  it("Aging: elapsed k is k - 1 ticks that only shift, then one with the R bits", () => {
    const once = sixPages();
    const step = sixPages();
    const a = agingPager.create() as Aging;
    const b = agingPager.create() as Aging;
    for (const v of [once, step]) v.refs.fill(true);
    a.tick(once, 1);
    b.tick(step, 1);
    once.refs.splice(0, 6, true, false, true, false, false, false);
    step.refs.splice(0, 6, true, false, true, false, false, false);
    a.tick(once, 3);
    const saved = [...step.refs];
    step.refs.fill(false);
    b.tick(step, 1);
    b.tick(step, 1);
    step.refs.splice(0, 6, ...saved);
    b.tick(step, 1);
    expect([0, 1, 2, 3, 4, 5].map((f) => a.counter(f))).toEqual([0, 1, 2, 3, 4, 5].map((f) => b.counter(f)));
    expect(a.counter(0)).toBe(128 + 16); // 128, two idle shifts to 32, then 16 + 128
  });
});

describe("a tick costs what the application did since the last one (red team 2, finding 5)", () => {
  /**
   * The red team's scenario: as many frames as pages, a scan of them, and a tick every simulated
   * nanosecond, so a tick comes after nearly every operation. A tick that visited every frame made
   * the run cost operations × frames (nfu: 40,000 frames 40.8 s; 1,000,000 never finished).
   * Counted: the frames the pager looks at in its ticks. A view that counts them throws past
   * the bound, so the test fails at once instead of running for minutes.
   */
  function tickVisits(pager: string, frames: number): { visits: number; ops: number } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-ticks-"));
    const file = path.join(dir, "ticks.json");
    fs.writeFileSync(
      file,
      JSON.stringify({
        name: "ticks",
        frames,
        apps: [
          {
            name: "a",
            pager: { name: pager, options: { tickNs: 1 } },
            threads: [{ name: "t", workload: { type: "scan", pages: frames } }],
          },
        ],
      }),
    );
    const cfg = loadWorkload(file);
    fs.rmSync(dir, { recursive: true, force: true });
    const ops = cfg.apps[0]!.threads[0]!.ops.length;
    const bound = 4 * ops;
    let visits = 0;
    const counting = (view: PagerView): PagerView =>
      new Proxy(view, {
        get(target, key) {
          const v: unknown = Reflect.get(target, key, target);
          if (key !== "candidate" || typeof v !== "function") return typeof v === "function" ? v.bind(target) : v;
          return (f: number) => {
            if (++visits > bound) throw new Error(`ticks looked at more than ${bound} frames for ${ops} operations`);
            return (v as (f: number) => boolean).call(target, f);
          };
        },
      });
    const provider = {
      createPager: (choice: Parameters<typeof policies.createPager>[0]): PagerPolicy => {
        const inner = policies.createPager(choice);
        const tick = inner.tick!.bind(inner);
        return Object.assign(Object.create(inner) as PagerPolicy, {
          tick: (view: PagerView, elapsed: number, referenced?: ArrayLike<number>) =>
            tick(counting(view), elapsed, referenced),
        });
      },
      createScheduler: policies.createScheduler,
    };
    // (No invariant checks after every fault: they walk every frame too.)
    const report = new Kernel(cfg, provider).run({ check: false });
    expect(report.totals.faults).toBe(ops);
    return { visits, ops };
  }

  for (const pager of ["nfu", "aging"]) {
    it(`${pager}, tickNs 1, 20,000 frames: the ticks look at a few frames per operation, not every frame`, () => {
      const { visits, ops } = tickVisits(pager, 20_000);
      expect(ops).toBe(20_000);
      // Every operation references one new page: each tick sees the one or two frames referenced since the last.
      expect(visits).toBeLessThanOrEqual(2 * ops);
      expect(visits).toBeGreaterThan(0);
    });
  }
});

describe("LFU (O'Neil, O'Neil & Weikum 1993)", () => {
  it("evicts the candidate with the fewest references; ties to the least recently used, then the lowest frame", () => {
    const v = new FakeView(5, 1);
    const rows = [
      { count: 4, last: 9 },
      { count: 1, last: 7, owner: OTHER_SPACE },
      { count: 2, last: 8 },
      { count: 2, last: 5 },
      { count: 1, last: 1, busy: true },
    ];
    rows.forEach((r, f) => {
      v.owners[f] = r.owner ?? SPACE;
      v.busyBits[f] = r.busy ?? false;
      v.counts[f] = r.count;
      v.accessed[f] = r.last;
    });
    expect(createPager({ name: "lfu" }).chooseVictim(v)).toBe(3);
  });

  /**
   * The weakness O'Neil et al. point out: reference counts never age. Page 0 is read ten times,
   * then the program moves on to a loop over pages 1-4 with 3 frames. LFU keeps page 0 for ever and
   * the loop faults on every reference in the 2 frames left: 1 + 12 faults. LRU evicts page 0 at
   * once, but a 4-page loop in 3 frames faults on every reference under LRU too: also 13.
   */
  const HOT_THEN_LOOP = [...Array(10).fill(0), 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4];

  it("a page hot long ago stays resident (harness and whole kernel agree)", () => {
    expect(simulate(createPager({ name: "lfu" }), HOT_THEN_LOOP, 3).faults).toBe(13);
    expect(lfuModel(HOT_THEN_LOOP, 3).faults).toBe(13);
    const { kernel, report } = run(config([{ ops: HOT_THEN_LOOP.map(read) }], 3, { name: "lfu" }));
    expect(report.totals.faults).toBe(13);
    expect(resident(kernel, 0)).toBe(true);
    const lru = run(config([{ ops: HOT_THEN_LOOP.map(read) }], 3, { name: "lru" }));
    expect(lru.report.totals.faults).toBe(13);
    expect(resident(lru.kernel, 0)).toBe(false);
  });

  it("the kernel counts hits for a pager that sets countsAccesses, and only then", () => {
    const seen = (counts: boolean) => {
      const probe: number[] = [];
      const provider = {
        createPager: () => ({
          name: "probe",
          countsAccesses: counts,
          chooseVictim: (view: import("../../kernel/policy.js").PagerView) => {
            for (let f = 0; f < view.frameCount; f++) probe.push(view.accesses(f));
            return 0;
          },
        }),
        createScheduler: policies.createScheduler,
      };
      // Page 0 read 5 times, page 1 twice, then page 2 faults with 2 frames.
      new Kernel(config([{ ops: [0, 0, 0, 0, 0, 1, 1, 2].map(read) }], 2), provider).run();
      return probe;
    };
    expect(seen(true)).toEqual([5, 2]);
    expect(seen(false)).toEqual([0, 0]);
  });

  it("counts every reference, not sampled bits: agrees with a plain LFU on random strings, in the harness and the kernel", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 100 }),
        fc.integer({ min: 1, max: 6 }),
        (refs, c) => {
          const m = lfuModel(refs, c);
          const r = simulate(createPager({ name: "lfu" }), refs, c);
          expect([r.faults, r.evicted]).toEqual([m.faults, m.evicted]);
          expect(run(config([{ ops: refs.map(read) }], c, { name: "lfu" })).report.totals.faults).toBe(m.faults);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("WSClock (Carr & Hennessy 1981; Tanenbaum & Bos 3.4.9)", () => {
  /**
   * In the manner of Tanenbaum & Bos Fig. 3-21: a circle of pages with their time of last use and R
   * bit, the current time 2204 and tau = 500. Frame: (time of last use, R, dirty).
   */
  function circle(rows: readonly (readonly [number, boolean, boolean])[]): FakeView {
    const v = new FakeView(rows.length, 1);
    rows.forEach(([used, r, dirty], f) => {
      v.owners[f] = SPACE;
      v.vpns[f] = 100 + f;
      v.loaded[f] = used; // a page the pager has not seen starts with time of last use = load time
      v.refs[f] = r;
      v.dirtyBits[f] = dirty;
    });
    v.now = 2204;
    return v;
  }

  it("R = 1: the bit is cleared, the time of last use set to now, and the hand moves on; an old clean page is the victim", () => {
    const v = circle([
      [2084, true, false],
      [2003, true, false],
      [1620, false, false],
      [2032, true, false],
      [1213, false, false],
    ]);
    const ws = createPager({ name: "wsclock", options: { tauNs: 500 } });
    // Hand at 0: 2084 and 2003 are referenced (cleared, now 2204); 1620 is 584 > tau old and clean.
    expect(ws.chooseVictim(v)).toBe(2);
    expect(v.refs).toEqual([false, false, false, true, false]);
    // The hand is at 3: 2032 is referenced (cleared), 1213 is old and clean.
    expect(ws.chooseVictim(v)).toBe(4);
    // Round again from 0: pages 0, 1 and 3 were used at 2204, inside the window; every page is in
    // the working set, so the clean page unused longest goes: frame 2 (still 1620 by its stamp).
    expect(ws.chooseVictim(v)).toBe(2);
  });

  it("an old dirty page is passed over for an old clean one further on; taken when there is none", () => {
    const v = circle([
      [1000, false, true],
      [2100, false, false],
      [1100, false, false],
    ]);
    expect(createPager({ name: "wsclock", options: { tauNs: 500 } }).chooseVictim(v)).toBe(2);
    const w = circle([
      [1000, false, true],
      [2100, false, false],
      [1100, false, true],
    ]);
    expect(createPager({ name: "wsclock", options: { tauNs: 500 } }).chooseVictim(w)).toBe(0);
  });

  it("every page in the working set and dirty: the page under the hand", () => {
    const v = circle([
      [2200, false, true],
      [2100, true, true],
      [2150, false, true],
    ]);
    expect(createPager({ name: "wsclock", options: { tauNs: 500, hand: 1 } }).chooseVictim(v)).toBe(1);
  });

  /**
   * Through the kernel, 4 frames, tau = 10 ms. Pages 0-3 are touched (page 1 written). Page 4's
   * fault sweeps from frame 0: all four are referenced, so all are cleared and stamped; none is old,
   * so the clean page unused longest from the hand goes: page 0 (frame 0). After 20 ms of computing,
   * page 3 is read again and page 5 faults: the sweep from frame 1 meets page 1 (old but dirty:
   * passed) and page 2 (old and clean: the victim). Clock evicts page 1 and writes it back.
   */
  const ops: Op[] = [read(0), write(1), read(2), read(3), read(4), compute(20 * MS), read(3), read(5)];

  it("through the kernel: the old clean page goes, the old dirty one stays, nothing is written back", () => {
    const { kernel, report } = run(config([{ ops }], 4, { name: "wsclock", options: { tauNs: 10 * MS } }));
    expect([0, 1, 2, 3, 4, 5].map((p) => resident(kernel, p))).toEqual([false, true, false, true, true, true]);
    expect(report.totals.writeBacks).toBe(0);
    const clock = run(config([{ ops }], 4, { name: "clock" }));
    expect(resident(clock.kernel, 1)).toBe(false);
    expect(clock.report.totals.writeBacks).toBe(1);
  });
});

describe("the sampled pagers in the reference-string harness", () => {
  it("with a tick after every reference, aging keeps the most recently used pages, like LRU, on the textbook strings", () => {
    const SGG = [7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1];
    // Ticks every reference, 32-bit counters: the counter order is the recency order, so aging
    // makes LRU's choices (12 faults with 3 frames, 8 with 4).
    expect(faults(createPager({ name: "aging", options: { tickNs: 1, bits: 32 } }), SGG, 3)).toBe(12);
    expect(faults(createPager({ name: "aging", options: { tickNs: 1, bits: 32 } }), SGG, 4)).toBe(8);
  });
});
