/**
 * V8's own stack overflow in the V8 placements (red team 12's stack-overflow-wide-frames). The
 * fuel pass's depth count allowed 512 frames, but a frame of 1,500 locals reached V8's limit ~80
 * frames down: the guest caught the RangeError and recursed again, ~350 fuel units for ~18 ms of
 * host time each, and only the deadline stopped the call. Now a frame counts depth by its size
 * (extensions/sfi/frame-slots.ts), and an overflow V8 still reaches (a spread call's arguments
 * are on the stack, unsized by the source) ends the guest call as a stack fault at the first
 * catch, finally or frame it passes (extensions/sfi/passes/overflow.ts), charged its whole fuel.
 * QuickJS (typed, sfi) throws its own, deterministic, stack overflow, which the guest may catch:
 * there the loop runs until its budget of polls.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtensionVM, v8Fuel } from "../../extensions/loader/engines.js";
import { executionModes, runSupervisedWithExtensions } from "../../extensions/loader/index.js";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import type { ExtensionVM } from "../../sandbox/vm.js";
import { loadWorkload } from "../../workloads/index.js";
import { SITE_LINE_BASE } from "../../sandbox/sfi-runtime.js";

/** `const a0 = n, a1 = a0 + 1, …;`: a frame of `locals` registers. */
function wideLocals(locals: number): string {
  const names: string[] = [];
  for (let i = 0; i < locals; i++) names.push(i === 0 ? "a0 = n" : `a${i} = a${i - 1} + 1`);
  return `const ${names.join(", ")};`;
}

/**
 * Each handler overflows and catches it 20 times, then returns how many it caught (a bounded
 * loop: before, such a call returned 20, or ran until the deadline). The attempts:
 *  - wide: recursion through a frame of 1,500 locals;
 *  - spread: a call with 2^20 arguments by spread (twice 2^19: 8 MiB on V8's stack, a worker's is 4 MiB),
 *    which no count of the source sizes, charged a unit an element: V8 overflows all the same;
 *  - finally: the spread under a `finally` that returns, with no catch;
 *  - promise: the spread in a promise's executor, which turns a throw into a rejection;
 * and one handler that throws and catches as an ordinary extension does.
 */
const SOURCE = rewriteWithFuel(
  "overflow.ts",
  `import { defineExtension } from "spin-kernel/extension";
function wide(n: number): number {
  ${wideLocals(1500)}
  return wide(n + 1) + a1499;
}
function attempts(attempt: () => unknown): number {
  let caught = 0;
  for (let i = 0; i < 20; i++) {
    try {
      attempt();
    } catch {
      caught++;
    }
  }
  return caught;
}
function swallowed(big: number[]): number {
  try {
    return Math.max(...big, ...big);
  } finally {
    return -1;
  }
}
const big = (): number[] => new Array<number>(1 << 19).fill(1);
export default defineExtension({ handlers: {
  "Translation.PageNotPresent": [
    () => ({ caught: attempts(() => wide(0)) }),
    () => { const b = big(); return { caught: attempts(() => Math.max(...b, ...b)) }; },
    () => { const b = big(); let n = 0; for (let i = 0; i < 20; i++) if (swallowed(b) === -1) n++; return { swallowed: n }; },
    () => { const b = big(); for (let i = 0; i < 20; i++) new Promise(() => Math.max(...b, ...b)); return { rejected: 20 }; },
    () => {
      const seen: string[] = [];
      try { throw new Error("plain"); } catch ({ message }) { seen.push(message); }
      try { try { throw new TypeError("inner"); } finally { seen.push("finally"); } } catch (e) { seen.push(e instanceof TypeError ? "outer" : "?"); }
      try { seen.push("try"); } catch { seen.push("no"); } finally { seen.push("done"); }
      const f = (): string => { try { return "tried"; } finally { seen.push("left"); } };
      seen.push(f());
      return { seen: seen.join(",") };
    },
  ],
} });`,
);

let vm: ExtensionVM;
beforeAll(async () => {
  // A budget for a few spreads of 2^20 elements (a unit an element), and the heap for their array.
  const created = await createExtensionVM("server", {
    source: SOURCE.js,
    filename: "overflow.ts",
    seed: 1,
    limits: { timeoutMs: 60_000, budget: 1000, memoryBytes: 64 << 20 },
  });
  if (!created.ok) throw created.error;
  vm = created.value;
});
afterAll(() => vm?.dispose());

/** One handler's call: its fault's kind, message, limit and place in the source, and the fuel it was charged. */
function call(index: number) {
  const before = vm.instructionCount;
  const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index, args: { space: 0, vpn: 1 } }]);
  const fuel = vm.instructionCount - before;
  if (r.ok) return { ran: r.value.results[0], fuel };
  const { kind, message, limit, position } = r.error;
  const at = position === undefined ? undefined : SOURCE.sites[position.line - SITE_LINE_BASE];
  return { kind, message, limit, at, fuel };
}

describe("V8's own stack overflow in the V8 placements (server: the native placement's NativeVM in a worker)", () => {
  it("a wide frame counts depth by its size: the recursion stops at the depth count, before V8 overflows", () => {
    const first = call(0);
    expect(first).toMatchObject({
      kind: "stack",
      message: "guest called deeper than 512 frames",
      limit: "512 frames",
      at: "overflow.ts:2:1",
    });
    // The same place and the same fuel every time.
    expect(call(0)).toEqual(first);
    // `wide` is the one function counted by its size (1,509 slots: 48 units).
    expect(SOURCE.stats["depth.wide"]).toBe(1);
    expect(vm.state).toBe("alive");
  });

  it("an overflow V8 reaches all the same ends the call as a stack fault where it was first seen, charged its whole fuel", () => {
    const expected = {
      kind: "stack",
      message: "guest overflowed V8's stack (a catch or finally cannot hide it: the call ends)",
      limit: "V8's stack",
      fuel: v8Fuel(1000),
    };
    // Seen by the attempt's own frame (the arrow: a counted frame), before the catch around it.
    const spread = call(1);
    expect(spread).toEqual({ ...expected, at: "overflow.ts:28:56" });
    expect(call(1)).toEqual(spread);
    // A finally that returns does not swallow it: its try's catch sees it first.
    const swallowed = call(2);
    expect(swallowed).toEqual({ ...expected, at: "overflow.ts:18:3" });
    expect(call(2)).toEqual(swallowed);
    // Nor does a promise's executor, which would make a rejection of it.
    const rejected = call(3);
    expect(rejected).toEqual({ ...expected, at: "overflow.ts:30:71" });
    expect(call(3)).toEqual(rejected);
    expect(vm.state).toBe("alive");
  });
});

describe("the checks on the way of every other throw", () => {
  it("leave catch clauses (a pattern's included), finally blocks and returns through them as they were", () => {
    expect(call(4)).toEqual({
      ran: { ok: true, value: { seen: "plain,finally,outer,try,done,left,tried" } },
      fuel: expect.any(Number),
    });
  });
});

describe("the exercise in every placement (examples/exercises/stack-overflow-wide-frames.ts)", () => {
  const config = loadWorkload("examples/exercises/scenarios/duo.json");
  const file = "examples/exercises/stack-overflow-wide-frames.ts";
  const violations = async (mode: (typeof executionModes)[keyof typeof executionModes]) => {
    // The exercise's own deadline (its header's Limits): QuickJS's backtraces of its long
    // function are slow, unmetered C (docs/EXERCISES.md, "Issue 10's containment items", 3).
    const run = await runSupervisedWithExtensions(config, [{ file }], {
      mode,
      check: true,
      limits: { timeoutMs: 10_000 },
    });
    const ext = run.report.extensions.find((e) => e.file === file)!;
    return { byKind: ext.violationsByKind, at: [...new Set(ext.violations.map((v) => v.position))], run };
  };

  it("native and server: a stack fault at the depth count, the same report twice", async () => {
    for (const mode of [executionModes.native, executionModes.server]) {
      const a = await violations(mode);
      expect(Object.keys(a.byKind)).toEqual(["stack"]);
      expect(a.at).toEqual([`${file}:34:1`]);
      expect(a.run.host.kills).toEqual([]);
      const b = await violations(mode);
      expect(JSON.stringify(b.run.report)).toBe(JSON.stringify(a.run.report));
    }
  }, 120_000);

  it("typed and sfi: QuickJS's own overflow, caught, until the budget of polls", async () => {
    for (const mode of [executionModes.typed, executionModes.sfi]) {
      const a = await violations(mode);
      expect(Object.keys(a.byKind)).toEqual(["budget"]);
    }
  }, 120_000);
});
