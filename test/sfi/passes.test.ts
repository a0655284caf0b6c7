/** Each SFI pass's checks fire on crafted inputs, with the TypeScript position of the check. */
import { describe, expect, it } from "vitest";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { rewriteExtension } from "../../extensions/sfi/rewrite.js";
import { lineOf, load, reclaimArgs } from "./helpers.js";

const HEAP_EXT = `import { defineExtension } from "spin-kernel/extension";
import { heap } from "spin-kernel/sfi";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      heap[args.vpn] = 5; // STORE
      return { prefetch: [heap[args.vpn & 65535] ?? -1, heap.length] };
    },
  },
});
`;

describe("pass heap (fault domain)", () => {
  const args = { space: 0, thread: 0, vpn: 70_000, access: "read", onSwap: true };
  it("mask: a wild store wraps round inside the segment (Wahbe's sandboxing)", async () => {
    const x = await load("pager.ts", HEAP_EXT, { heapMode: "mask" });
    // 70000 & 65535 = 4464: the store landed there, and the load of 4464 sees it.
    expect(x.call("Translation.PageNotPresent", args)).toEqual({ ok: true, value: { prefetch: [5, 65536] } });
    expect(x.rw.body).toContain("& 65535]");
    x.vm.dispose();
  });
  it("check: a wild store traps with index, heap size and TypeScript position", async () => {
    const x = await load("pager.ts", HEAP_EXT, { heapMode: "check" });
    const r = x.call("Translation.PageNotPresent", args);
    const line = lineOf(HEAP_EXT, "// STORE");
    expect(r).toEqual({
      ok: false,
      fault: {
        kind: "sfi",
        message: `sfi: heap store out of bounds (index 70000, heap 65536) at pager.ts:${line}:7`,
        position: { file: "pager.ts", line, column: 7 },
      },
    });
    // In bounds, the same handler runs normally.
    expect(x.call("Translation.PageNotPresent", { ...args, vpn: 3 })).toEqual({
      ok: true,
      value: { prefetch: [5, 65536] },
    });
    x.vm.dispose();
  });
  it("a store through a type wrapper is a store: checked when only stores are (red team 12)", async () => {
    const src = HEAP_EXT.replace("heap[args.vpn] = 5;", "(heap[args.vpn] satisfies number | undefined) = 5;");
    const x = await load("pager.ts", src, { heapMode: "check", heapLoads: false });
    const line = lineOf(src, "// STORE");
    expect(x.rw.stats["heap.store"]).toBe(1);
    expect(x.call("Translation.PageNotPresent", args)).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: `sfi: heap store out of bounds (index 70000, heap 65536) at pager.ts:${line}:8` },
    });
    x.vm.dispose();
  });
  it("the heap cannot escape as a value", () => {
    const src = HEAP_EXT.replace("heap[args.vpn] = 5;", "const h = heap; h[0] = 1;");
    expect(() => rewriteExtension("pager.ts", src)).toThrow(/sfi\/heap-escape/);
  });
});

const FORGE = `import { defineExtension, type Frame } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const forged = (args.vpn * 1000) as Frame;
      if (args.vpn === 1) {
        (args.resident as { frame: Frame }[]).push({ frame: forged });
        return { victim: forged }; // SMUGGLED
      }
      if (args.vpn === 2) return { victim: args.resident[0]!.frame, clearReferenced: [forged] }; // CLEAR
      if (args.vpn === 3) return { victim: args.resident[1]!.frame };
      return { victim: forged }; // FORGED
    },
  },
});
`;

describe("pass capability", () => {
  it("a forged victim is refused at the return, with its source line", async () => {
    const x = await load("forge.ts", FORGE);
    const line = lineOf(FORGE, "// FORGED");
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 7))).toEqual({
      ok: false,
      fault: {
        kind: "sfi",
        message: `sfi: capability check failed: victim 7000 is not a frame of this event's resident set at forge.ts:${line}:7`,
        position: { file: "forge.ts", line, column: 7 },
      },
    });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 3))).toEqual({ ok: true, value: { victim: 9 } });
    x.vm.dispose();
  });
  it("adding the forged frame to args.resident does not help (the wrapper snapshotted it)", async () => {
    const x = await load("forge.ts", FORGE);
    const r = x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 1));
    expect(r.ok || r.fault.message).toMatch(/victim 1000 is not a frame .* at forge\.ts:9:9$/);
    const c = x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 2));
    expect(c.ok || c.fault.message).toMatch(/clearReferenced\[0\] = 2000 is not a frame/);
    x.vm.dispose();
  });
  it("off: the forged victim leaves the extension (the kernel's validator is then the only check)", async () => {
    const x = await load("forge.ts", FORGE, { passes: { capability: false } });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 7))).toEqual({ ok: true, value: { victim: 7000 } });
    x.vm.dispose();
  });
});

const CONTROL = `import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      const f = () => 1;
      const key = args.vpn === 1 ? "constr" + "uctor" : "length";
      const c: unknown = (f as unknown as Record<string, unknown>)[key]; // KEY
      if (args.vpn === 2) {
        const bound = f.bind(null);
        bound(); // BOUND
      }
      return { prefetch: [f(), typeof c === "number" ? c : -1] };
    },
  },
});
`;

describe("pass control", () => {
  it('o["constr" + "uctor"] is trapped at run time; other keys pass', async () => {
    const x = await load("ctl.ts", CONTROL);
    const line = lineOf(CONTROL, "// KEY");
    expect(x.call("Translation.PageNotPresent", { vpn: 0 })).toEqual({ ok: true, value: { prefetch: [1, 0] } });
    const r = x.call("Translation.PageNotPresent", { vpn: 1 });
    expect(r).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: `sfi: computed access to dangerous property "constructor" at ctl.ts:${line}:26` },
    });
    x.vm.dispose();
  });
  it("an indirect call to a function outside the table (a bound function) traps", async () => {
    const x = await load("ctl.ts", CONTROL);
    const r = x.call("Translation.PageNotPresent", { vpn: 2 });
    expect(r).toMatchObject({
      ok: false,
      fault: {
        kind: "sfi",
        message: `sfi: indirect call to a function outside the extension's function table at ctl.ts:${lineOf(CONTROL, "// BOUND")}:9`,
      },
    });
    x.vm.dispose();
  });
  it("a builtin rebound through a type wrapper is called through the table (red team 12, sfi-rebind-direct-call)", async () => {
    const src = `import { defineExtension } from "spin-kernel/extension";
const pick = (n: unknown): number => (typeof n === "number" ? n : 0);
export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      const bound: unknown = pick.bind(null);
      (Number satisfies NumberConstructor) = bound as NumberConstructor;
      return { prefetch: [Number(args.vpn)] }; // CALL
    },
  },
});
`;
    const x = await load("rebind.ts", src);
    expect(x.call("Translation.PageNotPresent", { vpn: 1 })).toMatchObject({
      ok: false,
      fault: {
        kind: "sfi",
        message: `sfi: indirect call to a function outside the extension's function table at rebind.ts:${lineOf(src, "// CALL")}:27`,
      },
    });
    x.vm.dispose();
  });
  it("a literal dangerous key is refused at load time", () => {
    expect(() => rewriteExtension("ctl.ts", CONTROL.replace("[key]", '["__proto__"]'))).toThrow(ExtensionRejected);
  });
  it("the Function constructor is unreachable through .constructor after taming", async () => {
    // `f.constructor` written as a property access (the verifier refuses it; the rewriter alone does not).
    const src = CONTROL.replace('"constr" + "uctor"', '"length"')
      .replace("return { prefetch", "const g = f as unknown as { constructor?: unknown }; return { prefetch")
      .replace('typeof c === "number" ? c : -1', "g.constructor === undefined ? 1 : 0");
    const x = await load("ctl.ts", src);
    expect(x.call("Translation.PageNotPresent", { vpn: 0 })).toEqual({ ok: true, value: { prefetch: [1, 1] } });
    x.vm.dispose();
  });
  it("prototypes are out of reach: the reflective Object/Reflect functions trap, the legacy accessor API is gone", async () => {
    const src = CONTROL.replace(
      "return { prefetch",
      "const O: any = Object; if (args.vpn === 3) O.getPrototypeOf([]); if (args.vpn === 4) O.getOwnPropertyDescriptor(O, 'keys'); if (args.vpn === 5) O.defineProperty({}, 'x', { get: () => 1 }); const probe: any = {}; return { prefetch",
    ).replace(
      'typeof c === "number" ? c : -1',
      "probe.__defineGetter__ === undefined && probe.__proto__ === undefined ? 1 : 0",
    );
    const x = await load("ctl.ts", src);
    expect(x.call("Translation.PageNotPresent", { vpn: 0 })).toEqual({ ok: true, value: { prefetch: [1, 1] } });
    for (const [vpn, fn] of [
      [3, "getPrototypeOf"],
      [4, "getOwnPropertyDescriptor"],
      [5, "defineProperty"],
    ] as const) {
      expect(x.call("Translation.PageNotPresent", { vpn })).toMatchObject({
        ok: false,
        fault: {
          kind: "sfi",
          message: `sfi: Object.${fn} is not available in SFI mode (it reaches prototypes or installs accessors)`,
        },
      });
    }
    x.vm.dispose();
  });
});

const LOOP = `import { defineExtension } from "spin-kernel/extension";
import { heap } from "spin-kernel/sfi";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      if (args.vpn === 0) return { prefetch: [heap[0] ?? -1] };
      heap[0] = 0;
      while (true) { // LOOP
        heap[0]++;
      }
    },
  },
});
`;

describe("pass fuel", () => {
  it("an infinite loop is stopped at a deterministic count, whatever the interrupt counter says", async () => {
    const counts: number[] = [];
    for (let run = 0; run < 2; run++) {
      const x = await load("loop.ts", LOOP, { fuel: 50_000 });
      const r = x.call("Translation.PageNotPresent", { vpn: 1 });
      const line = lineOf(LOOP, "// LOOP");
      expect(r).toEqual({
        ok: false,
        fault: {
          kind: "sfi",
          message: `sfi: fuel exhausted (50000 units of loop back-edges and function entries) at loop.ts:${line}:7`,
          position: { file: "loop.ts", line, column: 7 },
        },
      });
      const after = x.call("Translation.PageNotPresent", { vpn: 0 });
      expect(after.ok).toBe(true);
      counts.push((after as { value: { prefetch: number[] } }).value.prefetch[0]!);
      expect(x.fuel).toEqual([50_000, 1]);
      x.vm.dispose();
    }
    // one unit for the handler's entry, then one per iteration: the 50,000th unit is the last
    expect(counts).toEqual([49_999, 49_999]);
  });
  it("a trap cannot be swallowed by try/catch/finally", async () => {
    const src = LOOP.replace(
      "while (true) { // LOOP\n        heap[0]++;\n      }",
      "for (;;) { try { while (true) heap[0]++; } catch { heap[1] = 1; } finally { heap[2] = 1; } }",
    );
    const x = await load("loop.ts", src, { fuel: 1000 });
    const r = x.call("Translation.PageNotPresent", { vpn: 1 });
    expect(r).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringMatching(/^sfi: fuel exhausted/) },
    });
    x.vm.dispose();
  });
});

describe("positions", () => {
  it("an ordinary exception in rewritten code still maps to the TypeScript line", async () => {
    const src = FORGE.replace(
      "const forged",
      'if (args.vpn === 5) throw new Error("boom"); // THROW\n      const forged',
    );
    const x = await load("forge.ts", src);
    const r = x.call("PhysAddr.Reclaim", reclaimArgs([4], 5));
    expect(r).toMatchObject({
      ok: false,
      fault: { kind: "exception", position: { file: "forge.ts", line: lineOf(src, "// THROW") } },
    });
    x.vm.dispose();
  });
});
