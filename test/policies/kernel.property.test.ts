/**
 * Every built-in policy, through the whole kernel, over random scenarios: the kernel's invariants
 * hold and no write is lost, every thread finishes, the same configuration and seed give the same
 * report byte for byte, and on single-threaded traces no pager faults less than OPT.
 *
 * The policy lists come from the registry, so a policy added there is covered here without edits.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_COSTS,
  DEFAULT_DISK,
  type AppSpec,
  type MachineConfig,
  type PolicyChoice,
} from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, PAGE_SIZE, opStreamOf, type OpKind } from "../../kernel/workload.js";
import { pagers, schedulers } from "../../policies/index.js";
import { config, policies, run } from "./kernel-run.js";

const PAGERS = Object.keys(pagers);
const SCHEDULERS = Object.keys(schedulers);

/**
 * Each pager with its defaults, plus the clock-driven ones with short periods, so that ticks and
 * working-set windows fall inside these short runs (their defaults are 10 ms).
 */
const pagerChoices: PolicyChoice[] = [
  ...PAGERS.map((name) => ({ name })),
  { name: "aging", options: { tickNs: 20_000, bits: 4 } },
  { name: "nfu", options: { tickNs: 20_000 } },
  { name: "wsclock", options: { tauNs: 50_000 } },
  { name: "2q", options: { kin: 0.5, kout: 1 } },
];
const schedulerChoices: PolicyChoice[] = [
  ...SCHEDULERS.map((name) => ({ name })),
  { name: "mlfq", options: { sliceNs: 1_000_000, boostNs: 5_000_000 } },
  { name: "lottery", options: { compensation: false } },
];

const op = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .tuple(fc.constantFrom<OpKind>(OP_READ, OP_WRITE), fc.integer({ min: 0, max: 24 }))
      .map(([k, p]) => [k, p * PAGE_SIZE] as const),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3_000_000 }).map((ns) => [OP_COMPUTE as OpKind, ns] as const) },
  { weight: 1, arbitrary: fc.constant([OP_IO as OpKind, 1] as const) },
);

const appArb = (index: number) =>
  fc
    .record({
      priority: fc.constantFrom<"high" | "low">("high", "low"),
      pager: fc.constantFrom(...pagerChoices),
      scheduler: fc.constantFrom(...schedulerChoices),
      threads: fc.array(
        fc.record({ priority: fc.integer({ min: 0, max: 31 }), ops: fc.array(op, { minLength: 1, maxLength: 120 }) }),
        { minLength: 1, maxLength: 4 },
      ),
    })
    .map(
      (a): AppSpec => ({
        name: `app${index}`,
        priority: a.priority,
        pager: a.pager,
        scheduler: a.scheduler,
        // A little smaller than what the threads touch: some accesses are bad addresses.
        regions: [{ startVpn: 0, pages: 22, writable: true }],
        threads: a.threads.map((t, i) => ({ name: `t${i}`, priority: t.priority, ops: opStreamOf(t.ops) })),
      }),
    );

const configArb = fc
  .record({
    frames: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer({ min: 0, max: 1000 }),
    apps: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => appArb(i)))),
  })
  .map(
    ({ frames, seed, apps }): MachineConfig => ({
      name: "prop",
      seed,
      frames,
      quantumNs: 2_000_000,
      disk: DEFAULT_DISK,
      costs: DEFAULT_COSTS,
      apps,
    }),
  );

describe("every built-in policy through the kernel, over random scenarios", () => {
  it("the invariants hold after every fault and completion, nothing is lost, every thread finishes", () => {
    fc.assert(
      fc.property(configArb, (cfg) => {
        const report = new Kernel(cfg, policies).run({ check: true });
        expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it("the same configuration and seed give the same report, byte for byte", () => {
    fc.assert(
      fc.property(configArb, (cfg) => {
        const a = JSON.stringify(new Kernel(cfg, policies).run());
        const b = JSON.stringify(new Kernel(cfg, policies).run());
        expect(b).toBe(a);
      }),
      { numRuns: 80, seed: 13 },
    );
  });

  it("every pager and scheduler appears in the scenarios generated above", () => {
    const seen = new Set<string>();
    fc.sample(configArb, { numRuns: 300, seed: 12 }).forEach((cfg) =>
      cfg.apps.forEach((a) => {
        seen.add(`pager:${a.pager.name}`);
        seen.add(`scheduler:${a.scheduler.name}`);
      }),
    );
    for (const name of PAGERS) expect(seen, name).toContain(`pager:${name}`);
    for (const name of SCHEDULERS) expect(seen, name).toContain(`scheduler:${name}`);
  });
});

describe("OPT is the lower bound through the kernel", () => {
  const trace = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 150 });

  it("on single-threaded traces of reads and writes, at several frame counts, no pager faults less than OPT", () => {
    fc.assert(
      fc.property(trace, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 0, max: 100 }), (refs, frames, seed) => {
        const ops = refs.map(([w, page]) => [w ? OP_WRITE : OP_READ, page * PAGE_SIZE] as const);
        const faults = (choice: PolicyChoice) =>
          run(config([{ ops }], frames, choice, undefined, seed)).report.totals.faults;
        const opt = faults({ name: "opt" });
        for (const choice of pagerChoices) expect(faults(choice), JSON.stringify(choice)).toBeGreaterThanOrEqual(opt);
      }),
      { numRuns: 120, seed: 14 },
    );
  });
});
