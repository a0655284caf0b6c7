import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_COSTS } from "../../kernel/config.js";
import { MachineSchedulerView } from "../../kernel/machine/scheduler-view.js";
import { SimThread, type SimApp } from "../../kernel/machine/threads.js";
import { Prng } from "../../kernel/prng.js";
import { OP_COMPUTE, OP_IO, OP_READ, OP_WRITE, opStreamOf, type OpKind } from "../../kernel/workload.js";

const op = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom<OpKind>(OP_READ, OP_WRITE), fc.nat(1 << 20)) },
  { weight: 2, arbitrary: fc.tuple(fc.constant<OpKind>(OP_COMPUTE), fc.integer({ min: 1, max: 5_000_000 })) },
  { weight: 1, arbitrary: fc.tuple(fc.constant<OpKind>(OP_IO), fc.integer({ min: 1, max: 8 })) },
);

/** Two applications' worth of threads; the view is focused on the second (ids 2 and 3). */
function setup(streams: (readonly (readonly [OpKind, number])[])[]) {
  const threads = streams.map((ops, i) => new SimThread(i, i < 2 ? 0 : 1, `t${i}`, 0, opStreamOf(ops)));
  const app = { index: 1, name: "b", threads: threads.slice(2) } as unknown as SimApp;
  const view = new MachineSchedulerView(new Prng(3), 10_000_000, DEFAULT_COSTS).focus(app, 0);
  return { threads, view };
}

describe("SchedulerView", () => {
  it("workLeft is the compute time plus one access per reference from pc on, less what a cut compute op has done", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 60 }), { minLength: 4, maxLength: 4 }),
        fc.nat(),
        fc.nat(),
        (streams, pcSeed, leftSeed) => {
          const { threads, view } = setup(streams);
          for (const t of threads.slice(2)) {
            t.pc = t.ops.length === 0 ? 0 : pcSeed % (t.ops.length + 1);
            const cut = t.pc < t.ops.length && t.ops.kinds[t.pc] === OP_COMPUTE;
            t.computeLeft = cut ? 1 + (leftSeed % t.ops.values[t.pc]!) : -1;
            let naive = 0;
            for (let i = t.pc; i < t.ops.length; i++) {
              const k = t.ops.kinds[i];
              if (k === OP_COMPUTE) naive += i === t.pc && cut ? t.computeLeft : t.ops.values[i]!;
              else if (k === OP_READ || k === OP_WRITE) naive += DEFAULT_COSTS.accessNs;
            }
            expect(view.workLeft(t.id)).toBe(naive);
            // Asked again after progress, from the cached index.
            t.pc = t.ops.length;
            expect(view.workLeft(t.id)).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("threads of another application, and non-integers, are NaN; ranNs reads any thread of the application", () => {
    const { threads, view } = setup([[[OP_READ, 0]], [[OP_READ, 0]], [[OP_COMPUTE, 5]], [[OP_READ, 0]]]);
    threads[3]!.ranNs = 1234;
    expect(view.workLeft(0)).toBeNaN();
    expect(view.workLeft(2.5)).toBeNaN();
    expect(view.workLeft(99)).toBeNaN();
    expect(view.ranNs(1)).toBeNaN();
    expect(view.ranNs(3)).toBe(1234);
    expect(view.workLeft(2)).toBe(5);
  });

  it("random() is a seeded per-application stream: same seed, same numbers; another application, others", () => {
    const draw = (name: string) => {
      const app = { index: 0, name, threads: [] } as unknown as SimApp;
      const v = new MachineSchedulerView(new Prng(3), 1, DEFAULT_COSTS).focus(app, 0);
      return [v.random(), v.random(), v.random()];
    };
    expect(draw("a")).toEqual(draw("a"));
    expect(draw("a")).not.toEqual(draw("b"));
    for (const x of draw("a")) expect(x >= 0 && x < 1).toBe(true);
  });
});
