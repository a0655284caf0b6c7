/**
 * SFI's promises under attack (issue 8, finding 9): every way a handler's result can leave the
 * guest passes the capability check; no destructuring form reaches a prototype; and SFI's own
 * state cannot be corrupted by prototype pollution even when the key guard is off.
 */
import { describe, expect, it } from "vitest";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { prepareSfi } from "../../extensions/sfi/prepare.js";
import { rewriteExtension } from "../../extensions/sfi/rewrite.js";
import { API, lineOf, load, reclaimArgs } from "./helpers.js";

const HEAD = `import { defineExtension, type Frame } from "spin-kernel/extension";
const forged = 7000 as Frame;
`;

/** An extension whose Reclaim handler is `handler` (source of the value in `handlers`), plus `before` at the top. */
const reclaimExt = (handler: string, before = ""): string => `${HEAD}${before}
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": ${handler},
  },
});
`;

const FORGED = /^sfi: capability check failed: victim 7000 is not a frame of this event's resident set/;
// A generator object is read as JSON reads it, by its own fields: it has none, so no victim.
const GENERATOR = /^sfi: capability check failed: victim undefined is not a frame of this event's resident set/;

/** Each way out, with the message the check must give. */
const WAYS_OUT: readonly { name: string; src: string; message: RegExp }[] = [
  {
    name: "async arrow with await",
    src: reclaimExt("async (args) => { await null; return { victim: args.vpn >= 0 ? forged : forged }; }"),
    message: FORGED,
  },
  { name: "async arrow, concise body", src: reclaimExt("async () => ({ victim: forged })"), message: FORGED },
  {
    name: "async function expression",
    src: reclaimExt("async function (args) { await Promise.resolve(args.vpn); return { victim: forged }; }"),
    message: FORGED,
  },
  {
    name: "async method in a { handler } spec",
    src: reclaimExt("{ name: 'm', async handler() { await null; return { victim: forged }; } }"),
    message: FORGED,
  },
  {
    name: "async function declaration referenced by name",
    src: reclaimExt("reclaim", "async function reclaim() { await null; return { victim: forged }; }"),
    message: FORGED,
  },
  {
    name: "sync function declaration referenced by name",
    src: reclaimExt("reclaim", "function reclaim() { return { victim: forged }; }"),
    message: FORGED,
  },
  {
    name: "a method of another object",
    src: reclaimExt("impl.reclaim", "const impl = { reclaim() { return { victim: forged }; } };"),
    message: FORGED,
  },
  {
    name: "built by a factory",
    src: reclaimExt("make(forged)", "const make = (v: Frame) => () => ({ victim: v });"),
    message: FORGED,
  },
  {
    name: "async, built by a factory",
    src: reclaimExt("make(forged)", "const make = (v: Frame) => async () => { await null; return { victim: v }; };"),
    message: FORGED,
  },
  { name: "Promise.resolve", src: reclaimExt("() => Promise.resolve({ victim: forged })"), message: FORGED },
  {
    name: "a then chain",
    src: reclaimExt("() => Promise.resolve(0).then(() => null).then(() => ({ victim: forged }))"),
    message: FORGED,
  },
  {
    name: "a hand-made thenable",
    src: reclaimExt("() => ({ then(ok: (v: unknown) => void) { const r = { ok }; r.ok({ victim: forged }); } })"),
    message: FORGED,
  },
  {
    name: "a return inside a nested arrow",
    src: reclaimExt("() => { const inner = () => ({ victim: forged }); return inner(); }"),
    message: FORGED,
  },
  { name: "a generator", src: reclaimExt("function* () { yield 1; return { victim: forged }; }"), message: GENERATOR },
  {
    name: "an async generator",
    src: reclaimExt("async function* () { yield 1; return { victim: forged }; }"),
    message: GENERATOR,
  },
  {
    name: "second of a handler list",
    src: reclaimExt("[(args) => ({ victim: args.resident[0]!.frame }), async () => ({ victim: forged })]"),
    message: FORGED,
  },
];

describe("every way a result leaves the guest is checked", () => {
  for (const way of WAYS_OUT) {
    it(way.name, async () => {
      const x = await load("way.ts", way.src);
      const index = way.name === "second of a handler list" ? 1 : 0;
      const r = x.vm.invoke("PhysAddr.Reclaim", index, reclaimArgs([4, 9], 7));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.kind).toBe("sfi");
        expect(r.error.message).toMatch(way.message);
      }
      x.vm.dispose();
    });
  }

  it("a computed event name, handled by a literal: checked by the guard", async () => {
    const x = await load(
      "way.ts",
      reclaimExt("(args) => ({ victim: args.resident[0]!.frame })")
        .replace('"PhysAddr.Reclaim": ', "[EV]: ")
        .replace("const forged", 'const EV = "PhysAddr.Reclaim";\nconst forged'),
    );
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 7))).toEqual({ ok: true, value: { victim: 4 } });
    x.vm.dispose();
  });

  it("an async return names its own line", async () => {
    const src = reclaimExt(
      "async (args) => {\n      await null;\n      if (args.vpn === 1) return { victim: args.resident[1]!.frame };\n      return { victim: forged }; // ASYNC\n    }",
    );
    const x = await load("async.ts", src);
    const line = lineOf(src, "// ASYNC");
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 7))).toEqual({
      ok: false,
      fault: {
        kind: "sfi",
        message: `sfi: capability check failed: victim 7000 is not a frame of this event's resident set at async.ts:${line}:7`,
        position: { file: "async.ts", line, column: 7 },
      },
    });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 1))).toEqual({ ok: true, value: { victim: 9 } });
    x.vm.dispose();
  });

  it("an async handler is checked against its own invocation, not the one current when it settles", async () => {
    // Two Reclaims in one batch: the first settles after the second has started; frame 9 belongs
    // only to the second one's resident set.
    const x = await load(
      "batch.ts",
      reclaimExt(
        "async (args) => { await null; return { victim: args.vpn === 1 ? (9 as Frame) : args.resident[0]!.frame }; }",
      ),
    );
    const r = x.vm.invokeMany([
      { event: "PhysAddr.Reclaim", index: 0, args: reclaimArgs([4], 1) },
      { event: "PhysAddr.Reclaim", index: 0, args: reclaimArgs([9], 2) },
    ]);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.results[0]).toMatchObject({
        ok: false,
        error: { kind: "sfi", message: expect.stringMatching(/victim 9 is not a frame/) },
      });
      expect(r.value.results[1]).toEqual({ ok: true, value: { victim: 9 } });
    }
    x.vm.dispose();
  });

  it("no checked copy ever reaches the extension: a handler written in place is not in the function table", async () => {
    // `self(...)` would hand back the frozen copy checked at self's return; the call is refused.
    const src = reclaimExt(
      "function self(args): { victim: Frame } { if (args.vpn === 0) return { victim: args.resident[0]!.frame }; return self({ ...args, vpn: 0 }); // SELF\n    }",
    );
    const x = await load("self.ts", src);
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 5], 1))).toMatchObject({
      ok: false,
      fault: {
        kind: "sfi",
        message: expect.stringMatching(/^sfi: indirect call to a function outside the extension's function table/),
        position: { line: lineOf(src, "// SELF") },
      },
    });
    x.vm.dispose();
  });

  it("a result kept from an earlier invocation is checked against the current one, in place or not", async () => {
    const src = reclaimExt(
      "(args) => { if (args.vpn === 2) return later(); if (kept === undefined) kept = { victim: args.resident[0]!.frame }; return kept; }",
      "let kept: { victim: Frame } | undefined;\nconst later = () => kept!;",
    );
    const x = await load("kept.ts", src);
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 5], 1))).toEqual({ ok: true, value: { victim: 4 } });
    for (const vpn of [1, 2]) {
      expect(x.call("PhysAddr.Reclaim", reclaimArgs([6, 7], vpn))).toMatchObject({
        ok: false,
        fault: { kind: "sfi", message: expect.stringMatching(/victim 4 is not a frame/) },
      });
    }
    x.vm.dispose();
  });

  it("a trap swallowed by `finally { return … }` is re-raised where the result leaves", async () => {
    const x = await load(
      "fin.ts",
      reclaimExt("(args) => { try { for (;;) {} } finally { return { victim: args.resident[0]!.frame }; } }"),
      { fuel: 1000 },
    );
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4], 1))).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringMatching(/^sfi: fuel exhausted/) },
    });
    x.vm.dispose();
  });

  it("the definition is read once: a getter cannot show the wrapper one thing and the prelude another", async () => {
    const src = `${HEAD}let n = 0;
const hs = { "PhysAddr.Reclaim": () => ({ victim: forged }) };
export default defineExtension({
  get handlers() { n++; return (n === 1 ? hs : null) as typeof hs; },
});
`;
    const x = await load("getter.ts", src);
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4], 1))).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringMatching(FORGED) },
    });
    x.vm.dispose();
  });

  it("valid results still pass unchanged, sync and async", async () => {
    const x = await load(
      "ok.ts",
      reclaimExt(
        "async (args) => { await null; return { victim: args.resident[1]!.frame, clearReferenced: [args.resident[0]!.frame] }; }",
      ),
    );
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 1))).toEqual({
      ok: true,
      value: { victim: 9, clearReferenced: [4] },
    });
    x.vm.dispose();
  });
});

const PROTO = '["__pro", "to__"].join("")';
const DESTRUCTURING: readonly { form: string; code: string }[] = [
  { form: "declaration", code: "const { [k]: AP } = [1]; void AP;" },
  { form: "assignment", code: "let AP: unknown; ({ [k]: AP } = [1]); void AP;" },
  { form: "parameter", code: "(({ [k]: AP }: any) => AP)([1]);" },
  { form: "default parameter", code: "const f = (o: any, { [k]: AP }: any = o) => AP; f([1]);" },
  { form: "for-of head", code: "for (const { [k]: AP } of [[1]]) void AP;" },
  { form: "for-of head, assignment", code: "let AP: unknown; for ({ [k]: AP } of [[1]] as any[]) void AP;" },
  { form: "catch clause", code: "try { throw [1]; } catch ({ [k]: AP }) { void AP; }" },
  { form: "nested pattern", code: "const { a: { [k]: AP } } = { a: [1] }; void AP;" },
  { form: "nested in an array pattern", code: "const [{ [k]: AP }] = [[1]]; void AP;" },
  { form: "with a default value", code: "const { [k]: AP = 1 } = [1]; void AP;" },
  { form: "with a rest element", code: "const { [k]: AP, ...rest } = [1] as any; void AP; void rest;" },
  { form: "object literal", code: "const o = { [k]: 1 }; void o;" },
  { form: "object literal getter", code: "const o = { get [k]() { return 1; } }; void o;" },
  { form: "class member", code: "class C { [k]() { return 1; } } void C;" },
];

describe("computed keys in every destructuring (and naming) position go through the key guard", () => {
  for (const { form, code } of DESTRUCTURING) {
    it(form, async () => {
      const src = reclaimExt(
        `(args) => { const k = ${PROTO}; ${code} // HERE\n      return { victim: args.resident[0]!.frame }; }`,
      );
      const x = await load("d.ts", src);
      const r = x.call("PhysAddr.Reclaim", reclaimArgs([4], 1));
      expect(r).toMatchObject({
        ok: false,
        fault: {
          kind: "sfi",
          message: expect.stringMatching(/^sfi: computed access to dangerous property "__proto__" at d\.ts:\d+:\d+$/),
          position: { line: lineOf(src, "// HERE") },
        },
      });
      x.vm.dispose();
    });
  }

  it("every dangerous name, not only __proto__", async () => {
    for (const key of ["__defineGetter__", "__lookupGetter__", "constructor", "prototype", "caller"]) {
      const src = reclaimExt(
        `(args) => { const k = ${JSON.stringify(key.split(""))}.join(""); const { [k]: v } = [1] as any; void v; return { victim: args.resident[0]!.frame }; }`,
      );
      const x = await load("d.ts", src);
      expect(x.call("PhysAddr.Reclaim", reclaimArgs([4], 1))).toMatchObject({
        ok: false,
        fault: { kind: "sfi", message: expect.stringContaining(`dangerous property ${JSON.stringify(key)}`) },
      });
      x.vm.dispose();
    }
  });

  it("harmless computed keys still work (numbers, strings, symbols)", async () => {
    const src = reclaimExt(
      "(args) => { const k = 'fr' + 'ame'; const s = Symbol('x'); const { [k]: f } = args.resident[0]!; const o = { [s]: 1, [0]: 2 }; const { [0]: two } = o; return { victim: (f as Frame), clearReferenced: two === 2 && o[s] === 1 ? [f] : [] }; }",
    );
    const x = await load("ok.ts", src);
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4], 1))).toEqual({
      ok: true,
      value: { victim: 4, clearReferenced: [4] },
    });
    x.vm.dispose();
  });

  it("for-in keys are strings: the key guard still stops o[k] for a '__proto__' key from JSON", async () => {
    const src = reclaimExt(
      "(args) => { const o = JSON.parse('{\"__proto__\": 1}'); let n = 0; for (const k in o) n += o[k]; return { victim: args.resident[n]!.frame }; }",
    );
    const x = await load("in.ts", src);
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4], 1))).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringContaining('dangerous property "__proto__"') },
    });
    x.vm.dispose();
  });

  it("`in` and Object.keys hand out booleans and strings, never a reference: the checked kernel shows only log", async () => {
    const src = reclaimExt(
      '(args, kernel) => { const ks = Object.keys(kernel).join(","); const has = ("__proto__" in kernel) || ("constructor" in kernel); return { victim: args.resident[ks === "log" && !has ? 1 : 0]!.frame }; }',
    );
    const x = await load("in.ts", src);
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 9], 1))).toEqual({ ok: true, value: { victim: 9 } });
    x.vm.dispose();
  });

  it("a literal dangerous key in a pattern is refused at rewrite", () => {
    for (const code of [
      'const { ["__proto__"]: AP } = [1];',
      'let C; ({ ["constructor"]: C } = {});',
      "const { [`__defineGetter__`]: d } = {};",
    ]) {
      expect(
        () =>
          rewriteExtension("lit.ts", reclaimExt(`(args) => { ${code} return { victim: args.resident[0]!.frame }; }`)),
        code,
      ).toThrow(/sfi\/dangerous-key/);
    }
  });

  it("a dangerous name written as a plain key, in every pattern position, is refused at load (the verifier's rules SFI keeps)", () => {
    const forms = [
      "const { __proto__: AP } = [1] as any;",
      "let AP: unknown; ({ __proto__: AP } = [1] as any);",
      "const { __defineGetter__ } = {} as any;",
      "const { 'constructor': C } = {} as any;",
      "const f = ({ __lookupGetter__: g }: any) => g;",
      "for (const { constructor: C } of [{}] as any[]) void C;",
      "try { throw {}; } catch ({ __proto__: p }) { void p; }",
    ];
    for (const code of forms) {
      const src = reclaimExt(`(args) => { ${code} return { victim: args.resident[0]!.frame }; }`);
      let err: unknown;
      try {
        prepareSfi("plain.ts", src, API);
      } catch (e) {
        err = e;
      }
      expect(err, code).toBeInstanceOf(ExtensionRejected);
      expect((err as ExtensionRejected).diagnostics.map((d) => d.code).join(","), code).toMatch(
        /no-proto|no-function-constructor/,
      );
    }
  });
});

describe("the sfi import replaced for the type check (red team 13, sfi-hidden-from-verifier)", () => {
  const refusals = (src: string): string[] => {
    try {
      prepareSfi("plain.ts", src, API);
      return [];
    } catch (e) {
      if (!(e instanceof ExtensionRejected)) throw e;
      return e.diagnostics.map((d) => `${d.code}@${d.line}:${d.column}`);
    }
  };

  it("strings that read like the import hide nothing from the rules SFI keeps", () => {
    // The text between a string opening with `import {` and one closing with `} from
    // "spin-kernel/sfi"` was replaced for the type check, and every diagnostic in it dropped.
    const src = reclaimExt(
      `(args) => { const h = "import {"; const fs = [Function]; const t = '} from "spin-kernel/sfi"'; void h; void t; void fs; return { victim: args.resident[0]!.frame }; }`,
    );
    expect(refusals(src)).toEqual([expect.stringMatching(/^no-function-constructor@/)]);
  });

  it("lines that end in a lone CR or U+2028 map to the places TypeScript gives (red team 13, sfi-hidden-cr-lines)", () => {
    for (const eol of ["\r", "\u2028"]) {
      // Counting "\n" only, \`Function\` at column 14 of line 4 was offset 13: inside the import.
      const src = [
        'import { heap } from "spin-kernel/sfi";',
        'import { defineExtension } from "spin-kernel/extension";',
        "export function g(): unknown {",
        "  const f = [Function];",
        "  heap[0] = 1;",
        "  return f;",
        "}",
        "export default defineExtension({ handlers: {} });",
        "",
      ].join(eol);
      expect(refusals(src), JSON.stringify(eol)).toEqual(["no-function-constructor@4:14"]);
    }
  });

  it("a kept rule's message that quotes the module's name is not dropped as ours", () => {
    // A getter on a top-level object runs at load; the rule's message quotes its key.
    const src = reclaimExt(
      `(args) => { return { victim: args.resident[0]!.frame }; }`,
      'const o = { get ["spin-kernel/sfi"]() { return 1; } };\n',
    );
    expect(refusals(src)).toEqual([expect.stringMatching(/^no-top-level-side-effects@/)]);
  });

  it("the real import, on one line or several, still type-checks as an Int32Array", () => {
    for (const imp of [
      'import { heap } from "spin-kernel/sfi";',
      'import {\n  heap as mem,\n} from "spin-kernel/sfi";',
    ]) {
      const name = imp.includes("mem") ? "mem" : "heap";
      const src = `${imp}\n${reclaimExt(`(args) => { ${name}[0] = 1; return { victim: args.resident[0]!.frame }; }`)}`;
      expect(refusals(src), imp).toEqual([]);
    }
  });
});

describe("SFI's own state is immune to prototype pollution (key guard and taming off)", () => {
  // With the control pass off nothing stops the guest from reaching Array.prototype and
  // Object.prototype; the capability check must hold anyway.
  const POLLUTE = `const AP: any = ([] as any)["__pro" + "to__"];
const OP: any = ({} as any)["__pro" + "to__"];
function pollute(): void {
  for (let i = 0; i < 8; i++) {
    AP.__defineGetter__(String(i), () => 99);
    AP.__defineSetter__(String(i), () => undefined);
  }
  for (const k of ["frame", "thread", "resident", "ready", "victim", "checked", "frames", "threads", "ev", "trap", "site"]) { OP.__defineGetter__(k, () => 99); OP.__defineSetter__(k, () => undefined); }
  AP.toJSON = () => [99];
}
`;
  const src = `${HEAD}${POLLUTE}
export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => { if (args.vpn === 0) pollute(); else OP.toJSON = () => ({ victim: 99 }); return {}; },
    "PhysAddr.Reclaim": async (args) => {
      if (args.vpn === 1) return { victim: 99 as Frame };
      if (args.vpn === 2) return { victim: args.resident[0]!.frame, clearReferenced: [99 as Frame] };
      await null;
      return { victim: args.resident[1]!.frame, clearReferenced: [args.resident[0]!.frame] };
    },
    "Strand.Resume": () => ({ thread: 99 }),
  },
});
`;
  it("frame 99 is refused after Array.prototype[0..7] and Object.prototype were given accessors", async () => {
    const x = await load("pollute.ts", src, { passes: { control: false } });
    expect(x.call("Translation.PageNotPresent", { vpn: 0 })).toEqual({ ok: true, value: {} });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 5], 1))).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringMatching(/victim 99 is not a frame/) },
    });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 5], 2))).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringMatching(/clearReferenced\[0\] = 99 is not a frame/) },
    });
    expect(x.call("Strand.Resume", { ready: [{ thread: 1 }, { thread: 2 }] })).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringMatching(/thread 99 is not one of this event's ready threads/) },
    });
    // A valid result settles through the prelude's pending slots and its JSON encoding untouched,
    // even with toJSON planted on Object.prototype (the checked copy has no prototype).
    expect(x.call("Translation.PageNotPresent", { vpn: 1 })).toEqual({ ok: true, value: {} });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 5], 3))).toEqual({
      ok: true,
      value: { victim: 5, clearReferenced: [4] },
    });
    x.vm.dispose();
  });
});

describe("builtins replaced through `any` (a warning in SFI mode) do not reach SFI's checks", () => {
  it("JSON, Array.isArray, Number.isInteger, Object.freeze/keys/hasOwn, String and Promise.resolve replaced: frame 99 still trapped", async () => {
    const src = `${HEAD}
function replace(): number {
  const J: any = JSON, A: any = Array, N: any = Number, O: any = Object, P: any = Promise;
  // The prelude freezes every global constructor and namespace object, as SES does (JSON and
  // Math since red team 14, the others since red team 15): every write throws.
  const tries = [
    () => { J.stringify = () => '{"victim":99}'; },
    () => { J.parse = () => ({ victim: 99 }); },
    () => { A.isArray = () => true; },
    () => { N.isInteger = () => true; },
    () => { O.freeze = (x: unknown) => ({ victim: 99, x }); },
    () => { O.keys = () => []; },
    () => { O.hasOwn = () => false; },
    () => { P.resolve = (x: unknown) => x; },
  ];
  let refused = 0;
  for (const t of tries) {
    try {
      t();
    } catch {
      refused++;
    }
  }
  return refused;
}
export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": () => { if (replace() !== 8) throw new Error("a write went through"); return {}; },
    "PhysAddr.Reclaim": async (args) => (args.vpn === 1 ? { victim: 99 as Frame } : { victim: args.resident[0]!.frame }),
  },
});
`;
    const x = await load("builtins.ts", src);
    expect(x.call("Translation.PageNotPresent", { vpn: 0 })).toEqual({ ok: true, value: {} });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 5], 1))).toMatchObject({
      ok: false,
      fault: { kind: "sfi", message: expect.stringMatching(/victim 99 is not a frame/) },
    });
    expect(x.call("PhysAddr.Reclaim", reclaimArgs([4, 5], 2))).toEqual({ ok: true, value: { victim: 4 } });
    x.vm.dispose();
  });
});

/**
 * Classes are the extension's own code (red team 8, sfi-string-method-name): every one was outside
 * the function table, so `new C()` was an sfi fault, and a class field (which the transpiler
 * defines with Object.defineProperty) trapped: a correct extension refused in sfi only.
 */
describe("classes in SFI mode", () => {
  const CLASSES = `
class Counter {
  n = 0;
  static made = 0;
  "next"(): number {
    Counter.made++;
    return ++this.n;
  }
}
class Twice extends Counter {
  constructor(readonly by: number) {
    super();
  }
  override "next"(): number {
    return super.next() * this.by;
  }
}
function pick(): number {
  class Local {
    get one(): number {
      return 1;
    }
  }
  const Named = class {
    k = 2;
  };
  return new Local().one + new Named().k + new Twice(2).next() + new Counter().next() + Counter.made;
}
`;

  it("a class declaration, a derived class, a local class and a class expression are made and run; fields are defined", async () => {
    const x = await load("classes.ts", reclaimExt("(args) => ({ victim: args.resident[pick() - 8]!.frame })", CLASSES));
    // pick() = 1 + 2 + 2 + 1 + 2 = 8: the first resident frame.
    const r = x.vm.invoke("PhysAddr.Reclaim", 0, reclaimArgs([4, 9], 7));
    x.vm.dispose();
    expect(r.ok ? r.value : r.error.message).toMatchObject({ value: { victim: 4 } });
  });

  it("a result that is an instance of a class is refused when its victim is a getter of the prototype (JSON reads no victim)", async () => {
    const before = `class Answer {
  constructor(private readonly frame: Frame) {}
  get victim(): Frame { return this.frame; }
}
`;
    const x = await load("answer.ts", reclaimExt("(args) => new Answer(args.resident[0]!.frame)", before));
    const r = x.vm.invoke("PhysAddr.Reclaim", 0, reclaimArgs([4, 9], 7));
    x.vm.dispose();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^sfi: capability check failed: victim undefined is not a frame/);
  });

  it("an instance of a class is read by its own fields, as JSON reads it: an own victim is accepted, a toJSON refused (red team 9, sfi-class-result-refused)", async () => {
    const before = `class Choice {
  constructor(public readonly victim: Frame) {}
}
class Shown {
  constructor(public readonly victim: Frame) {}
  toJSON(): unknown { return { victim: 7000 }; }
}
`;
    const x = await load(
      "choice.ts",
      reclaimExt(
        "(args) => (args.vpn === 0 ? new Choice(args.resident[0]!.frame) : new Shown(args.resident[0]!.frame))",
        before,
      ),
    );
    const accepted = x.vm.invoke("PhysAddr.Reclaim", 0, reclaimArgs([4, 9], 0));
    const refused = x.vm.invoke("PhysAddr.Reclaim", 0, reclaimArgs([4, 9], 7));
    x.vm.dispose();
    expect(accepted.ok ? accepted.value : accepted.error.message).toMatchObject({ value: { victim: 4 } });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error.message).toMatch(/^sfi: PhysAddr\.Reclaim result is not read by JSON as its own fields/);
  });

  it("the author's own Object.defineProperty stays refused (only the transpiler's field definitions are let through)", async () => {
    const before = "const O: any = Object;\n";
    const x = await load(
      "define.ts",
      reclaimExt(
        '(args) => { const o = {}; O.defineProperty(o, "v", { enumerable: true, configurable: true, writable: true, value: 1 }); return { victim: args.resident[0]!.frame }; }',
        before,
      ),
    );
    const r = x.vm.invoke("PhysAddr.Reclaim", 0, reclaimArgs([4, 9], 7));
    x.vm.dispose();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/Object\.defineProperty is not available in SFI mode/);
  });
});
