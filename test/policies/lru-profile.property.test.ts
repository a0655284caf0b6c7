/**
 * Mattson's one-pass LRU profile (policies/lru-profile.ts) equals `spin run --pager lru` at every
 * frame count: faults, major and minor faults, evictions, write-backs, references; on random
 * traces of reads and writes with compute bursts and application I/O between them, with and
 * without a neighbour that only computes. And where it would not be exact, it says so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AppSpec, MachineConfig, ThreadSpec } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, PAGE_SIZE, opStreamOf, type OpKind } from "../../kernel/workload.js";
import { lruProfile, lruProfileApplies } from "../../policies/lru-profile.js";
import { loadWorkload } from "../../workloads/index.js";
import { app, machine, policies } from "../kernel/helpers.js";

type Op = readonly [OpKind, number];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 23 }).map((p): Op => [OP_READ, p * PAGE_SIZE + 17]) },
  { weight: 9, arbitrary: fc.integer({ min: 0, max: 23 }).map((p): Op => [OP_WRITE, p * PAGE_SIZE]) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3_000_000 }).map((ns): Op => [OP_COMPUTE, ns]) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map((pages): Op => [OP_IO, pages]) },
);

const FRAMES = Array.from({ length: 26 }, (_, i) => i + 1);

function kernelCounts(config: MachineConfig, frames: number) {
  const report = new Kernel({ ...config, frames }, policies).run({ check: true });
  expect(report.check.ok).toBe(true);
  const t = report.totals;
  const a = report.apps.reduce((s, x) => ({ reads: s.reads + x.reads, writes: s.writes + x.writes }), {
    reads: 0,
    writes: 0,
  });
  return {
    frames,
    references: t.references,
    reads: a.reads,
    writes: a.writes,
    faults: t.faults,
    majorFaults: t.majorFaults,
    minorFaults: t.minorFaults,
    evictions: t.evictions,
    writeBacks: t.writeBacks,
  };
}

const thread = (name: string, ops: readonly Op[]): ThreadSpec => ({ name, priority: 0, ops: opStreamOf(ops) });

describe("Mattson's stack algorithm equals the kernel's LRU", () => {
  it("on random single-thread traces, at every frame count from 1 to 26", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 300 }), fc.boolean(), (ops, neighbour) => {
        const apps: AppSpec[] = [app("a", [thread("t", ops)], { pager: { name: "lru" } })];
        // A neighbour that only computes takes the CPU while `a` waits for the disk, never a frame.
        if (neighbour) apps.push(app("b", [thread("c", [[OP_COMPUTE, 5_000_000]])], { priority: "high" }));
        const config = machine(apps, 1);
        const profile = lruProfile(config, FRAMES);
        expect(profile.exact).toBe(true);
        if (!profile.exact) return;
        expect(profile.points).toEqual(FRAMES.map((f) => kernelCounts(config, f)));
      }),
      { numRuns: 60, seed: 1970 },
    );
  });

  it("on the example scenarios it applies to, at the frame counts of a sweep", () => {
    for (const name of ["looping", "scan-heavy", "write-heavy", "textbook"]) {
      const config = loadWorkload(`examples/scenarios/${name}.json`, { pager: "lru" });
      const frames = [1, 3, 8, 17, 32, 64, 100];
      const profile = lruProfile(config, frames);
      expect(profile.exact, name).toBe(true);
      if (!profile.exact) continue;
      expect(profile.points, name).toEqual(frames.map((f) => kernelCounts(config, f)));
    }
  });

  it("answers in the order asked, repeats included", () => {
    const config = machine(
      [
        app("a", [
          thread(
            "t",
            [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5].map((p): Op => [OP_READ, p * PAGE_SIZE]),
          ),
        ]),
      ],
      1,
    );
    const lru = { ...config, apps: [{ ...config.apps[0]!, pager: { name: "lru" } }] };
    const profile = lruProfile(lru, [4, 3, 4]);
    // Belady's string: LRU faults 10 times with 3 frames, 8 with 4 (docs/POLICIES.md).
    expect(profile.exact && profile.points.map((p) => [p.frames, p.faults])).toEqual([
      [4, 8],
      [3, 10],
      [4, 8],
    ]);
  });
});

describe("where it does not apply, it says why", () => {
  it("two threads of one application", () => {
    const config = machine(
      [app("db", [thread("t0", [[OP_READ, 0]]), thread("t1", [[OP_READ, 0]])], { pager: { name: "lru" } })],
      4,
    );
    expect(lruProfileApplies(config)).toEqual({
      exact: false,
      reason:
        "threads t0 and t1 of db both make memory references: their interleaving follows fault timing, which the frames change",
    });
  });

  it("two applications", () => {
    const config = machine(
      [
        app("db", [thread("t", [[OP_READ, 0]])], { pager: { name: "lru" } }),
        app("web", [thread("t", [[OP_WRITE, 0]])], { pager: { name: "lru" } }),
      ],
      4,
    );
    expect(lruProfileApplies(config)).toEqual({
      exact: false,
      reason:
        "applications db and web both make memory references: their interleaving follows fault timing, which the frames change",
    });
  });

  it("another pager", () => {
    const config = machine([app("a", [thread("t", [[OP_READ, 0]])])], 4);
    expect(lruProfileApplies(config)).toEqual({ exact: false, reason: "the pager of a is clock, not lru" });
  });

  it("a reference outside every region, and a write to a read-only page", () => {
    const outside = machine([app("a", [thread("t", [[OP_READ, 4096 * PAGE_SIZE]])], { pager: { name: "lru" } })], 4);
    expect(lruProfile(outside, [1])).toEqual({
      exact: false,
      reason: "a reads or writes page 0x1000, outside every region: the kernel stops the thread there",
    });
    const readOnly = machine(
      [
        app(
          "a",
          [
            thread("t", [
              [OP_READ, 0],
              [OP_WRITE, 0],
            ]),
          ],
          {
            pager: { name: "lru" },
            regions: [{ startVpn: 0, pages: 4, writable: false }],
          },
        ),
      ],
      4,
    );
    expect(lruProfile(readOnly, [1])).toEqual({
      exact: false,
      reason: "a writes read-only page 0x0: the kernel stops the thread there",
    });
  });
});
