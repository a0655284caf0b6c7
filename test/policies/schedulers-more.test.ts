import { describe, expect, it } from "vitest";
import type { SchedulerPolicy } from "../../kernel/policy.js";
import { createScheduler } from "../../policies/index.js";
import { mlfqScheduler } from "../../policies/schedulers/mlfq.js";
import { strideScheduler } from "../../policies/schedulers/stride.js";
import { compute, config, finishMs, MS, run } from "./kernel-run.js";
import { FakeSchedulerView, order, runJobs } from "./scheduler-harness.js";

const sched = (name: string, options?: Record<string, unknown>): SchedulerPolicy =>
  createScheduler(options === undefined ? { name } : { name, options });
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("SJF and STCF (OSTEP ch. 7)", () => {
  // OSTEP Fig. 7.2 / 7.3: A = 100, B = 10, C = 10, all arriving at 0 (thread ids 0, 1, 2).
  const jobs = [
    { thread: 0, bursts: [100] },
    { thread: 1, bursts: [10] },
    { thread: 2, bursts: [10] },
  ];

  it("Fig. 7.3: SJF runs B, C, A; average turnaround 50 (FIFO: 110)", () => {
    const sjf = runJobs(sched("sjf"), jobs);
    expect([...sjf.finished.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 120],
      [1, 10],
      [2, 20],
    ]);
    expect(mean([...sjf.finished.values()])).toBe(50);
    expect(mean([...runJobs(sched("fifo"), jobs).finished.values()])).toBe(110);
  });

  it("Fig. 7.4 / 7.5: with B and C arriving at 10, SJF averages 103.33 and STCF 50", () => {
    const late = [jobs[0]!, { ...jobs[1]!, arrival: 10 }, { ...jobs[2]!, arrival: 10 }];
    const sjf = runJobs(sched("sjf"), late);
    expect([sjf.finished.get(0), sjf.finished.get(1), sjf.finished.get(2)]).toEqual([100, 110, 120]);
    expect(mean([100 - 0, 110 - 10, 120 - 10])).toBeCloseTo(103.33, 2);
    const stcf = runJobs(sched("stcf"), late);
    expect([stcf.finished.get(0), stcf.finished.get(1), stcf.finished.get(2)]).toEqual([120, 20, 30]);
    expect(mean([120 - 0, 20 - 10, 30 - 10])).toBe(50);
    expect(sched("srtf").name).toBe("stcf");
  });

  it("Fig. 7.3 through the whole kernel: three compute-only threads finish at 10, 20 and 120 ms", () => {
    const threads = [{ ops: [compute(100 * MS)] }, { ops: [compute(10 * MS)] }, { ops: [compute(10 * MS)] }];
    expect(finishMs(run(config(threads, 4, undefined, { name: "sjf" })).kernel)).toEqual([120, 10, 20]);
    expect(finishMs(run(config(threads, 4, undefined, { name: "stcf" })).kernel)).toEqual([120, 10, 20]);
    expect(finishMs(run(config(threads, 4, undefined, { name: "fifo" })).kernel)).toEqual([100, 110, 120]);
  });

  it("workLeft counts compute time and one access per reference, and what is left of a cut compute op", () => {
    // Thread 0: 25 ms of compute plus 1000 reads (10 ns each) = 25.01 ms; thread 1: 25 ms flat.
    // STCF starts thread 1 (less work), and after one quantum thread 1 has 15 ms left: it keeps going.
    const reads = Array.from({ length: 1000 }, (_, i) => [0, (i % 4) * 4096] as const);
    const threads = [{ ops: [compute(25 * MS), ...reads] }, { ops: [compute(25 * MS)] }];
    const [t0, t1] = finishMs(run(config(threads, 8, undefined, { name: "stcf" })).kernel);
    expect(t1).toBe(25);
    expect(t0).toBeGreaterThan(50);
  });

  it("STCF takes the CPU for a thread that becomes ready with less work left; SJF does not", () => {
    // Thread 1 first waits for an I/O of its own (tens of ms of disk), then needs 10 ms; thread 0
    // needs 100 ms. Both start by picking thread 1 (less work), which blocks at once.
    const threads = [{ ops: [compute(100 * MS)] }, { ops: [[3, 1] as const, compute(10 * MS)] }];
    const [alone] = finishMs(run(config([threads[1]!], 4, undefined, { name: "stcf" })).kernel);
    const stcf = finishMs(run(config(threads, 4, undefined, { name: "stcf" })).kernel);
    const sjf = finishMs(run(config(threads, 4, undefined, { name: "sjf" })).kernel);
    // STCF: thread 1 waits at most for the quantum running when its I/O completes.
    expect(stcf[1]).toBeGreaterThan(alone!);
    expect(stcf[1]).toBeLessThanOrEqual(alone! + 10);
    expect(stcf[0]).toBe(110);
    // SJF: thread 0 keeps the CPU to the end.
    expect(sjf).toEqual([100, 110]);
  });
});

describe("MLFQ (OSTEP ch. 8)", () => {
  // Unit tests run in the job simulator's time units: a quantum is 10, so slices are given as 10.
  it("Fig. 8.4: a short job arriving at 100 ms beside a long-running one finishes in two slices, at 120", () => {
    // All queues with 10 ms slices (sliceGrowth 1) and no boost, as in the figure.
    const mlfq = sched("mlfq", { sliceNs: 10, sliceGrowth: 1, boostNs: 0 });
    const r = runJobs(mlfq, [
      { thread: 0, bursts: [200] },
      { thread: 1, arrival: 100, bursts: [20] },
    ]);
    expect(r.finished.get(1)).toBe(120);
    expect(r.finished.get(0)).toBe(220);
    expect(order(r).slice(9, 13)).toEqual([0, 1, 1, 0]);
  });

  it("Rule 4: the allotment counts every turn, so a job that gives up the CPU early still sinks", () => {
    // B runs 1 unit then waits 1 unit for I/O, 30 times: it uses the 10-unit allotment at the top in
    // ten turns and moves down; A (CPU-bound) sank long before.
    const mlfq = mlfqScheduler.create({ sliceNs: 10, sliceGrowth: 1, boostNs: 0 });
    const view = new FakeSchedulerView(10);
    // B's turns come at 10, 21, 32, ... (A's quanta in between): its tenth ends at 110.
    runJobs(
      mlfq,
      [
        { thread: 0, bursts: [400] },
        { thread: 1, bursts: Array(30).fill(1), ioNs: 1 },
      ],
      view,
      120,
    );
    expect(mlfq.levelOf(0)).toBe(2);
    expect(mlfq.levelOf(1)).toBe(1);
    // Before its tenth turn B is still on top.
    const early = mlfqScheduler.create({ sliceNs: 10, sliceGrowth: 1, boostNs: 0 });
    runJobs(
      early,
      [
        { thread: 0, bursts: [400] },
        { thread: 1, bursts: Array(30).fill(1), ioNs: 1 },
      ],
      new FakeSchedulerView(10),
      100,
    );
    expect(early.levelOf(1)).toBe(0);
  });

  it("Rule 5: without a boost a stream of short jobs starves a long one; a boost every 50 gives it turns", () => {
    // A (100 units) at 0; ten jobs of 10 units arriving at 10, 20, ..., 100.
    const jobs = [
      { thread: 0, bursts: [100] },
      ...Array.from({ length: 10 }, (_, i) => ({ thread: i + 1, arrival: 10 * (i + 1), bursts: [10] })),
    ];
    const first = (boostNs: number, n: number) =>
      order(runJobs(sched("mlfq", { sliceNs: 10, sliceGrowth: 1, boostNs }), jobs)).slice(0, n);
    // No boost: A sinks after its first slice and waits until the stream ends at 110.
    expect(first(0, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]);
    // Boost at 50: A is back on top, ahead of J5 arriving at that moment. Boost at 100: J9, waiting
    // on top already, keeps its place ahead of A; J10, arriving then, queues behind A.
    expect(first(50, 13)).toEqual([0, 1, 2, 3, 4, 0, 5, 6, 7, 8, 9, 0, 10]);
  });

  it("three CPU-bound threads through the kernel, slices 10/20/40 ms: done at 120, 150, 180 ms (RR: 160, 170, 180)", () => {
    // 10 ms each at the top (A, B, C), 20 ms each in the middle, then A's last 30 ms, B's, C's.
    const threads = [0, 1, 2].map(() => ({ ops: [compute(60 * MS)] }));
    const { kernel, schedulers } = run(config(threads, 4, undefined, { name: "mlfq" }));
    expect(finishMs(kernel)).toEqual([120, 150, 180]);
    expect(finishMs(run(config(threads, 4, undefined, { name: "rr" })).kernel)).toEqual([160, 170, 180]);
    const mlfq = schedulers[0] as ReturnType<typeof mlfqScheduler.create>;
    expect([0, 1, 2].map((t) => mlfq.levelOf(t))).toEqual([2, 2, 2]);
  });
});

describe("lottery scheduling (Waldspurger & Weihl 1994; OSTEP ch. 9)", () => {
  it("OSTEP's example: A holds 75 tickets, B 25; the draws 63 85 70 39 76 17 29 41 36 39 10 99 68 83 63 62 43 0 49 12 give A B A A B A A A A A A B A B A A A A A A", () => {
    // Tickets are priority + 1: priorities 2 and 0 make 3:1, the same split as 75:25. A draw of
    // ticket w out of 100 is random() = w / 100.
    const draws = [63, 85, 70, 39, 76, 17, 29, 41, 36, 39, 10, 99, 68, 83, 63, 62, 43, 0, 49, 12];
    const view = new FakeSchedulerView(10);
    view.script = draws.map((w) => w / 100);
    const r = runJobs(
      sched("lottery", { compensation: false }),
      [
        { thread: 0, priority: 2, bursts: [1000] },
        { thread: 1, priority: 0, bursts: [1000] },
      ],
      view,
      200,
    );
    expect(
      order(r)
        .map((t) => "AB"[t])
        .join(" "),
    ).toBe("A B A A B A A A A A A B A B A A A A A A");
  });

  it("compensation tickets (§3.4): a thread that uses 1/5 of its quantum holds 5x its tickets until it next runs", () => {
    const s = sched("lottery");
    const view = new FakeSchedulerView(10);
    // Equal tickets. B (thread 1) ran 2 of its 10: its tickets count 5 times, 1 + 5 = 6 in all.
    view.ran.set(0, 0).set(1, 0);
    view.script = [0.9]; // 5.4 of 2: B
    const ready = [
      { thread: 0, priority: 0, readySince: 0, ranNs: 0 },
      { thread: 1, priority: 0, readySince: 0, ranNs: 0 },
    ];
    expect(s.pick(ready, -1, view)).toBe(1);
    view.ran.set(1, 2);
    view.script = [0.5]; // 3 of 6: B again (A's share is [0, 1))
    expect(s.pick(ready, 1, view)).toBe(1);
    view.ran.set(1, 4);
    view.script = [0.1]; // 0.6 of 6: A
    expect(s.pick(ready, 1, view)).toBe(0);
  });

  it("with compensation a thread that blocks after 1/5 of a quantum gets the CPU time of a CPU-bound one; without, a fifth of it", () => {
    const jobs = [
      { thread: 0, bursts: [100_000] },
      { thread: 1, bursts: Array(50_000).fill(2), ioNs: 0 },
    ];
    const share = (compensation: boolean) => {
      const r = runJobs(sched("lottery", { compensation }), jobs, new FakeSchedulerView(10, 7), 60_000);
      return r.ran.get(1)! / r.ran.get(0)!;
    };
    expect(share(true)).toBeGreaterThan(0.85);
    expect(share(true)).toBeLessThan(1.15);
    expect(share(false)).toBeGreaterThan(0.15);
    expect(share(false)).toBeLessThan(0.25);
  });

  it("through the kernel, 2:1 tickets give about 2:1 CPU (binomial noise), deterministically for a seed", () => {
    // Two CPU-bound threads of 3 s each, priorities 1 and 0 (2 and 1 tickets), 10 ms quanta. When
    // A finishes it has had 300 quanta; B's count over those n picks is Binomial(n, 1/3), about
    // 150 +- 10. The bound below is 4 standard deviations; a 1:1 scheduler would give B 300.
    const threads = [
      { priority: 1, ops: [compute(3000 * MS)] },
      { priority: 0, ops: [compute(3000 * MS)] },
    ];
    const bAtAFinish = (seed: number) => {
      const [a] = finishMs(run(config(threads, 4, undefined, { name: "lottery" }, seed)).kernel);
      return (a! - 3000) / 10; // quanta B had while A was running
    };
    for (const seed of [1, 2, 3]) expect(Math.abs(bAtAFinish(seed) - 150)).toBeLessThan(40);
    expect(bAtAFinish(1)).toBe(bAtAFinish(1));
    expect(new Set([1, 2, 3, 4].map(bAtAFinish)).size).toBeGreaterThan(1);
  });
});

describe("stride scheduling (Waldspurger & Weihl 1995)", () => {
  it("3:2:1 tickets with stride1 = 6 (strides 2, 3, 6): A B A A B C, repeating; passes as computed by hand", () => {
    // Passes start at the stride: A 2, B 3, C 6. Smallest runs and adds its stride; ties to the
    // lowest id: A(4) B(6) A(6) A(8: tie 6 6 6) B(9: tie 6 6) C(12), then the same again.
    const s = strideScheduler.create({ stride1: 6 });
    const r = runJobs(
      s,
      [0, 1, 2].map((t) => ({ thread: t, priority: 2 - t, bursts: [1000] })),
      new FakeSchedulerView(10),
      120,
    );
    expect(
      order(r)
        .map((t) => "ABC"[t])
        .join(""),
    ).toBe("ABAABCABAABC");
    // C's last turn is charged at the next pick, which has not happened: its pass is still 12.
    expect([s.passOf(0), s.passOf(1), s.passOf(2)]).toEqual([14, 15, 12]);
  });

  it("a fraction of a quantum advances the pass by that fraction of the stride", () => {
    const s = strideScheduler.create({ stride1: 6 });
    const view = new FakeSchedulerView(10);
    view.ran.set(0, 0).set(1, 0);
    const ready = [
      { thread: 0, priority: 0, readySince: 0, ranNs: 0 },
      { thread: 1, priority: 0, readySince: 0, ranNs: 0 },
    ];
    expect(s.pick(ready, -1, view)).toBe(0); // passes 6, 6: A
    view.ran.set(0, 5); // half a quantum
    expect(s.pick(ready, 0, view)).toBe(1);
    expect(s.passOf(0)).toBe(9);
  });

  it("a thread back from blocking rejoins at its old distance from the global pass: it does not bank CPU time", () => {
    // A is CPU-bound; B computes 1 quantum then waits 100 for I/O, 10 times. Equal tickets. A plain
    // min-pass scheduler would let B run many quanta in a row after each wait; here B's turns come
    // one at a time.
    const r = runJobs(sched("stride"), [
      { thread: 0, bursts: [5000] },
      { thread: 1, bursts: Array(10).fill(10), ioNs: 100 },
    ]);
    let run1 = 0;
    let longest = 0;
    for (const t of order(r)) {
      run1 = t === 1 ? run1 + 1 : 0;
      longest = Math.max(longest, run1);
    }
    expect(longest).toBe(1);
    expect(r.finished.get(1)).toBeLessThan(1200);
  });

  it("through the kernel, three CPU-bound threads with 3:2:1 tickets finish at 100, 140 and 180 ms", () => {
    // 60 ms each. Picks A B A A B C A B A A: A has its 6 quanta after 10 picks (100 ms). Then B and C
    // (passes 12, 12): B C B B, B's 6th quantum ends at 140; C's remaining 4 end at 180.
    const threads = [2, 1, 0].map((priority) => ({ priority, ops: [compute(60 * MS)] }));
    expect(finishMs(run(config(threads, 4, undefined, { name: "stride", options: { stride1: 6 } })).kernel)).toEqual([
      100, 140, 180,
    ]);
  });
});
