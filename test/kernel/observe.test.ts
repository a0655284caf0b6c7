import { describe, expect, it } from "vitest";
import { DEFAULT_QUANTUM_NS } from "../../kernel/config.js";
import { nativeHandler } from "../../kernel/dispatcher/handler.js";
import { Kernel, type EventRecord } from "../../kernel/machine/kernel.js";
import { MAX_WINDOWS, mergeTo } from "../../kernel/machine/timeline.js";
import { OP_COMPUTE, OP_READ, OP_WRITE, PAGE_SIZE, opStreamOf } from "../../kernel/workload.js";
import { app, machine, policies } from "./helpers.js";

const MS = 1_000_000;
const FREE = {
  accessNs: 0,
  faultNs: 0,
  zeroFillNs: 0,
  switchNs: 0,
  inKernelCallNs: 0,
  syscallNs: 0,
  ipcRoundTripNs: 0,
  fuelUnitNs: 0,
  pollNs: 0,
};

/** One application of compute-only threads (lengths in ms), with a scheduler, costs all zero. */
function computeRun(scheduler: string, lengthsMs: number[]) {
  const threads = lengthsMs.map((len, i) => ({
    name: String.fromCharCode(65 + i),
    priority: 0,
    ops: opStreamOf([[OP_COMPUTE, len * MS]]),
  }));
  const config = machine([app("jobs", threads, { scheduler: { name: scheduler } })], 4, {
    costs: FREE,
    quantumNs: 10 * MS,
  });
  const report = new Kernel(config, policies).run({ check: true });
  expect(report.check.ok).toBe(true);
  return report.threads.map((t) => ({
    thread: t.thread,
    turnaround: t.turnaroundNs / MS,
    response: t.responseNs / MS,
    waiting: t.waitingNs / MS,
    run: t.runNs / MS,
    blocked: t.blockedNs / MS,
    share: t.cpuShare,
  }));
}

describe("per-thread figures (OSTEP ch. 7)", () => {
  it("FIFO with A = 100, B = C = 10 ms: turnaround 100, 110, 120 (average 110), response 0, 100, 110", () => {
    const t = computeRun("fifo", [100, 10, 10]);
    expect(t.map((x) => x.turnaround)).toEqual([100, 110, 120]);
    expect(t.map((x) => x.response)).toEqual([0, 100, 110]);
    expect(t.map((x) => x.waiting)).toEqual([0, 100, 110]);
    expect(t.map((x) => x.run)).toEqual([100, 10, 10]);
    expect(t.map((x) => x.blocked)).toEqual([0, 0, 0]);
    expect(t.map((x) => x.share)).toEqual([100 / 120, 10 / 120, 10 / 120]);
  });

  it("SJF with the same jobs: B and C first, turnaround 120, 10, 20 (average 50)", () => {
    const t = computeRun("sjf", [100, 10, 10]);
    expect(t.map((x) => x.turnaround)).toEqual([120, 10, 20]);
    expect(t.map((x) => x.response)).toEqual([20, 0, 10]);
  });

  it("round robin, three 30 ms jobs, 10 ms quantum: response 0, 10, 20; turnaround 70, 80, 90; waiting 40, 50, 60", () => {
    const t = computeRun("rr", [30, 30, 30]);
    expect(t.map((x) => x.response)).toEqual([0, 10, 20]);
    expect(t.map((x) => x.turnaround)).toEqual([70, 80, 90]);
    expect(t.map((x) => x.waiting)).toEqual([40, 50, 60]);
    expect(t.map((x) => x.share)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

/** A read-ahead of the next page on every fault of application 0 (a native stand-in for an extension). */
function readAheadRun(pages: readonly (readonly [number, number])[], frames: number, options = {}) {
  const config = machine(
    [
      app("a", [{ name: "t", priority: 0, ops: opStreamOf(pages.map(([k, p]) => [k as 0 | 1, p * PAGE_SIZE])) }], {
        pager: { name: "fifo" },
      }),
    ],
    frames,
  );
  const kernel = new Kernel(config, policies);
  kernel.dispatcher.install(
    "Translation.PageNotPresent",
    nativeHandler<"Translation.PageNotPresent">("next-page", (args) => ({ prefetch: [args.vpn + 1] })),
    { principal: { kind: "application", space: 0, name: "a" } },
  );
  return kernel.run({ check: true, ...options });
}

describe("prefetch accounting", () => {
  it("a read-ahead page used before its eviction, and one never used by the end", () => {
    // W0 W1 W2 W3 with 2 frames leave 0 and 1 on swap and 2, 3 resident. R0 faults and reads 1
    // ahead; R1 then hits the read-ahead page (used). R2 faults and reads 3 ahead, which nothing
    // references before the run ends (unused).
    const r = readAheadRun(
      [
        [OP_WRITE, 0],
        [OP_WRITE, 1],
        [OP_WRITE, 2],
        [OP_WRITE, 3],
        [OP_READ, 0],
        [OP_READ, 1],
        [OP_READ, 2],
      ],
      2,
    );
    expect(r.check.ok).toBe(true);
    expect(r.totals.prefetches).toBe(2);
    expect([r.totals.prefetchUsed, r.totals.prefetchWasted, r.totals.prefetchUnused]).toEqual([1, 0, 1]);
    expect(r.apps[0]!.prefetchUsed).toBe(1);
  });

  it("a read-ahead page evicted before any reference used it is wasted", () => {
    // As above, but after R2 (which reads 3 ahead, evicting 1 and 0) the thread reads 0 and 1
    // again. Page 3's read was submitted before page 2's, so FIFO takes 3 for R0 before anything
    // referenced it (wasted); R0 reads 1 ahead again, and R1 uses it.
    const r = readAheadRun(
      [
        [OP_WRITE, 0],
        [OP_WRITE, 1],
        [OP_WRITE, 2],
        [OP_WRITE, 3],
        [OP_READ, 0],
        [OP_READ, 1],
        [OP_READ, 2],
        [OP_READ, 0],
        [OP_READ, 1],
      ],
      2,
    );
    expect(r.check.ok).toBe(true);
    expect(r.totals.prefetches).toBe(3);
    expect([r.totals.prefetchUsed, r.totals.prefetchWasted, r.totals.prefetchUnused]).toEqual([2, 1, 0]);
  });
});

describe("timeline", () => {
  it("counts every fault, major fault, eviction and write-back in some window, in at most MAX_WINDOWS windows", () => {
    const ops: [0 | 1, number][] = [];
    for (let round = 0; round < 40; round++)
      for (let p = 0; p < 24; p++) ops.push([round % 3 === 0 ? OP_WRITE : OP_READ, p]);
    const config = machine(
      [
        app("a", [{ name: "t", priority: 0, ops: opStreamOf(ops.map(([k, p]) => [k, p * PAGE_SIZE])) }]),
        app("b", [
          { name: "t", priority: 0, ops: opStreamOf(ops.slice(0, 200).map(([k, p]) => [k, (p + 100) * PAGE_SIZE])) },
        ]),
      ],
      16,
    );
    const r = new Kernel(config, policies).run({ check: true, timeline: true });
    const t = r.timeline!;
    expect(t.windows).toBeLessThanOrEqual(MAX_WINDOWS);
    expect(t.windows * t.windowNs).toBeGreaterThanOrEqual(r.simulatedNs);
    expect(t.windowNs % DEFAULT_QUANTUM_NS).toBe(0);
    // The run is long enough that the windows had to widen (neighbours merged) at least once.
    expect(t.windowNs).toBeGreaterThan(DEFAULT_QUANTUM_NS);
    const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    t.series.forEach((s, i) => {
      const a = r.apps[i]!;
      expect(s.app).toBe(a.name);
      expect([sum(s.faults), sum(s.majorFaults), sum(s.evictions), sum(s.writeBacks)]).toEqual([
        a.faults,
        a.majorFaults,
        a.evictions,
        a.writeBacks,
      ]);
    });
    // Merged to a coarser width, the same totals.
    const merged = mergeTo(t, t.windowNs * 4);
    expect(merged.windows).toBe(Math.ceil(t.windows / 4));
    expect(sum(merged.series[0]!.faults)).toBe(r.apps[0]!.faults);
    // Without asking, no timeline (and no cost).
    expect(new Kernel(config, policies).run().timeline).toBeUndefined();
  });
});

describe("the per-event record", () => {
  it("streams every raise in order, with handlers, decision, victim and disk requests, holding only a transaction's records", () => {
    const pages: (readonly [number, number])[] = [];
    for (let round = 0; round < 30; round++)
      for (let p = 0; p < 12; p++) pages.push([round % 2 === 0 ? OP_WRITE : OP_READ, p]);
    const config = machine(
      [
        app("a", [{ name: "t", priority: 0, ops: opStreamOf(pages.map(([k, p]) => [k as 0 | 1, p * PAGE_SIZE])) }], {
          pager: { name: "fifo" },
        }),
      ],
      4,
    );
    const kernel = new Kernel(config, policies);
    kernel.dispatcher.install(
      "Translation.PageNotPresent",
      nativeHandler<"Translation.PageNotPresent">("next-page", (args) => ({ prefetch: [args.vpn + 1] })),
      { principal: { kind: "application", space: 0, name: "a" } },
    );
    const records: EventRecord[] = [];
    let held = 0;
    const report = kernel.run({
      check: true,
      onEvent: (r) => {
        records.push(r);
        // Records raised but not yet handed over: the recorder holds at most one transaction's.
        held = Math.max(held, kernel.dispatcher.raiseCount - records.length);
      },
    });
    expect(report.check.ok).toBe(true);
    const raised = Object.values(report.events).reduce((n, e) => n + e.raised, 0);
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: raised }, (_, i) => i + 1));
    expect(held).toBeLessThanOrEqual(70);
    const faults = records.filter((r) => r.event === "Translation.PageNotPresent");
    expect(faults).toHaveLength(report.totals.faults);
    expect(faults.filter((r) => r.major)).toHaveLength(report.totals.majorFaults);
    expect(faults[0]!.handlers.map((h) => h.handler)).toEqual(["default:no-prefetch", "next-page"]);
    expect(faults[0]!.decision).toEqual({ prefetch: [1] });
    const reclaims = records.filter((r) => r.event === "PhysAddr.Reclaim");
    expect(reclaims).toHaveLength(report.totals.evictions);
    for (const r of reclaims) expect(r.victim!.frame).toBe((r.decision as { victim: number }).victim);
    const disk = records.flatMap((r) => r.disk ?? []);
    expect(disk.filter((d) => d.kind === "write-back")).toHaveLength(report.totals.writeBacks);
    expect(reclaims.filter((r) => r.victim!.dirty)).toHaveLength(report.totals.writeBacks);
    expect(disk.filter((d) => d.kind === "read-ahead")).toHaveLength(report.totals.prefetches);
    expect(disk.filter((d) => d.kind === "page-in")).toHaveLength(report.totals.majorFaults);
    // Times never go back.
    for (let i = 1; i < records.length; i++) expect(records[i]!.t).toBeGreaterThanOrEqual(records[i - 1]!.t);
  });
});
