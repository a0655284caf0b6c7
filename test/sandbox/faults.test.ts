import { describe, expect, it } from "vitest";
import { createSandboxVM, type SandboxFault } from "../../sandbox/index.js";
import { disposeClean, ext, makeVM } from "./helpers.js";

function faultOf(r: { ok: boolean; error?: SandboxFault }): SandboxFault {
  expect(r.ok).toBe(false);
  return r.error!;
}

describe("budget, memory, stack", () => {
  it("infinite loop -> budget fault, then the VM still works", async () => {
    const vm = await makeVM(ext({ spin: "() => { for (;;) {} }", ok: "() => 42" }), { limits: { budget: 50 } });
    const f = faultOf(vm.invoke("spin", 0, null));
    expect(f.kind).toBe("budget");
    expect(vm.state).toBe("alive");
    const r = vm.invoke("ok", 0, null);
    expect(r.ok && r.value.value).toBe(42);
    expect(vm.stats.faults.budget).toBe(1);
    expect(vm.stats.instructions).toBeGreaterThanOrEqual(50);
    disposeClean(vm);
  });

  it("a guest try/catch cannot swallow the budget abort", async () => {
    const vm = await makeVM(ext({ spin: "() => { let n = 0; for (;;) { try { for (;;) {} } catch (e) { n++ } } }" }), {
      limits: { budget: 20 },
    });
    expect(faultOf(vm.invoke("spin", 0)).kind).toBe("budget");
    disposeClean(vm);
  });

  it("with a budget too large to reach, the timeout is the safety net: an endless loop ends in a timeout fault at the deadline", async () => {
    // The deadline also bounds booting the VM (prelude and module), which takes ~10 ms, more on a
    // loaded machine: 200 ms leaves room for that and is still far below the budget's time.
    // (How far past its deadline a call can hold the host is measured in bench/watchdog.ts.)
    const vm = await makeVM(ext({ spin: "() => { for (;;) {} }" }), { limits: { budget: 1_000_000, timeoutMs: 200 } });
    expect(faultOf(vm.invoke("spin", 0))).toMatchObject({
      kind: "timeout",
      message: "guest exceeded the 200 ms deadline",
      limit: "200 ms",
    });
    disposeClean(vm);
  });

  it("string over the memory limit -> budget fault before any of it is made; host and OTHER VMs are fine", async () => {
    // Since red team 18 a repeat is charged by its result's length before it runs, so 64 Mi
    // characters (past an 8 MiB VM) are refused by the budget, not by the allocator (which,
    // under QuickJS's own limit of the VM's + 8 MiB, built it a character at a time until the
    // deadline). Memory faults: the array growth below, and examples/broken/memory-bomb.ts.
    const other = await makeVM(ext({ ok: "(a) => a * 2" }));
    const vm = await makeVM(ext({ big: "() => 'x'.repeat(1 << 26).length" }), { limits: { memoryBytes: 8 << 20 } });
    expect(faultOf(vm.invoke("big", 0)).kind).toBe("budget");
    expect(vm.state).toBe("alive");
    vm.dispose();
    expect(vm.state).toBe("disposed");
    const r = other.invoke("ok", 0, 21);
    expect(r.ok && r.value.value).toBe(42);
    disposeClean(other);
  });

  it("'x'.repeat(1<<30) is a RangeError in QuickJS (max string length), reported as an exception", async () => {
    const vm = await makeVM(ext({ big: "() => 'x'.repeat(1 << 30)" }));
    const f = faultOf(vm.invoke("big", 0));
    expect(f.kind).toBe("exception");
    expect(f.message).toMatch(/invalid string length/);
    disposeClean(vm);
  });

  it("array growth -> memory fault, and the VM is dead", async () => {
    const vm = await makeVM(ext({ grow: "() => { const a = []; for (;;) a.push({ i: a.length }); }" }), {
      limits: { memoryBytes: 4 << 20, budget: 100_000, timeoutMs: 10_000 },
    });
    expect(faultOf(vm.invoke("grow", 0)).kind).toBe("memory");
    expect(vm.state).toBe("dead");
    vm.dispose();
  });

  it("a guest that catches the out-of-memory of an array that filled its WASM memory is stopped all the same: memory, the VM dead", async () => {
    // The array is garbage once the catch runs (the heap in use is back within the limit), but the
    // WASM memory it filled can no longer grow: a small allocation fails from then on, and QuickJS,
    // unable to make its error, throws null, which the guest can take for its own (red team 16,
    // oom-thrown-null). So such a VM is retired, whatever it caught.
    const vm = await makeVM(
      ext({ sneaky: "() => { try { const a = []; for (;;) a.push([1,2,3]); } catch (e) { return 'survived' } }" }),
      {
        limits: { memoryBytes: 4 << 20, budget: 100_000, timeoutMs: 10_000 },
      },
    );
    expect(faultOf(vm.invoke("sneaky", 0)).kind).toBe("memory");
    expect(vm.state).toBe("dead");
  });

  it("a guest that catches the refusal of a string over the limit cannot: a budget fault each time, the VM alive", async () => {
    // The string is refused before any of it is made (its charge, red team 18), and a budget
    // fault is not the guest's to catch.
    const vm = await makeVM(
      ext({ sneaky: "() => { try { return 'x'.repeat(1 << 26).length; } catch (e) { return 'survived' } }" }),
      { limits: { memoryBytes: 8 << 20 } },
    );
    for (let i = 0; i < 2; i++) {
      expect(faultOf(vm.invoke("sneaky", 0)).kind).toBe("budget");
      expect(vm.state).toBe("alive");
    }
    disposeClean(vm);
  });

  it("deep recursion -> stack fault and the VM keeps working", async () => {
    const vm = await makeVM(ext({ rec: "function rec(n) { return rec(n + 1) + 1 }", ok: "() => 'fine'" }));
    expect(faultOf(vm.invoke("rec", 0, 0)).kind).toBe("stack");
    const r = vm.invoke("ok", 0);
    expect(r.ok && r.value.value).toBe("fine");
    disposeClean(vm);
  });

  it("host-function flood -> budget fault", async () => {
    const vm = await makeVM(
      ext({ flood: "(a, k) => { for (let i = 0; i < 1e6; i++) { try { k.ping() } catch (e) {} } }" }),
      {
        hostFunctions: { ping: () => 1 },
        limits: { maxHostCalls: 100 },
      },
    );
    const f = faultOf(vm.invoke("flood", 0));
    expect(f.kind).toBe("budget");
    expect(f.message).toMatch(/host calls/);
    disposeClean(vm);
  });
});

describe("exceptions", () => {
  const src = ext({
    str: "() => { throw 'boom' }",
    num: "() => { throw 7 }",
    obj: "() => { throw { code: 3 } }",
    err: "() => { null.x }",
    custom: "() => { throw new RangeError('bad range') }",
    trap: "() => { throw { get message() { for(;;){} }, toString() { for(;;){} } } }",
    nul: "() => { throw null }",
  });

  it("describes thrown strings, numbers, objects and Errors", async () => {
    const vm = await makeVM(src, { filename: "ext.js" });
    const d = (ev: string) => {
      const f = faultOf(vm.invoke(ev, 0));
      expect(f.kind).toBe("exception");
      return f as SandboxFault & { thrown: { type: string; name?: string; message: string } };
    };
    expect(d("str").thrown).toMatchObject({ type: "string", message: "boom" });
    expect(d("num").thrown).toMatchObject({ type: "number", message: "7" });
    expect(d("obj").thrown).toMatchObject({ type: "object", message: '{"code":3}' });
    expect(d("nul").thrown).toMatchObject({ type: "null", message: "null" });
    const e = d("err");
    expect(e.thrown).toMatchObject({ type: "error", name: "TypeError" });
    expect(e.position).toEqual({ line: 7, column: expect.any(Number) });
    expect(d("custom").thrown).toMatchObject({ name: "RangeError", message: "bad range" });
    disposeClean(vm);
  });

  it("a thrown object with looping getter/toString is bounded by the budget", async () => {
    const vm = await makeVM(src, { limits: { budget: 20 } });
    expect(faultOf(vm.invoke("trap", 0)).kind).toBe("budget");
    disposeClean(vm);
  });

  it("module top-level errors are faults of createSandboxVM, with position", async () => {
    const r = await createSandboxVM({ source: "const a = 1;\nthrow new Error('top');\n", filename: "m.js" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe("exception");
      expect(r.error.position?.line).toBe(2);
    }
    const s = await createSandboxVM({ source: "export const = 3;" });
    expect(!s.ok && s.error.kind).toBe("exception");
    const l = await createSandboxVM({ source: "for(;;){}", limits: { budget: 10 } });
    expect(!l.ok && l.error.kind).toBe("budget");
    const n = await createSandboxVM({ source: "export const x = 1;" });
    expect(!n.ok && n.error.message).toMatch(/defineExtension/);
    const m = await createSandboxVM({ source: "import fs from 'fs'; fs;" });
    expect(!m.ok && m.error.kind).toBe("exception");
  });
});

describe("results", () => {
  it("a result with a looping getter -> budget; toJSON trap -> budget", async () => {
    const vm = await makeVM(
      ext({
        getter: "() => ({ get x() { for (;;) {} } })",
        tojson: "() => ({ toJSON() { for (;;) {} } })",
        ok: "() => 1",
      }),
      { limits: { budget: 20 } },
    );
    expect(faultOf(vm.invoke("getter", 0)).kind).toBe("budget");
    expect(faultOf(vm.invoke("tojson", 0)).kind).toBe("budget");
    expect(vm.invoke("ok", 0).ok).toBe(true);
    disposeClean(vm);
  });

  it("huge, cyclic and BigInt results -> invalid-result; undefined is fine", async () => {
    const vm = await makeVM(
      ext({
        huge: "() => 'y'.repeat(100000)",
        cyc: "() => { const o = {}; o.o = o; return o }",
        big: "() => 10n",
        undef: "() => {}",
        missing: "() => 1",
      }),
    );
    expect(faultOf(vm.invoke("huge", 0)).kind).toBe("invalid-result");
    expect(faultOf(vm.invoke("cyc", 0)).kind).toBe("invalid-result");
    expect(faultOf(vm.invoke("big", 0)).kind).toBe("invalid-result");
    expect(vm.invoke("undef", 0)).toMatchObject({ ok: true, value: { value: undefined } });
    expect(faultOf(vm.invoke("missing", 3)).kind).toBe("invalid-result");
    expect(faultOf(vm.invoke("nope", 0)).kind).toBe("invalid-result");
    disposeClean(vm);
  });
});

describe("promises", () => {
  it("budget abort inside an async handler is a budget fault, not a rejection", async () => {
    const vm = await makeVM(
      ext({
        a: "async () => { await null; for (;;) {} }",
        b: "() => { (async () => { for (;;) {} })(); return 1 }",
        ok: "() => 1",
      }),
      { limits: { budget: 20 } },
    );
    expect(faultOf(vm.invoke("a", 0)).kind).toBe("budget");
    expect(faultOf(vm.invoke("b", 0)).kind).toBe("budget");
    expect(vm.invoke("ok", 0).ok).toBe(true);
    disposeClean(vm);
  });

  it("settled promises and thenables give their value; rejections are exceptions", async () => {
    const vm = await makeVM(
      ext({
        p: "async (a) => { await null; return a + 1 }",
        thenable: "() => ({ then(res) { res('then') } })",
        rej: "async () => { throw new Error('late') }",
      }),
    );
    expect(vm.invoke("p", 0, 1)).toMatchObject({ ok: true, value: { value: 2 } });
    expect(vm.invoke("thenable", 0)).toMatchObject({ ok: true, value: { value: "then" } });
    const f = faultOf(vm.invoke("rej", 0));
    expect(f.kind).toBe("exception");
    expect(f.message).toMatch(/late/);
    disposeClean(vm);
  });

  it("never-resolving promise -> unresolved-promise, VM stays usable", async () => {
    const vm = await makeVM(ext({ never: "() => new Promise(() => {})", ok: "() => 'ok'" }));
    expect(faultOf(vm.invoke("never", 0)).kind).toBe("unresolved-promise");
    expect(vm.invoke("ok", 0)).toMatchObject({ ok: true, value: { value: "ok" } });
    disposeClean(vm);
  });

  it("microtask flood -> budget fault; the VM is retired but disposes cleanly", async () => {
    const vm = await makeVM(
      ext({ flood: "() => { const f = () => Promise.resolve().then(f); f(); return new Promise(() => {}) }" }),
      // A generous deadline: the budget must be what stops it, even on a loaded machine.
      { limits: { budget: 50, timeoutMs: 60_000 } },
    );
    expect(faultOf(vm.invoke("flood", 0)).kind).toBe("budget");
    expect(vm.state).toBe("dead");
    expect(vm.cause).toMatch(/pending jobs/);
    expect(faultOf(vm.invoke("flood", 0)).kind).toBe("dead");
    vm.dispose(); // poisoned: not freed (QuickJS would abort on queued jobs), no throw
    expect(vm.state).toBe("disposed");
    expect(vm.cause).toMatch(/pending jobs/); // not "dispose failed"
  });
});
