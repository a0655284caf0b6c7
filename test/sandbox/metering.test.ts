/**
 * C builtins are metered: QuickJS charges one tick for a call however much work the builtin does
 * in C, so before the prelude wrapped them, 1,000 default sorts of 200,000 numbers ran for minutes
 * without a single interrupt poll (found by examples/exercises/builtin-sort.ts). Now a builtin
 * pays one tick per element it touches (n log n for a default sort) before it runs.
 */
import { describe, expect, it } from "vitest";
import { disposeClean, ext, makeVM } from "./helpers.js";

const faultOf = (r: { ok: boolean; error?: { kind: string; message: string } }) => {
  if (r.ok) throw new Error("expected a fault");
  return r.error!;
};

describe("metering of C builtins", () => {
  it("repeated default sorts of a large array hit the budget within its deadline, not minutes later", async () => {
    const vm = await makeVM(ext({ sorts: "() => { const xs = []; for (let i = 0; i < 200000; i++) xs.push((i * 7919) % 200003); for (let r = 0; r < 1000; r++) xs.sort(); return xs[0]; }" }));
    const t0 = performance.now();
    const f = faultOf(vm.invoke("sorts", 0));
    expect(f.kind).toBe("budget");
    expect(performance.now() - t0).toBeLessThan(2_000);
    disposeClean(vm);
  });

  it("linear builtins on large inputs are charged per element (indexOf, join, split)", async () => {
    const vm = await makeVM(
      ext({
        indexOf: "() => { const xs = new Array(100000).fill(1); let n = 0; for (let r = 0; r < 100000; r++) n += xs.indexOf(2); return n; }",
        join: "() => { const xs = new Array(100000).fill(1); let n = 0; for (let r = 0; r < 100000; r++) n += xs.join().length; return n; }",
        split: "() => { const s = 'ab'.repeat(50000); let n = 0; for (let r = 0; r < 100000; r++) n += s.split('a').length; return n; }",
      }),
    );
    for (const h of ["indexOf", "join", "split"]) expect(faultOf(vm.invoke(h, 0)).kind).toBe("budget");
    disposeClean(vm);
  });

  it("small inputs are free: the same poll count as an unwrapped call, and results are unchanged", async () => {
    const vm = await makeVM(ext({ small: "() => [3, 1, 2].sort().join('-') + 'abc'.repeat(2) + [1, 2, 3].indexOf(2) + 'a,b'.split(',').length" }));
    const r = vm.invoke("small", 0);
    expect(r.ok && r.value.value).toBe("1-2-3abcabc12");
    disposeClean(vm);
  });

  it("an allocation that cannot succeed is not charged: it fails at once (RangeError or out of memory)", async () => {
    const vm = await makeVM(ext({ big: "() => 'x'.repeat(1 << 30)" }));
    expect(faultOf(vm.invoke("big", 0)).kind).toBe("exception");
    disposeClean(vm);
  });
});

describe("the host enforces the memory limit QuickJS's accounting misses", () => {
  it("a guest that catches out-of-memory cannot grow past its limit invocation after invocation", async () => {
    const vm = await makeVM(
      ext({ grow: "() => { let last = 0; try { for (let size = 1024; ; size *= 2) { keep.push(new Float64Array(size)); last = size; } } catch (e) { return last; } }" }, "const keep = [new Float64Array(1)];"),
    );
    const r = vm.invoke("grow", 0);
    // The first invocation already ends over the limit: the VM is retired as out of memory.
    expect(r.ok).toBe(false);
    expect(faultOf(r as never).kind).toBe("memory");
    expect(vm.state).toBe("dead");
    expect(vm.cause).toMatch(/^out of memory/);
    expect(faultOf(vm.invoke("grow", 0) as never).kind).toBe("dead");
    vm.dispose();
    expect(vm.state).toBe("disposed");
  });

  it("a VM that stays within its limit is not disturbed by the check", async () => {
    const vm = await makeVM(ext({ small: "() => { keep.push(new Float64Array(1 << 16)); return keep.length; }" }, "const keep = [];"));
    for (let i = 1; i <= 5; i++) {
      const r = vm.invoke("small", 0);
      expect(r.ok && r.value.value).toBe(i);
    }
    disposeClean(vm);
  });
});
