import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ReadyThreadInfo, SchedulerPolicy, SchedulerView } from "../../kernel/policy.js";
import { createScheduler, schedulers } from "../../policies/index.js";
import { FakeSchedulerView } from "./scheduler-harness.js";

const t = (thread: number, priority = 0, readySince = 0): ReadyThreadInfo => ({
  thread,
  priority,
  readySince,
  ranNs: 0,
});

/** A scheduler whose view defaults to an idle fake one (these policies do not read it). */
interface Picker {
  readonly name: string;
  pick(ready: readonly ReadyThreadInfo[], current: number, view?: SchedulerView): number;
}
const sched = (name: string, options?: Record<string, unknown>): Picker => {
  const s: SchedulerPolicy = createScheduler(options === undefined ? { name } : { name, options });
  return { name: s.name, pick: (ready, current, view = new FakeSchedulerView()) => s.pick(ready, current, view) };
};

/** Pick repeatedly with everyone always ready, feeding each pick back as `current`. */
function run(s: Picker, ready: readonly ReadyThreadInfo[], steps: number, current = -1): number[] {
  const out: number[] = [];
  for (let i = 0; i < steps; i++) out.push((current = s.pick(ready, current)));
  return out;
}

describe("FIFO scheduler", () => {
  it("keeps the current thread while it is ready", () => {
    expect(run(sched("fifo"), [t(3, 0, 5), t(1, 0, 9), t(2, 0, 1)], 3, 1)).toEqual([1, 1, 1]);
  });

  it("otherwise takes the earliest readySince, ties to the lowest id", () => {
    expect(sched("fifo").pick([t(3, 0, 5), t(1, 0, 9), t(2, 0, 1)], -1)).toBe(2);
    expect(sched("fifo").pick([t(4, 0, 2), t(3, 0, 2), t(7, 0, 8)], 9)).toBe(3);
  });

  it("ignores priority", () => {
    expect(sched("fcfs").pick([t(1, 31, 5), t(2, 0, 1)], -1)).toBe(2);
  });
});

describe("round-robin scheduler", () => {
  it("rotates in thread-id order, wrapping, whatever the order of `ready`", () => {
    expect(run(sched("round-robin"), [t(5), t(2), t(9), t(0)], 9)).toEqual([0, 2, 5, 9, 0, 2, 5, 9, 0]);
  });

  it("takes the next id after current even if current is not ready", () => {
    expect(sched("rr").pick([t(1), t(4), t(6)], 3)).toBe(4);
    expect(sched("rr").pick([t(1), t(4), t(6)], 6)).toBe(1);
    expect(sched("rr").pick([t(1), t(4), t(6)], 99)).toBe(1);
  });

  it("runs the current thread again if it is the only one ready", () => {
    expect(run(sched("rr"), [t(3)], 3, 3)).toEqual([3, 3, 3]);
  });

  it("ignores priority and readySince", () => {
    expect(sched("rr").pick([t(2, 0, 0), t(1, 31, 100)], 1)).toBe(2);
  });
});

describe("priority scheduler", () => {
  it("runs the highest priority; lower ones wait", () => {
    expect(run(sched("priority"), [t(1, 3), t(2, 10), t(3, 7)], 3)).toEqual([2, 2, 2]);
  });

  it("round-robins among equals at the top, skipping lower priorities", () => {
    const ready = [t(4, 5), t(1, 9), t(2, 1), t(7, 9), t(3, 9)];
    expect(run(sched("priority"), ready, 7)).toEqual([1, 3, 7, 1, 3, 7, 1]);
    expect(sched("priority").pick(ready, 4)).toBe(7);
  });

  it('with ties "fifo": keeps current among the top, else the earliest readySince', () => {
    const s = sched("priority", { ties: "fifo" });
    expect(s.pick([t(1, 9, 5), t(2, 9, 3), t(3, 1, 0)], 1)).toBe(1);
    expect(s.pick([t(1, 9, 5), t(2, 9, 3), t(3, 1, 0)], 3)).toBe(2);
    expect(s.pick([t(5, 9, 3), t(2, 9, 3), t(3, 1, 0)], -1)).toBe(2);
    expect(s.pick([t(1, 2, 5), t(3, 8, 0)], 1)).toBe(3); // current is ready but outranked
  });
});

describe("scheduler properties", () => {
  const readyList = fc.uniqueArray(
    fc.record({
      thread: fc.integer({ min: 0, max: 30 }),
      priority: fc.integer({ min: 0, max: 31 }),
      readySince: fc.integer({ min: 0, max: 50 }),
      ranNs: fc.nat(),
    }),
    { minLength: 1, maxLength: 10, selector: (r) => r.thread },
  );

  it("every scheduler picks a ready thread; priority picks one of the highest priority", () => {
    fc.assert(
      fc.property(readyList, fc.integer({ min: -1, max: 31 }), (ready, current) => {
        for (const name of Object.keys(schedulers)) {
          const picked = sched(name).pick(ready, current);
          expect(ready.some((r) => r.thread === picked)).toBe(true);
        }
        const top = Math.max(...ready.map((r) => r.priority));
        for (const ties of ["round-robin", "fifo"]) {
          const picked = sched("priority", { ties }).pick(ready, current);
          expect(ready.find((r) => r.thread === picked)!.priority).toBe(top);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("round robin with a fixed ready set visits every thread once per len(ready) picks", () => {
    fc.assert(
      fc.property(readyList, fc.integer({ min: -1, max: 31 }), (ready, current) => {
        const picks = run(sched("rr"), ready, ready.length, current);
        expect(new Set(picks).size).toBe(ready.length);
      }),
    );
  });
});
