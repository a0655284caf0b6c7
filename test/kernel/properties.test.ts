import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AppSpec, MachineConfig } from "../../kernel/config.js";
import type { Handler } from "../../kernel/dispatcher/handler.js";
import { eventNames } from "../../kernel/events/catalogue.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, PAGE_SIZE, opStreamOf, type OpKind } from "../../kernel/workload.js";
import { machine, policies } from "./helpers.js";

const op = fc.oneof(
  {
    weight: 10,
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
      pager: fc.constantFrom("fifo", "clock", "lru", "random", "opt"),
      scheduler: fc.constantFrom("fifo", "rr", "priority"),
      threads: fc.array(
        fc.record({ priority: fc.integer({ min: 0, max: 3 }), ops: fc.array(op, { minLength: 1, maxLength: 120 }) }),
        { minLength: 1, maxLength: 3 },
      ),
    })
    .map(
      (a): AppSpec => ({
        name: `app${index}`,
        priority: a.priority,
        pager: { name: a.pager },
        scheduler: { name: a.scheduler },
        // Base pages differ per application; the range is a little smaller than what threads touch,
        // so that some accesses are bad addresses.
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
  .map(({ frames, seed, apps }): MachineConfig => machine(apps, frames, { seed, quantumNs: 2_000_000 }));

/** An untrusted handler that answers garbage drawn from a seeded sequence. */
function chaos(seed: number): Handler {
  let x = seed || 1;
  const junk = [
    (n: number) => ({ victim: n % 16 }),
    () => ({ victim: -1 }),
    () => ({ victim: Number.NaN }),
    () => ({ thread: 0 }),
    () => ({ prefetch: [1, 2, 3] }),
    () => "nope",
    () => ({ action: "skip" }),
    () => ({ prefetch: [99999] }),
  ];
  return {
    kind: "sandboxed",
    name: "chaos",
    trusted: false,
    invoke: () => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return { ok: true, value: junk[x % junk.length]!(x >> 8), instructions: 1 };
    },
  };
}

describe("kernel properties over random scenarios", () => {
  it("invariants hold after every fault and completion, and nothing is lost", () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const report = new Kernel(config, policies).run({ check: true });
        expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
      }),
      { numRuns: 400, seed: 42 },
    );
  });

  it("the same scenario and seed give the same report, byte for byte", () => {
    fc.assert(
      fc.property(configArb, (config) => {
        const a = JSON.stringify(new Kernel(config, policies).run());
        const b = JSON.stringify(new Kernel(config, policies).run());
        expect(a).toBe(b);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it("whatever untrusted handlers answer on every event, the kernel keeps its invariants", () => {
    fc.assert(
      fc.property(configArb, fc.integer({ min: 1, max: 1 << 30 }), fc.boolean(), (config, seed, cancel) => {
        const kernel = new Kernel(config, policies);
        config.apps.forEach((a, space) => {
          for (const event of eventNames) {
            kernel.dispatcher.install(event, chaos(seed + space), {
              principal: { kind: "application", space, name: a.name },
              options: { cancel },
            });
          }
        });
        const report = kernel.run({ check: true });
        expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
