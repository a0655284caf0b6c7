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
  it("repeated default sorts of a large array stop on the instruction budget (100 polls), before the 1000 ms deadline: the sorts are charged", async () => {
    // Unmetered, the sorts poll no interrupt: they would run until the deadline (a timeout fault)
    // or, before the host watchdog, for minutes.
    const vm = await makeVM(
      ext({
        sorts:
          "() => { const xs = []; for (let i = 0; i < 200000; i++) xs.push((i * 7919) % 200003); for (let r = 0; r < 1000; r++) xs.sort(); return xs[0]; }",
      }),
    );
    expect(faultOf(vm.invoke("sorts", 0))).toMatchObject({ kind: "budget", limit: "100 polls" });
    disposeClean(vm);
  });

  it("linear builtins on large inputs are charged per element (indexOf, join, split)", async () => {
    const vm = await makeVM(
      ext({
        indexOf:
          "() => { const xs = new Array(100000).fill(1); let n = 0; for (let r = 0; r < 100000; r++) n += xs.indexOf(2); return n; }",
        join: "() => { const xs = new Array(100000).fill(1); let n = 0; for (let r = 0; r < 100000; r++) n += xs.join().length; return n; }",
        split:
          "() => { const s = 'ab'.repeat(50000); let n = 0; for (let r = 0; r < 100000; r++) n += s.split('a').length; return n; }",
      }),
    );
    for (const h of ["indexOf", "join", "split"]) expect(faultOf(vm.invoke(h, 0)).kind).toBe("budget");
    disposeClean(vm);
  });

  it("builders of a string from several guest strings are charged by what they make (Error's toString, the HTML methods)", async () => {
    // Red team 8's audit: `name + ": " + message` of two 2^20-character strings (made by `+`,
    // uncharged here: no rewrite) is made and read in C for one tick a call; 2,000 calls ran
    // ~0.7 s with no poll (the handler returned) before the prelude charged what they make.
    const vm = await makeVM(
      ext({
        error:
          "() => { let a = 'a'; for (let i = 0; i < 20; i++) a = a + a; const e = new Error(a); e.name = a; let n = 0; for (let r = 0; r < 2000; r++) n += e.toString().charCodeAt(r); return n; }",
        anchor:
          "() => { let s = 'a'; for (let i = 0; i < 20; i++) s = s + s; let n = 0; for (let r = 0; r < 2000; r++) n += s.anchor(s).charCodeAt(r); return n; }",
      }),
    );
    for (const h of ["error", "anchor"]) expect(faultOf(vm.invoke(h, 0)), h).toMatchObject({ kind: "budget" });
    disposeClean(vm);
  });

  it("normalize is charged by the work its input allows, before it runs (red team 9, normalize-deadline-clock)", async () => {
    // NFKC of 29,000 U+FDFA: ~91 ms of decomposing and composing, charged ~37,000 ticks by
    // its input and result before; 130 calls ran into the deadline, not the budget.
    const vm = await makeVM(
      ext({
        nfkc: "() => { const s = '\\uFDFA'.repeat(29000); let n = 0; for (let i = 0; i < 130; i++) n += s.normalize('NFKC').length; return n; }",
      }),
    );
    expect(faultOf(vm.invoke("nfkc", 0))).toMatchObject({ kind: "budget" });
    disposeClean(vm);
  });

  it("an allocation that cannot succeed is not charged: 'x'.repeat(2^30) fails with QuickJS's RangeError and spends no poll", async () => {
    const vm = await makeVM(ext({ big: "() => 'x'.repeat(1 << 30)" }));
    const before = vm.stats.instructions;
    const f = faultOf(vm.invoke("big", 0)) as { kind: string; thrown?: { name?: string; message: string } };
    expect(f).toMatchObject({ kind: "exception", thrown: { name: "RangeError", message: "invalid string length" } });
    expect(vm.stats.instructions - before).toBe(0);
    disposeClean(vm);
  });
});

describe("the host enforces the memory limit QuickJS's accounting misses", () => {
  it("a guest that catches out-of-memory cannot grow past its limit invocation after invocation", async () => {
    const vm = await makeVM(
      ext(
        {
          grow: "() => { let last = 0; try { for (let size = 1024; ; size *= 2) { keep.push(new Float64Array(size)); last = size; } } catch (e) { return last; } }",
        },
        "const keep = [new Float64Array(1)];",
      ),
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
    const vm = await makeVM(
      ext({ small: "() => { keep.push(new Float64Array(1 << 16)); return keep.length; }" }, "const keep = [];"),
    );
    for (let i = 1; i <= 5; i++) {
      const r = vm.invoke("small", 0);
      expect(r.ok && r.value.value).toBe(i);
    }
    disposeClean(vm);
  });
});

describe("metering charges what the builtin will do, whatever the receiver (red-team findings)", () => {
  const stops = (body: string) => `() => { ${body} }`;
  const budget = async (handlers: Record<string, string>) => {
    const vm = await makeVM(ext(Object.fromEntries(Object.entries(handlers).map(([k, v]) => [k, stops(v)]))));
    for (const h of Object.keys(handlers)) expect(faultOf(vm.invoke(h, 0)), h).toMatchObject({ kind: "budget" });
    disposeClean(vm);
  };

  it("array-likes: ToLength of a string length, arguments, typed arrays, through call and apply", () =>
    budget({
      stringLength: `return [1, 2, 3].includes.call({ length: "9007199254740991" }, 42);`,
      hexLength: `return Array.prototype.indexOf.call({ length: "0x7fffffff" }, 1);`,
      applyLength: `return Array.prototype.lastIndexOf.apply({ length: 1e15 }, [1]);`,
      typedSet: `new Uint8Array(8).set({ length: 1e12 }); return 0;`,
      arrayFrom: `let n = 0; for (let i = 0; i < 1000; i++) n += Array.from({ length: "1000000" }).length; return n;`,
      concatSpreadable: `const o = { length: 2 ** 53 - 1 }; o[Symbol.isConcatSpreadable] = true; return [].concat(o).length;`,
    }));

  it("a length the guest computes is refused: a getter or valueOf could answer the meter and the builtin differently", async () => {
    const vm = await makeVM(
      ext({
        getter: `() => { let c = 0; return [].includes.call({ get length() { return c++ ? 1e9 : 0; } }, 1); }`,
        valueOf: `() => { let c = 0; return [].indexOf.call({ length: { valueOf() { return c++ ? 1e9 : 0; } } }, 1); }`,
      }),
    );
    for (const h of ["getter", "valueOf"]) {
      const f = faultOf(vm.invoke(h, 0));
      expect(f.kind).toBe("exception");
      expect(f.message).toMatch(/TypeError: Array\.prototype\.(includes|indexOf): its length is (a getter|an object)/);
    }
    disposeClean(vm);
  });

  it("JSON.stringify is charged per property visited, also those it leaves out", () =>
    budget({
      wide: `const o = {}; for (let i = 0; i < 4096; i++) o[i] = undefined; const a = new Array(4096).fill(o); return JSON.stringify(a).length;`,
      list: `const o = {}; for (let i = 0; i < 4096; i++) o["k" + i] = undefined; const keys = []; for (let i = 0; i < 4096; i++) keys.push("k" + i); return JSON.stringify(new Array(4096).fill(o), keys).length;`,
    }));

  it("JSON.stringify's output is unchanged: replacer functions, property lists, toJSON, cycles, space", async () => {
    const cases = [
      `JSON.stringify({ b: 1, a: [1, { c: undefined, d: () => 1 }], e: "x" })`,
      `JSON.stringify({ b: 1, a: 2, c: { a: 1, b: 2, z: 3 } }, ["a", "b", "a"])`,
      `JSON.stringify({ 2: "two", 1: "one", x: "x" }, ["x", "2", "1"])`,
      `JSON.stringify({ a: 1, b: [2, 3] }, function (k, v) { return typeof v === "number" ? v * 10 : v; }, 2)`,
      `JSON.stringify({ t: { toJSON() { return "T"; } }, n: new Number(3), s: new String("s") }, ["t", "n", "s"])`,
      `(() => { const o = {}; o.self = o; try { return JSON.stringify(o, ["self"]); } catch (e) { return e.name; } })()`,
      `JSON.stringify(undefined) === undefined`,
      `JSON.stringify([new Array(3), { __proto__: null, k: 1 }], null, "--")`,
    ];
    const vm = await makeVM(ext({ out: `() => [${cases.join(", ")}]` }));
    const r = vm.invoke("out", 0);
    // eslint-disable-next-line no-eval
    const expected = cases.map((c) => (0, eval)(c) as unknown);
    expect(r.ok && r.value.value).toEqual(expected);
    disposeClean(vm);
  });

  it("JSON.stringify enters at most 256 nested values, as in the V8 placements (QuickJS's cycle search is O(depth) a level, in C)", async () => {
    const nest = (n: number, replacer: string) =>
      `(() => { let a = 0; for (let i = 0; i < ${n}; i++) a = [a]; try { return JSON.stringify(a, ${replacer}).length; } catch (e) { return e.name; } })()`;
    const cases = [nest(256, "undefined"), nest(257, "undefined"), nest(257, "(k, v) => v"), nest(20000, "undefined")];
    const vm = await makeVM(ext({ out: `() => [${cases.join(", ")}]` }));
    const r = vm.invoke("out", 0);
    expect(r.ok && r.value.value).toEqual([513, "RangeError", "RangeError", "RangeError"]);
    disposeClean(vm);
  });

  it("flat and flatMap: the inner levels are charged per element, and the results are unchanged", async () => {
    await budget({
      flatHoles: `const h = new Array(4096); const m = new Array(4096).fill(h); return new Array(4096).fill(m).flat(2).length;`,
      flatMapHoles: `const h = new Array(1 << 20); return new Array(4096).fill(0).flatMap(() => h).length;`,
    });
    const cases = [
      `[1, [2, [3, [4, [5]]]]].flat()`,
      `[1, [2, [3, [4, [5]]]]].flat(Infinity)`,
      `[1, [2, , 3], , [[4]]].flat(0)`,
      `[1, [2, , 3], , [[4]]].flat("2")`,
      `Array.prototype.flat.call({ length: 2, 0: [1], 1: 2 })`,
      `[1, 2].flatMap((x, i) => [x, i, [x]])`,
    ];
    const vm = await makeVM(ext({ out: `() => [${cases.join(", ")}]` }));
    const r = vm.invoke("out", 0);
    // Results cross as JSON (a hole arrives as null): compare with Node's results the same way.
    expect(r.ok && r.value.value).toEqual(JSON.parse(JSON.stringify(cases.map((c) => (0, eval)(c) as unknown))));
    disposeClean(vm);
  });

  it("strings: searches by their comparisons, arguments converted once, results charged by their length", () =>
    budget({
      needle: `const s = "a".repeat(4e6); return s.indexOf("a".repeat(2e6) + "b");`,
      localeCompare: `const s = "a".repeat(8e6); let n = 0; for (let i = 0; i < 1000; i++) n += "a".localeCompare(s); return n;`,
      repeatValueOf: `let c = 0; const k = { valueOf() { return c++ % 2 ? 1e7 : 0; } }; let n = 0; for (let i = 0; i < 100000; i++) n += "x".repeat(k).length; return n;`,
      joinSeparator: `const a = new Array(8).fill(1); const sep = "x".repeat(1e6); let n = 0; for (let i = 0; i < 100000; i++) n += a.join(sep).length; return n;`,
      fnToString: `let n = 0; for (let i = 0; i < 1e6; i++) n += JSON.stringify.toString().length; return n;`,
    }));

  it("apply, Object.keys and shifting a large array are charged", () =>
    budget({
      apply: `const a = new Array(65534).fill(1); let n = 0; for (let i = 0; i < 100000; i++) n += Math.max.apply(null, a); return n;`,
      keys: `const o = {}; for (let i = 0; i < 200000; i++) o[i] = i; let n = 0; for (let r = 0; r < 1000; r++) n += Object.keys(o).length; return n;`,
      unshift: `const a = new Array(500000).fill(1); for (let i = 0; i < 100000; i++) { a.unshift(1); a.pop(); } return 1;`,
    }));

  it("small calls stay free and give the same results", async () => {
    const vm = await makeVM(
      ext({
        small: `() => [[3, 1, 2].sort().join("-"), "abc".repeat(2), [1, 2, 3].indexOf(2), "a,b".split(",").length, "ab".localeCompare("b"), "x".concat(1, [2]), "ab".padEnd(4, "-"), Object.keys({ a: 1 }), Array.from("ab"), Math.max.apply(null, [1, 5]), [1].concat([2], 3)]`,
      }),
    );
    const r = vm.invoke("small", 0);
    expect(r.ok && r.value.value).toEqual([
      [1, 2, 3].sort().join("-"),
      "abcabc",
      1,
      2,
      "ab".localeCompare("b"),
      "x12",
      "ab--",
      ["a"],
      ["a", "b"],
      5,
      [1, 2, 3],
    ]);
    expect(r.ok && r.value.instructions).toBe(0);
    disposeClean(vm);
  });
});

describe("the time cap of an event", () => {
  it("a batch whose event's time is already up fails with a timeout without running", async () => {
    const vm = await makeVM(ext({ count: "() => ++calls" }, "let calls = 0;"));
    const late = vm.invokeMany([{ event: "count", index: 0 }], {
      eventDeadline: { at: performance.now() - 1, limitMs: 2000 },
    });
    expect(faultOf(late)).toMatchObject({
      kind: "timeout",
      message: "guest exceeded the 2000 ms deadline of its event (all the event's handlers together)",
    });
    const r = vm.invoke("count", 0);
    expect(r.ok && r.value.value).toBe(1);
    disposeClean(vm);
  });
});
