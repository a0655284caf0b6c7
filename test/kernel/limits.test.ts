/**
 * The kernel's own limits (kernel/config.ts): a configuration outside them is refused with where
 * and what, a run whose clock would pass 2^53 ns stops with a clear error, a run that would go past
 * its event bound is reported as a kernel bug instead of running forever, and the structures that
 * made many applications quadratic are linear.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_COSTS,
  KERNEL_LIMITS,
  MachineConfigError,
  SimulationLimitError,
  checkMachineConfig,
  type MachineConfig,
} from "../../kernel/config.js";
import * as USER_LIMITS from "../../workloads/limits.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { eventBound, eventsProcessed, runSize } from "../../kernel/machine/progress.js";
import { StrandQueue, type SimApp } from "../../kernel/machine/threads.js";
import { OP_COMPUTE, OP_IO, OP_READ, PAGE_SIZE, opStreamOf, referenceString } from "../../kernel/workload.js";
import { app, machine, policies } from "./helpers.js";

const oneThread = (ops = referenceString([0, 1, 2])) => [app("a", [{ name: "t", priority: 0, ops }])];

function problemsOf(config: MachineConfig): string[] {
  return checkMachineConfig(config).problems.map((p) => `${p.path}: ${p.message}`);
}

describe("what the kernel accepts", () => {
  it("refuses costs and quanta that time cannot count (issue 9: 1e308, 1e-300, 5e-324, NaN)", () => {
    const base = machine(oneThread(), 4);
    expect(problemsOf(base)).toEqual([]);
    expect(problemsOf({ ...base, quantumNs: 1e-300 })).toEqual([
      "quantumNs: expected a number of ns in [1, 1000000000000000], got 1e-300",
    ]);
    expect(problemsOf({ ...base, quantumNs: 5e-324 })).toEqual([
      "quantumNs: expected a number of ns in [1, 1000000000000000], got 5e-324",
    ]);
    expect(problemsOf({ ...base, costs: { ...base.costs, accessNs: 1e308 } })).toEqual([
      "costs.accessNs: expected a number of ns in [0, 1000000000000000], got 1e+308",
    ]);
    expect(problemsOf({ ...base, costs: { ...base.costs, faultNs: Number.NaN } })).toEqual([
      "costs.faultNs: expected a number of ns in [0, 1000000000000000], got NaN",
    ]);
    expect(problemsOf({ ...base, disk: { ...base.disk, rotationNs: Infinity } })).toEqual([
      "disk.rotationNs: expected a number of ns in [0, 1000000000000000], got Infinity",
    ]);
    expect(problemsOf({ ...base, disk: { ...base.disk, pagesPerTrack: 0.5 } })).toEqual([
      "disk.pagesPerTrack: expected an integer in [1, 16777216], got 0.5",
    ]);
    expect(problemsOf({ ...base, frames: 9007199254740991 })).toEqual([
      "frames: expected an integer in [1, 16777216], got 9007199254740991",
    ]);
    expect(() => new Kernel({ ...base, quantumNs: 1e-300 }, policies)).toThrow(MachineConfigError);
  });

  it("refuses ops the machine cannot run, naming the op", () => {
    const config = machine(
      oneThread(
        opStreamOf([
          [OP_READ, 0],
          [OP_COMPUTE, -1],
          [OP_IO, 1e6],
        ]),
      ),
      4,
    );
    expect(problemsOf(config)).toEqual([
      "apps[0].threads[0].ops[1]: a compute op of -1 ns; expected [0, 1000000000000000]",
    ]);
  });

  it("refuses more compute slices than the limit: each is host work (issue 9: 1,000 bursts of 1e15 ns)", () => {
    const bursts = opStreamOf(Array.from({ length: 1000 }, () => [OP_COMPUTE, 1e15] as const));
    const config = machine(oneThread(bursts), 4);
    expect(checkMachineConfig(config).computeSlices).toBe(1000 * 1e8);
    expect(problemsOf(config)).toEqual([
      `quantumNs: the compute ops need 100000000000 quanta of 10000000 ns; the limit is ${KERNEL_LIMITS.maxComputeSlices} (a longer quantum, or less compute time)`,
    ]);
  });

  it("stops a run whose clock would pass quantumNs × 2^52 ns (where a quantum stops moving it) with SimulationLimitError", () => {
    // Faults of 10^15 ns with a 1 ns quantum: the fifth passes 2^52 ns.
    const costs = { ...DEFAULT_COSTS, accessNs: 10, faultNs: 1e15, zeroFillNs: 0, switchNs: 0 };
    const config = machine(oneThread(referenceString([0, 1, 2, 3, 4, 5])), 1, { quantumNs: 1, costs });
    expect(problemsOf(config)).toEqual([]);
    expect(() => new Kernel(config, policies).run()).toThrow(
      /^the simulated clock passed 4\.50e\+15 ns \(quantumNs × 2\^52; at 5\.00e\+15 ns\)/,
    );
    expect(() => new Kernel(config, policies).run()).toThrow(SimulationLimitError);
  });

  it("what a user may ask for (workloads/limits.ts) lies inside the kernel's limits", () => {
    expect(USER_LIMITS.MAX_FRAMES).toBeLessThanOrEqual(KERNEL_LIMITS.maxFrames);
    expect(USER_LIMITS.MIN_QUANTUM_NS).toBeGreaterThanOrEqual(KERNEL_LIMITS.minQuantumNs);
    for (const max of [USER_LIMITS.MAX_QUANTUM_NS, USER_LIMITS.MAX_COST_NS, USER_LIMITS.MAX_COMPUTE_NS])
      expect(max).toBeLessThanOrEqual(KERNEL_LIMITS.maxDurationNs);
    expect(USER_LIMITS.MAX_PAGES_PER_TRACK).toBeLessThanOrEqual(KERNEL_LIMITS.maxFrames);
    expect(USER_LIMITS.MAX_IO_PAGES).toBeLessThanOrEqual(KERNEL_LIMITS.maxIoPages);
    expect(USER_LIMITS.MAX_ADDRESS).toBeLessThanOrEqual(KERNEL_LIMITS.maxAddress);
    // Operations of a run, compute slices included, are at most MAX_OPS.
    expect(USER_LIMITS.MAX_OPS).toBeLessThanOrEqual(KERNEL_LIMITS.maxComputeSlices);
  });

  it("a slice too short for the clock still runs one op: progress does not depend on the numbers", () => {
    // 1 ns quanta, 10 ns accesses: every slice ends before its first op does; each still retires one.
    const config = machine(oneThread(referenceString([0, 1, 0, 1, 2])), 2, { quantumNs: 1 });
    const report = new Kernel(config, policies).run({ check: true });
    expect(report.check.ok).toBe(true);
    expect(report.totals.references).toBe(5);
  });
});

describe("the kernel's progress bound", () => {
  it("a run that would go past its event bound stops with a progress violation instead of running on", () => {
    const config = machine(oneThread(referenceString(Array.from({ length: 50 }, (_, i) => i % 7))), 2);
    const kernel = new Kernel(config, policies);
    // Stand-in for a kernel bug: a bound far below what the run needs (set on the machine the kernel keeps private).
    Object.defineProperty((kernel as unknown as { machine: object }).machine, "eventLimit", { value: 10 });
    const report = kernel.run();
    expect(report.check.ok).toBe(false);
    expect(report.check.violations[0]!.invariant).toBe("progress");
    expect(report.check.violations[0]!.detail).toMatch(
      /^the run processed more than 10 events, the bound for its size/,
    );
  });

  it("the bound grows with the input: ops, compute slices, applications, threads", () => {
    const size = runSize(
      machine(
        oneThread(
          opStreamOf([
            [OP_READ, 0],
            [OP_COMPUTE, 25_000_000],
          ]),
        ),
        4,
      ),
    );
    expect(size).toEqual({ ops: 2, computeSlices: 3, apps: 1, threads: 1 });
    expect(eventBound(size)).toBe((48 + 16) * (2 + 3 + 64 + 1));
  });
});

describe("many applications (issue 9: one reference each, superlinear)", () => {
  it("StrandQueue is first in, first out, like an array's push and shift", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(-1), fc.nat(100)), { maxLength: 2000, size: "max" }), (steps) => {
        const queue = new StrandQueue();
        const model: number[] = [];
        for (const s of steps) {
          if (s < 0) expect((queue.shift() as unknown as { id: number } | undefined)?.id).toBe(model.shift());
          else {
            queue.push({ id: s } as unknown as SimApp);
            model.push(s);
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it("5,000 one-reference applications over 64 frames: each faults once, the run is checked", () => {
    const apps = Array.from({ length: 5000 }, (_, i) =>
      app(`a${i}`, [{ name: "t", priority: 0, ops: opStreamOf([[OP_READ, 0 * PAGE_SIZE]]) }]),
    );
    const config = machine(apps, 64);
    const report = new Kernel(config, policies).run({ check: false });
    expect(report.check.ok).toBe(true);
    expect(report.totals.references).toBe(5000);
    expect(report.totals.faults).toBe(5000);
    expect(report.totals.evictions).toBe(5000 - 64);
    expect(eventsProcessed(report)).toBeLessThanOrEqual(eventBound(runSize(config)));
  });
});
