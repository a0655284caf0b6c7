import { describe, expect, it } from "vitest";
import { createSandboxVM, DEFAULT_LIMITS, resolveLimits, SandboxUsageError } from "../../sandbox/index.js";
import { disposeClean, ext, makeVM } from "./helpers.js";

describe("deterministic globals", () => {
  it("Math.random is deterministic for a seed and differs across seeds", async () => {
    const src = ext({ r: "() => [Math.random(), Math.random(), Math.random()]" });
    const a = await makeVM(src, { seed: 1 });
    const b = await makeVM(src, { seed: 1 });
    const c = await makeVM(src, { seed: 2 });
    const va = a.invoke("r", 0);
    const vb = b.invoke("r", 0);
    const vc = c.invoke("r", 0);
    expect(va.ok && vb.ok && vc.ok).toBe(true);
    if (va.ok && vb.ok && vc.ok) {
      expect(va.value.value).toEqual(vb.value.value);
      expect(va.value.value).not.toEqual(vc.value.value);
      for (const x of va.value.value as number[]) expect(x >= 0 && x < 1).toBe(true);
    }
    [a, b, c].forEach(disposeClean);
  });

  it("Date.now returns the host's simulated clock; no Date constructor, eval or host console", async () => {
    let t = 1000;
    const vm = await makeVM(
      ext({
        now: "() => Date.now()",
        probe: "() => [typeof eval, typeof Date, typeof console.log, typeof process, typeof require, typeof Date.UTC]",
        newdate: "() => new Date()",
      }),
      { clock: () => t },
    );
    expect(vm.invoke("now", 0)).toMatchObject({ ok: true, value: { value: 1000 } });
    t = 2500;
    expect(vm.invoke("now", 0)).toMatchObject({ ok: true, value: { value: 2500 } });
    expect(vm.invoke("probe", 0)).toMatchObject({
      ok: true,
      value: { value: ["undefined", "function", "function", "undefined", "undefined", "undefined"] },
    });
    // Before: "not a constructor" (issue 12); the message says what to use.
    expect(vm.invoke("newdate", 0)).toMatchObject({
      ok: false,
      error: { kind: "exception", message: expect.stringMatching(/new Date\(\) is not available .*use Date\.now\(\)/) },
    });
    disposeClean(vm);
  });

  it("the Error constructors, wrapped to keep each error's stack (red team 11, thrown-unthrown-forge), look as QuickJS's do", async () => {
    const vm = await makeVM(
      ext(
        {
          shape: `() => {
    const e = new TypeError("t");
    const plain = Error("p");
    const x = new Sub("s");
    const descriptor = Object.getOwnPropertyDescriptor(e, "stack");
    return [
      Object.getPrototypeOf(TypeError) === Error, e instanceof Error, e instanceof TypeError, e.constructor === TypeError,
      plain instanceof Error, x instanceof Sub, x instanceof RangeError, Error.name, Error.length, AggregateError.length,
      typeof Error.isError, Error.isError(e), new AggregateError([1], "m").errors.length, Object.getOwnPropertyNames(e).join(),
      descriptor.writable && descriptor.configurable && !descriptor.enumerable,
      e.stack.split("\\n")[0], x.stack.split("\\n").slice(0, 2).join(" / "),
    ];
  }`,
        },
        "class Sub extends RangeError {}",
      ),
    );
    expect(vm.invoke("shape", 0)).toMatchObject({
      ok: true,
      value: {
        value: [
          true,
          true,
          true,
          true,
          true,
          true,
          true,
          "Error",
          1,
          2,
          "function",
          true,
          1,
          "message,stack",
          true,
          // The caller's frame first, as QuickJS writes it with no wrapper: no frame of the prelude's.
          "    at shape (extension.js:5:28)",
          "    at Sub (extension.js:2:31) /     at shape (extension.js:7:22)",
        ],
      },
    });
    disposeClean(vm);
  });

  it("no BigInt: no function, no 64-bit typed arrays, no DataView 64-bit accessors (red team 2, finding 1)", async () => {
    const vm = await makeVM(
      ext({
        probe:
          "() => [typeof globalThis.BigInt, typeof globalThis.BigInt64Array, typeof globalThis.BigUint64Array, ...['getBigInt64', 'setBigInt64', 'getBigUint64', 'setBigUint64'].map((k) => typeof DataView.prototype[k]), Object.getOwnPropertyNames(globalThis).filter((n) => /big/i.test(n)).length]",
        call: "() => new DataView(new ArrayBuffer(8)).getBigInt64(0)",
      }),
    );
    expect(vm.invoke("probe", 0)).toMatchObject({ ok: true, value: { value: [...new Array(7).fill("undefined"), 0] } });
    expect(vm.invoke("call", 0)).toMatchObject({
      ok: false,
      error: { kind: "exception", message: expect.stringMatching(/not a function/) },
    });
    disposeClean(vm);
  });

  it("instruction counts are deterministic for the same call sequence", async () => {
    const src = ext({ work: "(n) => { let s = 0; for (let i = 0; i < n; i++) s += i; return s }" });
    const run = async () => {
      const vm = await makeVM(src);
      const counts = [1000, 20000, 123456, 7].map((n) => {
        const r = vm.invoke("work", 0, n);
        return r.ok ? r.value.instructions : -1;
      });
      disposeClean(vm);
      return counts;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(a[2]).toBeGreaterThan(10); // ~5,000 loop iterations per poll
  });
});

describe("isolation", () => {
  it("globals do not leak between VMs", async () => {
    const a = await makeVM(ext({ set: "() => { globalThis.shared = 'a'; Object.prototype.evil = 1; return 1 }" }));
    const b = await makeVM(ext({ get: "() => [typeof globalThis.shared, ({}).evil === undefined]" }));
    expect(a.invoke("set", 0).ok).toBe(true);
    expect(b.invoke("get", 0)).toMatchObject({ ok: true, value: { value: ["undefined", true] } });
    disposeClean(a);
    disposeClean(b);
  });

  it("guest tampering with JSON/Promise does not subvert the dispatcher; JSON and Math are frozen (red team 14)", async () => {
    const vm = await makeVM(
      ext(
        {
          v: "() => ({ a: 1 })",
          p: "async () => 5",
          f: "() => [Object.isFrozen(JSON), Object.isFrozen(Math), JSON.stringify([1]), typeof JSON.parse('1')]",
        },
        "let refused = 0; try { JSON.stringify = () => 'x'.repeat(1e6); } catch { refused++; } try { JSON.parse = () => null; } catch { refused++; } try { Math.max = () => 0; } catch { refused++; } if (refused !== 3) throw new Error('a write went through'); Promise.prototype.then = function () {};",
      ),
    );
    expect(vm.invoke("v", 0)).toMatchObject({ ok: true, value: { value: { a: 1 } } });
    expect(vm.invoke("p", 0)).toMatchObject({ ok: true, value: { value: 5 } });
    expect(vm.invoke("f", 0)).toMatchObject({ ok: true, value: { value: [true, true, "[1]", "number"] } });
    disposeClean(vm);
  });

  it("every global constructor and namespace object is frozen, its prototype not (red team 15, builtin-static-*)", async () => {
    const globals = [
      "String",
      "Object",
      "Reflect",
      "Array",
      "Number",
      "Promise",
      "Symbol",
      "Error",
      "TypeError",
      "RegExp",
      "Map",
      "JSON",
      "Math",
      "parseInt",
    ];
    const vm = await makeVM(
      ext({
        frozen: `() => [${globals.map((g) => `Object.isFrozen(${g})`).join(", ")}]`,
        writes: `() => {
    const fake = () => "";
    const tries = [
      () => { String.fromCharCode = fake; }, () => { Object.keys = fake; }, () => { Array.from = fake; },
      () => { Number.parseInt = fake; }, () => { Promise.resolve = fake; }, () => { Reflect.apply = fake; },
      () => { Object.getPrototypeOf = fake; }, () => { String.extra = fake; },
    ];
    let refused = 0;
    for (const t of tries) { try { t(); } catch { refused++; } }
    return [refused, String.fromCharCode(65), Object.keys({ a: 1 }).length, Number.parseInt("7")];
  }`,
        // The override mistake: an instance's own toString, and a prototype's new member, are the guest's to make.
        prototypes: `() => {
    class P { toString() { return "p"; } }
    const o = { toString() { return "o"; } };
    Array.prototype.extraForTest = 1;
    return [String(new P()), String(o), Object.isFrozen(String.prototype), Object.isFrozen(Array.prototype), [].extraForTest];
  }`,
      }),
    );
    expect(vm.invoke("frozen", 0)).toMatchObject({ ok: true, value: { value: globals.map(() => true) } });
    expect(vm.invoke("writes", 0)).toMatchObject({ ok: true, value: { value: [8, "A", 1, 7] } });
    expect(vm.invoke("prototypes", 0)).toMatchObject({ ok: true, value: { value: ["p", "o", false, false, 1] } });
    disposeClean(vm);
  });
});

describe("registry, invokeMany, host functions, log", () => {
  it("reads handler names, options and guards per event", async () => {
    const vm = await makeVM(`
      import { defineExtension } from "spin-kernel/extension";
      function onOpen(a) { return "open:" + a }
      defineExtension({ name: "reg", handlers: {
        open: [onOpen, { handler: (a) => "second:" + a, options: { priority: 2 }, guard: { path: "/tmp" } }],
        close: { handler: function closer() { return 0 } },
      } });
    `);
    expect(vm.manifest).toEqual({
      name: "reg",
      events: {
        open: [
          { name: "onOpen", options: null, guard: null },
          { name: "handler", options: { priority: 2 }, guard: { path: "/tmp" } },
        ],
        close: [{ name: "closer", options: null, guard: null }],
      },
    });
    disposeClean(vm);
  });

  it("invokeMany runs several handlers in one crossing with per-handler results", async () => {
    const vm = await makeVM(`
      import { defineExtension } from "spin-kernel/extension";
      defineExtension({ handlers: { ev: [(a) => a + 1, () => { throw new Error("no") }, async (a) => a * 10] } });
    `);
    const r = vm.invokeMany([
      { event: "ev", index: 0, args: 1 },
      { event: "ev", index: 1, args: 1 },
      { event: "ev", index: 2, args: 2 },
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.results[0]).toEqual({ ok: true, value: 2 });
      expect(r.value.results[1]!.ok).toBe(false);
      expect(!r.value.results[1]!.ok && r.value.results[1]!.error.kind).toBe("exception");
      expect(r.value.results[2]).toEqual({ ok: true, value: 20 });
    }
    expect(vm.stats.invocations).toBe(1);
    expect(vm.stats.handlerCalls).toBe(3);
    disposeClean(vm);
  });

  it("host functions are callable via kernel (import or 2nd argument), counted, primitives only", async () => {
    const calls: unknown[][] = [];
    const vm = await makeVM(
      ext({
        a: "(x) => kernel.add(x, 2)",
        b: "(x, k) => k.echo('s', true, null, 1.5)",
        c: "() => kernel.add({}, 1)",
        d: "() => kernel.fails()",
      }),
      {
        hostFunctions: {
          add: (x, y) => (x as number) + (y as number),
          echo: (...args) => {
            calls.push(args);
            return "ok";
          },
          fails: () => {
            throw new Error("host says no");
          },
        },
      },
    );
    expect(vm.invoke("a", 0, 40)).toMatchObject({ ok: true, value: { value: 42 } });
    expect(vm.invoke("b", 0)).toMatchObject({ ok: true, value: { value: "ok" } });
    expect(calls).toEqual([["s", true, null, 1.5]]);
    expect(vm.invoke("c", 0).ok).toBe(false);
    const d = vm.invoke("d", 0);
    expect(!d.ok && d.error.message).toMatch(/host says no/);
    expect(vm.stats.hostCalls).toBe(3);
    disposeClean(vm);
  });

  it("log output is collected, truncated and capped, never printed", async () => {
    const vm = await makeVM(
      ext({ l: "(n) => { for (let i = 0; i < n; i++) console.log('line', i, { i }); kernel.log('x'.repeat(500)); }" }),
      { limits: { maxLogEntries: 5, maxLogChars: 100 } },
    );
    expect(vm.invoke("l", 0, 3).ok).toBe(true);
    expect(vm.logs.slice(0, 3).map((e) => e.text)).toEqual(['line 0 {"i":0}', 'line 1 {"i":1}', 'line 2 {"i":2}']);
    expect(vm.logs[3]!.text.length).toBeLessThanOrEqual(101);
    expect(vm.invoke("l", 0, 10).ok).toBe(true);
    expect(vm.logs.length).toBe(5);
    expect(vm.stats.logDropped).toBe(10);
    disposeClean(vm);
  });

  it("each kept line carries the simulated time, the event and its place in the guest's file; lines past the cap send no stack", async () => {
    let now = 0;
    const source = ext(
      {
        "Strand.Block": "() => { kernel.log('block'); }",
        "PhysAddr.Reclaim": "(args) => {\n    kernel.log('reclaim ' + args.n);\n    return { victim: 0 };\n  }",
      },
      "kernel.log('at load');",
    );
    const vm = await makeVM(source, { clock: () => now, filename: "guest.js", limits: { maxLogEntries: 3 } });
    now = 5000;
    expect(vm.invoke("PhysAddr.Reclaim", 0, { n: 7 }).ok).toBe(true);
    now = 9000;
    expect(vm.invoke("Strand.Block", 0).ok).toBe(true);
    expect(vm.invoke("Strand.Block", 0).ok).toBe(true);
    const lines = source.split("\n");
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(vm.logs.map((l) => [l.text, l.atNs, l.event, l.frames[0]?.line])).toEqual([
      ["at load", 0, null, at("at load")],
      ["reclaim 7", 5000, "PhysAddr.Reclaim", at("'reclaim '")],
      ["block", 9000, "Strand.Block", at("'block'")],
    ]);
    expect(vm.stats.logDropped).toBe(1);
    disposeClean(vm);
  });

  it("re-entrant invoke from a host function is refused", async () => {
    let vmRef: { invoke: (e: string, i: number) => unknown } | undefined;
    const vm = await makeVM(ext({ a: "() => kernel.back()", b: "() => 1" }), {
      hostFunctions: {
        back: () => {
          vmRef!.invoke("b", 0);
          return 1;
        },
      },
    });
    vmRef = vm;
    const r = vm.invoke("a", 0);
    expect(!r.ok && r.error.message).toMatch(/re-entrant/);
    disposeClean(vm);
  });
});

describe("limits and lifetime", () => {
  it("validates limits with a clear error", () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(() => resolveLimits({ budget: -1 })).toThrow(SandboxUsageError);
    expect(() => resolveLimits({ budget: 1.5, stackBytes: 10 << 20 })).toThrow(
      /budget must be an integer.*stackBytes must be within/,
    );
    expect(() => resolveLimits({ nonsense: 1 } as never)).toThrow(/unknown limit "nonsense"/);
  });

  it("bounds the log text a VM may keep, maxLogEntries x maxLogChars together, whichever limit sets it (red team 16)", () => {
    // Each within its own bounds, the two together kept up to 100 Gi characters in the kernel's process.
    expect(() => resolveLimits({ maxLogEntries: 100_000, maxLogChars: 1 << 20 })).toThrow(
      /maxLogEntries x maxLogChars \(the log text a VM may keep\) must be at most 16,777,216 characters, got 100,000 x 1,048,576 = 104,857,600,000/,
    );
    // One given, the other the default's: 1 MiB lines, 200 of them.
    expect(() => resolveLimits({ maxLogChars: 1 << 20 })).toThrow(/got 200 x 1,048,576 = 209,715,200/);
    expect(() => resolveLimits({ maxLogEntries: 100_000 })).toThrow(/got 100,000 x 1,024 = 102,400,000/);
    // At the bound, and below it, as asked.
    expect(resolveLimits({ maxLogEntries: 16, maxLogChars: 1 << 20 })).toMatchObject({ maxLogEntries: 16 });
    expect(resolveLimits({ maxLogChars: 65_536 })).toMatchObject({ maxLogEntries: 200, maxLogChars: 65_536 });
    expect(resolveLimits({ maxLogEntries: 0, maxLogChars: 1 << 20 })).toMatchObject({ maxLogEntries: 0 });
  });

  it("dispose is idempotent, Symbol.dispose works, invoke after dispose is a dead fault", async () => {
    const vm = await makeVM(ext({ a: "() => 1" }));
    {
      using v = vm;
      expect(v.invoke("a", 0).ok).toBe(true);
    }
    expect(vm.state).toBe("disposed");
    vm.dispose();
    const r = vm.invoke("a", 0);
    expect(!r.ok && r.error.kind).toBe("dead");
  });

  it("no handle leaks after many mixed invocations (QuickJS frees cleanly)", async () => {
    const vm = await makeVM(
      ext({
        v: "(a) => ({ a, list: [a, a] })",
        t: "() => { throw new Error('e') }",
        p: "async (a) => a",
        loop: "() => { for (;;) {} }",
      }),
      { limits: { budget: 5 } },
    );
    for (let i = 0; i < 50; i++) {
      vm.invoke("v", 0, i);
      vm.invoke("t", 0);
      vm.invoke("p", 0, i);
      vm.invokeMany([
        { event: "v", index: 0, args: 1 },
        { event: "p", index: 0, args: 2 },
      ]);
    }
    vm.invoke("loop", 0);
    expect(vm.stats.faults.exception).toBe(50);
    expect(vm.stats.faults.budget).toBe(1);
    disposeClean(vm); // JS_FreeRuntime asserts gc_obj_list is empty: a leaked handle would fail here
  });
});

it("createSandboxVM refuses invalid limits by throwing (host bug, not a guest fault)", async () => {
  await expect(createSandboxVM({ source: "", limits: { memoryBytes: 10 } })).rejects.toThrow(SandboxUsageError);
});
