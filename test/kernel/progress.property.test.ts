/**
 * The kernel always makes progress (docs/MACHINE.md, "Progress"): on random valid scenarios with
 * tiny frame counts and quanta, and whatever valid decisions handlers return on every event, every
 * run finishes with every thread done, its invariants hold, nothing is lost, and it processes at
 * most eventBound(size) events. The kernel would report going past the bound as a `progress`
 * violation (it stops the run rather than hang), so a regression fails here instead of hanging.
 *
 * Cost: a few hundred small runs, about a second or two in all.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_COSTS,
  DEFAULT_DISK,
  type AppSpec,
  type CostParams,
  type DiskParams,
  type MachineConfig,
} from "../../kernel/config.js";
import { nativeHandler, type Handler } from "../../kernel/dispatcher/handler.js";
import type { EventArgs, EventName } from "../../kernel/events/catalogue.js";
import { eventNames } from "../../kernel/events/catalogue.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { eventBound, eventsProcessed, runSize } from "../../kernel/machine/progress.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { Prng } from "../../kernel/prng.js";
import {
  OP_COMPUTE,
  OP_IO,
  OP_READ,
  OP_WRITE,
  PAGE_SIZE,
  opStreamOf,
  referenceString,
  type OpKind,
} from "../../kernel/workload.js";
import { app, machine, policies } from "./helpers.js";

/** Quanta around the costs of a fault (faultNs + zeroFillNs = 3,000 by default), and 1 ns. */
const quantumArb = fc.oneof(
  fc.constantFrom(1, 7, 1_000, 2_999, 3_000, 3_001, 10_000),
  fc.integer({ min: 1, max: 2_000_000 }),
);

/** Costs and disk parameters from zero (everything at one instant) to the defaults. */
const costsArb: fc.Arbitrary<CostParams> = fc.record({
  accessNs: fc.constantFrom(0, 1, 10),
  faultNs: fc.constantFrom(0, 1, 2_000),
  zeroFillNs: fc.constantFrom(0, 1_000),
  switchNs: fc.constantFrom(0, 5_000),
  inKernelCallNs: fc.constantFrom(0, 130),
  syscallNs: fc.constantFrom(0, 4_000),
  ipcRoundTripNs: fc.constantFrom(0, 89_000),
  fuelUnitNs: fc.constantFrom(0, 50),
  pollNs: fc.constantFrom(0, 165_000),
});
const diskArb: fc.Arbitrary<DiskParams> = fc.oneof(
  fc.constant(DEFAULT_DISK),
  fc.record({
    seekBaseNs: fc.constantFrom(0, 10),
    seekPerTrackNs: fc.constantFrom(0, 1),
    rotationNs: fc.constantFrom(0, 100),
    transferNsPerPage: fc.constantFrom(0, 1, 50),
    pagesPerTrack: fc.constantFrom(1, 64),
  }),
);

/** Ops of one thread: references over 0..pages-1 (some beyond the 12-page region), short compute, I/O. */
function opsArb(quantumNs: number) {
  const op = fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(fc.constantFrom<OpKind>(OP_READ, OP_WRITE), fc.integer({ min: 0, max: 13 }))
        .map(([k, p]) => [k, p * PAGE_SIZE] as const),
    },
    // At most 3 quanta each, so that tiny quanta keep the number of slices small.
    {
      weight: 1,
      arbitrary: fc.integer({ min: 0, max: 3 * quantumNs }).map((ns) => [OP_COMPUTE as OpKind, ns] as const),
    },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 4 }).map((pages) => [OP_IO as OpKind, pages] as const) },
  );
  return fc.array(op, { minLength: 1, maxLength: 40 });
}

function appArb(index: number, quantumNs: number): fc.Arbitrary<AppSpec> {
  return fc
    .record({
      priority: fc.constantFrom<"high" | "low">("high", "low"),
      pager: fc.constantFrom("fifo", "clock", "lru", "random", "opt"),
      scheduler: fc.constantFrom("fifo", "rr", "priority"),
      threads: fc.array(fc.record({ priority: fc.integer({ min: 0, max: 3 }), ops: opsArb(quantumNs) }), {
        minLength: 1,
        maxLength: 3,
      }),
    })
    .map((a) => ({
      name: `app${index}`,
      priority: a.priority,
      pager: { name: a.pager },
      scheduler: { name: a.scheduler },
      regions: [
        { startVpn: 0, pages: 12, writable: index % 2 === 0 },
        { startVpn: 12, pages: 1, writable: false },
      ],
      threads: a.threads.map((t, i) => ({ name: `t${i}`, priority: t.priority, ops: opStreamOf(t.ops) })),
    }));
}

const configArb: fc.Arbitrary<MachineConfig> = fc
  .record({
    frames: fc.oneof(fc.constantFrom(1, 1, 2, 2, 3), fc.integer({ min: 1, max: 10 })),
    quantumNs: quantumArb,
    costs: costsArb,
    disk: diskArb,
    seed: fc.integer({ min: 0, max: 1000 }),
    apps: fc.integer({ min: 1, max: 3 }),
  })
  .chain((c) =>
    fc.tuple(...Array.from({ length: c.apps }, (_, i) => appArb(i, c.quantumNs))).map(
      (apps): MachineConfig => ({
        name: "progress",
        seed: c.seed,
        frames: c.frames,
        quantumNs: c.quantumNs,
        disk: c.disk,
        costs: c.costs,
        apps,
      }),
    ),
  );

/** What every run must show: all threads done, invariants, nothing lost, within the bound. */
function expectProgress(config: MachineConfig, report: RunReport): void {
  expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
  expect(eventsProcessed(report)).toBeLessThanOrEqual(eventBound(runSize(config)));
}

/**
 * An untrusted handler (its results go through the schema and the kernel's validators) that
 * answers every event with a random valid decision: a victim among its own resident frames,
 * clearReferenced with duplicates, prefetches of up to 64 pages within ±32 of the page, skips,
 * a random ready thread.
 */
function randomValid(seed: number): Handler {
  const rng = new Prng(seed);
  const pick = <T>(list: readonly T[]): T | undefined => list[rng.int(list.length)];
  const around = (vpn: number) => {
    if (rng.next() < 0.3) return {};
    const n = rng.int(65);
    return { prefetch: Array.from({ length: n }, () => Math.max(0, vpn - 32 + rng.int(65))) };
  };
  const answer = (event: EventName, args: unknown): unknown => {
    switch (event) {
      case "PhysAddr.Reclaim": {
        const { resident } = args as EventArgs<"PhysAddr.Reclaim">;
        const frames = resident.map((r) => r.frame);
        const clear = Array.from({ length: rng.int(2 * frames.length + 1) }, () => pick(frames)!);
        return rng.next() < 0.5 ? { victim: pick(frames) } : { victim: pick(frames), clearReferenced: clear };
      }
      case "Translation.PageNotPresent":
      case "Disk.IOComplete":
        return around(Math.max(0, (args as { vpn: number }).vpn));
      case "Translation.BadAddress":
      case "Translation.ProtectionFault":
        return { action: rng.next() < 0.7 ? "skip" : "terminate" };
      case "Strand.Resume":
        return { thread: pick((args as EventArgs<"Strand.Resume">).ready)!.thread };
      default:
        return undefined;
    }
  };
  return {
    kind: "sandboxed",
    name: "random-valid",
    trusted: false,
    invoke: (event, args) => ({ ok: true, value: answer(event, args), instructions: 1 }),
  };
}

describe("the kernel always makes progress", () => {
  it("the livelock of issue 9: two threads, one frame, a quantum shorter than a fault", () => {
    for (const quantumNs of [1, 1_000, 2_999, 3_000, 3_001]) {
      const config: MachineConfig = {
        name: "livelock",
        seed: 0,
        frames: 1,
        quantumNs,
        disk: DEFAULT_DISK,
        costs: DEFAULT_COSTS,
        apps: [
          {
            name: "app0",
            priority: "low",
            pager: { name: "clock" },
            scheduler: { name: "rr" },
            regions: [{ startVpn: 0, pages: 2, writable: true }],
            threads: [
              { name: "t0", priority: 0, ops: opStreamOf([[OP_READ, 0]]) },
              { name: "t1", priority: 0, ops: opStreamOf([[OP_READ, PAGE_SIZE]]) },
            ],
          },
        ],
      };
      const report = new Kernel(config, policies).run({ check: true });
      expectProgress(config, report);
      expect(report.totals.references).toBe(2);
      expect(report.totals.faults).toBe(2);
    }
  });

  it("a zero-filled page's access is done before a due event's prefetch can take the frame", () => {
    // Two frames, LRU, a disk that takes 1 ns. t0 writes page 5, reads 7, then reads 6, which
    // writes 5 back and waits. t1 faults on page 0 and gets 7's frame; the write-back completes
    // during that fault, and its completion prefetches page 5, which must take a frame: page 0's
    // access must come first, so that page 0 is not evicted before it is used (and faulted on
    // again).
    const disk = { seekBaseNs: 0, seekPerTrackNs: 0, rotationNs: 0, transferNsPerPage: 1, pagesPerTrack: 64 };
    const t0 = opStreamOf([
      [OP_WRITE, 5 * PAGE_SIZE],
      [OP_READ, 7 * PAGE_SIZE],
      [OP_READ, 6 * PAGE_SIZE],
    ]);
    const t1 = referenceString([0]);
    const threads = [
      { name: "t0", priority: 0, ops: t0 },
      { name: "t1", priority: 0, ops: t1 },
    ];
    const config = machine([app("a", threads, { pager: { name: "fifo" }, scheduler: { name: "fifo" } })], 2, { disk });
    const kernel = new Kernel(config, policies);
    const completions: string[] = [];
    kernel.dispatcher.install(
      "Disk.IOComplete",
      nativeHandler<"Disk.IOComplete">("read-5-back", (args) => {
        completions.push(`${args.kind} ${args.vpn}`);
        return args.kind === "write-back" ? { prefetch: [5] } : {};
      }),
      { options: { cancel: true } },
    );
    // LRU from here on (FIFO for the first eviction, so that page 5, the written one, goes first).
    const reclaims: number[] = [];
    kernel.dispatcher.install(
      "PhysAddr.Reclaim",
      nativeHandler<"PhysAddr.Reclaim">("lru", (args) => {
        const pick =
          reclaims.length === 0
            ? args.resident.find((r) => r.vpn === 5)!
            : args.resident.reduce((a, b) => (b.lastAccess < a.lastAccess ? b : a));
        reclaims.push(pick.vpn);
        return { victim: pick.frame };
      }),
      { options: { cancel: true } },
    );
    const report = kernel.run({ check: true });
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    expect(completions).toEqual(["write-back 5", "prefetch 5"]);
    // 5 for page 6, 7 for page 0, 0 (used, least recent) for the prefetch of 5.
    expect(reclaims).toEqual([5, 7, 0]);
    // W5, R7, R6 and R0 fault once each.
    expect(report.totals.faults).toBe(4);
  });

  it("a thread waiting for a frame gets the next one before any prefetch does", () => {
    // One frame. t0 writes page 5 and reads 6: 5 is written back, 6 waits for the frame. t1
    // faults on page 0 and finds the frame busy. When the write-back completes, page 6 is mapped
    // (t0's access done), t1 is woken, and the completion asks to read page 5 back: refused, the
    // frame goes to t1 (which evicts 6) rather than to a prefetch that t1 would wait for again.
    const disk = { seekBaseNs: 0, seekPerTrackNs: 0, rotationNs: 0, transferNsPerPage: 1, pagesPerTrack: 64 };
    const threads = [
      {
        name: "t0",
        priority: 0,
        ops: opStreamOf([
          [OP_WRITE, 5 * PAGE_SIZE],
          [OP_READ, 6 * PAGE_SIZE],
        ]),
      },
      { name: "t1", priority: 0, ops: referenceString([0]) },
    ];
    const config = machine([app("a", threads, { scheduler: { name: "fifo" } })], 1, { disk });
    const kernel = new Kernel(config, policies);
    kernel.dispatcher.install(
      "Disk.IOComplete",
      nativeHandler<"Disk.IOComplete">("read-5-back", () => ({ prefetch: [5] })),
      { options: { cancel: true } },
    );
    const report = kernel.run({ check: true });
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    expect(report.totals.prefetches).toBe(0);
    // W5, R6, and R0 twice: once finding the frame busy, once getting it.
    expect(report.totals.faults).toBe(4);
    expect(report.events["Strand.Block"]!.raised).toBe(2);
  });

  it("a slice that starts past its end still runs one op (a quantum the clock cannot add, set behind the limits' and the clock check's back)", () => {
    const config = {
      ...machine([app("a", [{ name: "t", priority: 0, ops: referenceString([0, 1, 0, 2, 1, 0]) }])], 2),
      quantumNs: 1,
    };
    const kernel = new Kernel(config, policies);
    // After the first access now = 10 ns, and 10 + 1e-300 === 10: every later slice ends where it
    // starts. The clock check would stop such a run (time frozen); without it, the rule alone
    // still moves every slice on.
    (config as { quantumNs: number }).quantumNs = 1e-300;
    Object.defineProperty((kernel as unknown as { machine: object }).machine, "checkClock", { value: () => undefined });
    const report = kernel.run({ check: true });
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    expect(report.totals.references).toBe(6);
  });

  it("no prefetch starts once an application's threads are done: the disk falls idle and the run ends", () => {
    // a (high priority) writes three pages and finishes; b then takes frames from a, whose dirty
    // pages are written back. Each write-back's completion asks to read a's pages back: refused,
    // though a has credits left (it made 103 references).
    const a = opStreamOf([
      [OP_WRITE, 0],
      [OP_WRITE, PAGE_SIZE],
      [OP_WRITE, 2 * PAGE_SIZE],
      ...Array.from({ length: 100 }, () => [OP_READ, 2 * PAGE_SIZE] as const),
    ]);
    const b = referenceString([10, 11, 12, 13, 10, 11]);
    const config = machine(
      [
        app("a", [{ name: "t", priority: 0, ops: a }], { priority: "high" }),
        app("b", [{ name: "t", priority: 0, ops: b }]),
      ],
      4,
    );
    const kernel = new Kernel(config, policies);
    const asked: string[] = [];
    kernel.dispatcher.install(
      "Disk.IOComplete",
      nativeHandler<"Disk.IOComplete">("again", (args) => {
        asked.push(`${args.kind} ${args.vpn} ${kernel.apps[0]!.strand}`);
        return { prefetch: [0, 1, 2] };
      }),
      { principal: { kind: "application", space: 0, name: "a" }, options: { cancel: true } },
    );
    const report = kernel.run({ check: true });
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((x) => x.startsWith("write-back") && x.endsWith(" done"))).toBe(true);
    expect(report.apps[0]!.prefetches).toBe(0);
    expect(report.apps[1]!.references).toBe(6);
  });

  it("random valid scenarios with 1 to 10 frames and quanta down to 1 ns finish within the bound", () => {
    fc.assert(
      fc.property(configArb, (config) => {
        expectProgress(config, new Kernel(config, policies).run({ check: true }));
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it("random valid answers on every event (own victims, duplicate clears, ±32 prefetches, skips, any ready thread) finish within the bound", () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 1, max: 1 << 30 }), fc.boolean(), (config, seed, cancel) => {
        const kernel = new Kernel(config, policies);
        const bindings = config.apps.flatMap((a, space) =>
          eventNames.map((event) =>
            kernel.dispatcher.install(event, randomValid(seed + 31 * space), {
              principal: { kind: "application", space, name: a.name },
              options: { cancel },
            }),
          ),
        );
        const report = kernel.run({ check: true });
        expectProgress(config, report);
        // Every answer was valid: none was refused, so the handlers really decided.
        for (const b of bindings)
          expect(b.account.failures, `${b.event}: ${b.account.lastFault?.message ?? ""}`).toBe(0);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it("a prefetch storm with newest-page victims (finding 4 of issue 8) finishes, its prefetches paid for by references", () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const kernel = new Kernel(config, policies);
        config.apps.forEach((a, space) => {
          const principal = { kind: "application" as const, space, name: a.name };
          const storm: Handler = {
            kind: "sandboxed",
            name: "storm",
            trusted: false,
            invoke: (event, raw) => {
              if (event === "PhysAddr.Reclaim") {
                const { resident } = raw as EventArgs<"PhysAddr.Reclaim">;
                const newest = resident.reduce((n, p) => (p.loadedAt > n.loadedAt ? p : n));
                return { ok: true, value: { victim: newest.frame }, instructions: 1 };
              }
              const vpn = Math.max(0, (raw as { vpn: number }).vpn);
              return {
                ok: true,
                value: { prefetch: Array.from({ length: 64 }, (_, d) => Math.max(0, vpn - 32 + d)) },
                instructions: 1,
              };
            },
          };
          for (const event of ["PhysAddr.Reclaim", "Disk.IOComplete", "Translation.PageNotPresent"] as const) {
            kernel.dispatcher.install(event, storm, { principal, options: { cancel: true } });
          }
        });
        const report = kernel.run({ check: true });
        expectProgress(config, report);
        config.apps.forEach((_, a) => {
          const app = report.apps[a]!;
          expect(app.prefetches).toBeLessThanOrEqual(64 + app.references);
        });
      }),
      { numRuns: 150, seed: 11 },
    );
  });
});
