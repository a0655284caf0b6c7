/**
 * Red team 18's oom-regrow-held: a call makes and drops more than the VM's memory limit (the WASM
 * memory grows, the heap in use after it is small), and a later call keeps more than the limit
 * in the pages that call grew: it grows nothing, and QuickJS's own limit is above the VM's
 * (engine.ts quickjsLimitBytes). The host measures the heap in use after every call once the
 * WASM memory is larger than the limit (memory-guard.ts overLimit), and retires the VM with a
 * memory fault that names the limit; a VM that keeps less than the limit in those pages lives on.
 */
import { describe, expect, it } from "vitest";
import { disposeClean, ext, makeVM } from "./helpers.js";

/** Makes `n` buffers of 1 MiB; keeps them when `keep`. */
const HANDLERS = {
  alloc:
    "(a) => { const made = []; for (let i = 0; i < a.n; i++) made.push(new Float64Array(131072)); held = a.keep ? made : []; return held.length; }",
};
const LIMITS = { memoryBytes: 16 << 20, budget: 1_000_000, timeoutMs: 60_000 };

describe("the heap in use measured after every call in a memory larger than the limit", () => {
  it("a call that keeps more than the limit in pages an earlier call grew is a memory fault naming the limit", async () => {
    const vm = await makeVM(ext(HANDLERS, "let held = [];"), { limits: LIMITS });
    const first = vm.invoke("alloc", 0, { n: 22, keep: false });
    expect(first.ok).toBe(true);
    const second = vm.invoke("alloc", 0, { n: 20, keep: true });
    expect(second.ok).toBe(false);
    if (second.ok) return;
    expect(second.error.kind).toBe("memory");
    expect(second.error.message).toMatch(
      /^guest ran out of memory \(\d+\.\d MiB in use after the call, limit 16\.0 MiB\)$/,
    );
    expect(vm.state).toBe("dead");
    expect(vm.cause).toMatch(/^out of memory: .*limit 16\.0 MiB/);
  });

  it("a call that keeps less than the limit in those pages is not, and the VM lives on", async () => {
    const vm = await makeVM(ext(HANDLERS, "let held = [];"), { limits: LIMITS });
    expect(vm.invoke("alloc", 0, { n: 22, keep: false }).ok).toBe(true);
    for (let i = 0; i < 3; i++) {
      const r = vm.invoke("alloc", 0, { n: 12, keep: true });
      expect(r.ok && r.value.value).toBe(12);
    }
    expect(vm.state).toBe("alive");
    disposeClean(vm);
  });
});
