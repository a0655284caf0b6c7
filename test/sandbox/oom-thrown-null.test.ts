/**
 * Red team 16's oom-thrown-null: QuickJS, out of memory for a small allocation, cannot make its
 * out-of-memory error either and throws `null`. The memory is then one that cannot grow under
 * its maximum (engine.ts canGrow), and the host stops the VM as out of memory whatever the guest
 * threw or caught; a guest's own `throw null` far from the limit stays its exception.
 */
import { describe, expect, it } from "vitest";
import { canGrow, quickjsLimitBytes, WASM_INITIAL_BYTES, wasmMaximumBytes } from "../../sandbox/engine.js";
import type { SandboxFault } from "../../sandbox/index.js";
import { disposeClean, ext, makeVM } from "./helpers.js";

const LIMITS = { memoryBytes: 4 << 20, budget: 1_000_000, timeoutMs: 60_000 };
/** A Set grown one small record at a time until the memory has no room for the next. */
const FILL = "let s = new Set(); for (let i = 0; ; i++) s.add(i);";

function faultOf(r: { ok: boolean; error?: SandboxFault }): SandboxFault {
  expect(r.ok).toBe(false);
  return r.error!;
}

describe("out of memory thrown as null", () => {
  it("a null QuickJS throws for want of memory is a memory fault, and the VM is retired", async () => {
    const vm = await makeVM(ext({ fill: `() => { ${FILL} }` }), { limits: LIMITS });
    const f = faultOf(vm.invoke("fill", 0));
    expect(f.kind).toBe("memory");
    expect(vm.state).toBe("dead");
    expect(vm.cause).toMatch(/^out of memory/);
  });

  it("a guest that catches that null and carries on is stopped all the same", async () => {
    const vm = await makeVM(
      ext({ fill: `() => { try { ${FILL} } catch (e) { return e === null ? "caught null" : "caught " + e; } }` }),
      { limits: LIMITS },
    );
    const f = faultOf(vm.invoke("fill", 0));
    expect(f.kind).toBe("memory");
    expect(vm.state).toBe("dead");
  });

  it("under a small limit too, where QuickJS's own limit (8 bytes a block, whatever its size) refused small blocks by their number first", async () => {
    // Under 1 MiB QuickJS refused the 131,073rd block with the WASM memory far from full, threw
    // null, and nothing of it stayed once the Set was freed (measured up to 2.5 MiB).
    for (const body of [FILL, "let s = new Set(); for (;;) s.add({});"]) {
      const vm = await makeVM(
        ext({ fill: `() => { try { ${body} } catch (e) { return e === null ? "caught null" : "caught " + e; } }` }),
        { limits: { ...LIMITS, memoryBytes: 1 << 20 } },
      );
      const f = faultOf(vm.invoke("fill", 0));
      expect(f.kind, body).toBe("memory");
      expect(vm.state).toBe("dead");
    }
  });

  it("a guest's own throw null, far from the limit, is its exception, and the VM lives on", async () => {
    const vm = await makeVM(
      ext({
        thrower: "() => { throw null; }",
        catcher: "() => { try { throw null; } catch (e) { return e === null ? 'mine' : 'other'; } }",
      }),
      { limits: LIMITS },
    );
    const f = faultOf(vm.invoke("thrower", 0));
    expect(f.kind).toBe("exception");
    expect(f.message).toContain("guest threw null");
    expect(vm.state).toBe("alive");
    const r = vm.invoke("catcher", 0);
    expect(r.ok && r.value.value).toBe("mine");
    disposeClean(vm);
  });
});

describe("quickjsLimitBytes: QuickJS's count of blocks cannot run out before the WASM memory", () => {
  it("the limit QuickJS counts 8 bytes a block against, at 16 bytes a block at least, is the WASM maximum's worth", () => {
    for (const limit of [1 << 20, 16 << 20, 1 << 30])
      expect(2 * quickjsLimitBytes(limit)).toBe(wasmMaximumBytes(limit));
  });
});

describe("canGrow: where emscripten stops growing a WASM memory", () => {
  const max = wasmMaximumBytes(16 << 20);
  it("the maximum is the start and twice the limit", () => {
    expect(max).toBe(WASM_INITIAL_BYTES + (32 << 20));
  });
  it("a memory that 5% more (a page rounded) still fits can grow; past maximum / 1.05 it cannot", () => {
    expect(canGrow(WASM_INITIAL_BYTES, max)).toBe(true);
    expect(canGrow(Math.floor(max / 1.05 / 65536) * 65536, max)).toBe(true);
    // Measured in red team 16's exercise: the memory stopped at 48,889,856 bytes of 50,331,648.
    expect(canGrow(48_889_856, max)).toBe(false);
    expect(canGrow(max, max)).toBe(false);
  });
});
