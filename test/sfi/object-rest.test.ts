/**
 * Object rest elements (extensions/sfi/passes/object-rest.ts, used by the strings pass): a rest
 * in a pattern copies its value's other own keys in one C++ (or C) step, as an object spread
 * does, so its value is charged by `__sfi_idx` first, wherever the pattern stands (issue 10's
 * red team, object-rest-variable, object-rest-binding); a rest in an assignment target is left
 * as written, its right side charged (object-rest-assignment: it was wrapped as a spread, which
 * made invalid JavaScript and refused the extension at load).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import { rewriteExtension } from "../../extensions/sfi/rewrite.js";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import ts from "../../extensions/typescript.js";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** Every place a pattern with an object rest may stand, each value logged by what it binds. */
const PLACES = `
const o = { a: { x: 1, y: 2 }, b: 3, c: 4 };
const log: unknown[] = [];
const { ...v1 } = o;
const { a: { x, ...v2 }, ...v3 } = o;
const [{ ...v4 }, [{ ...v5 }]] = [o.a, [o]];
let v6 = {}, v7 = {}, v8 = {};
({ ...v6 } = o);
({ a: { ...v7 }, ...v8 } = o);
const assigned = ({ b: v6, ...v8 } = o);
log.push(v1, x, v2, v3, v4, v5, v6, v7, v8, assigned === o);
function param(n: number, { a, ...r }: typeof o, m = n): unknown { "a directive"; return [n, a, r, m]; }
const arrow = ({ ...r }: { b: number }) => r;
const withDefault = ({ ...r } = { d: 5 }) => r;
const nested = ([{ ...r }]: { p: number }[]) => r;
log.push(param(1, o), arrow(o), withDefault(), withDefault(o), nested([{ p: 6 }]));
for (const { a, ...r } of [o, o.a]) log.push(a, r);
for (var { ...r } of [o.a]) log.push(r);
for (const { ...k } in { ab: 1 }) log.push(k);
for ({ ...v6 } of [o.a]) log.push(v6);
try { throw o; } catch ({ b, ...r }) { log.push(b, r); }
class K { m({ ...r }: object) { return r; } set s({ ...r }: object) { log.push(r); } }
new K().s = o.a;
log.push(new K().m(o.a));
export let { a: { x: ex1, ...ex2 }, ...ex3 } = o;
log.push(ex1, ex2, ex3);
export const result = log;
`;

/**
 * Run a CommonJS body with the frame's names these passes use; `idx` is the frame's __sfi_idx (a
 * for-in's own charge and a throw's site pass their value), which __sfi_late calls too.
 */
function run(js: string, idx: (v: unknown) => unknown = (v) => v): unknown {
  const exports: Record<string, unknown> = {};
  const names = ["__sfi_fuel", "__sfi_depth", "__sfi_nofuel", "__sfi_deep", "__sfi_caught", "__sfi_unwind"];
  const none = Symbol("none");
  const late = (v: unknown): symbol => {
    idx(v);
    return none;
  };
  new Function(
    "require",
    "exports",
    "__sfi_idx",
    "__sfi_late",
    "__sfi_cat",
    "__sfi_forin",
    "__sfi_throw",
    ...names,
    js,
  )(
    () => ({}),
    exports,
    idx,
    late,
    (v: unknown) => v,
    (v: unknown) => v,
    (v: unknown) => v,
    1e9,
    0,
    () => {
      throw new Error("no fuel");
    },
    () => {},
    () => {},
    (e: unknown) => {
      throw e;
    },
  );
  return exports.result;
}

const plain = (source: string): string =>
  ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } })
    .outputText;

describe("an object rest in a pattern", () => {
  it("binds what the plain code binds, in every place, each value through __sfi_idx", () => {
    const rewritten = rewriteWithFuel("places.ts", PLACES);
    const charged: unknown[] = [];
    const got = run(rewritten.js, (v) => {
      charged.push(v);
      return v;
    });
    expect(got).toEqual(run(plain(PLACES)));
    // The values copied by a rest, each once: o, o, o.a, o.a, o (v1 to v5); the assignments' o,
    // o, o.a, o; param's, arrow's, both defaults', the array's element; the loops' o, o.a, o.a,
    // the for-in's key (and its object, a for-in's own charge), o.a; the caught o; the setter's
    // and the method's o.a; the exported declaration's o and o.a.
    expect(charged.length).toBe(25);
    const o = (got as unknown[])[3];
    expect(o).toEqual({ b: 3, c: 4 });
    expect(rewritten.js).not.toMatch(/\{\s*\.\.\.__sfi_idx/);
  });

  it("charges a rest in an assignment target by its right side, and leaves the target as written", () => {
    const r = rewriteWithFuel(
      "assign.ts",
      "let a = {}; const o = { b: 1 };\n({ ...a } = o);\nexport const result = a;",
    );
    expect(r.js).toContain("({ ...a } = __sfi_idx(o, ");
    expect(run(r.js)).toEqual({ b: 1 });
    // The SFI placement's rewrite (QuickJS) takes it too: no refusal at load.
    expect(() =>
      rewriteExtension("assign.ts", "let a = {}; const o = { b: 1 };\n({ ...a } = o);\nexport default a;"),
    ).not.toThrow();
  });

  it("charges a rest after the pattern's other elements ran, where it is copied (red team 17)", () => {
    // Each default grows the value after it arrived; the charge must see the grown value.
    const source = `const o: Record<string, number> = {};
const grow = (n: number): number => { for (let i = 0; i < n; i++) o["k" + i] = i; return n; };
const { x = grow(3), ...r } = o;
let s: Record<string, number> = {}, y = 0;
({ y = grow(5), ...s } = o);
function f({ z = grow(7), ...t }: Record<string, number>): number { return Object.keys(t).length + z; }
export const result = [x, Object.keys(r).length, y, Object.keys(s).length, f(o)];`;
    const r = rewriteWithFuel("late.ts", source);
    const seen: number[] = [];
    const got = run(r.js, (v) => {
      seen.push(Object.keys(v as object).length);
      return v;
    });
    expect(got).toEqual(run(plain(source)));
    // The keys each rest copies, charged after its default grew them (0, 3 and 5 as they arrived).
    expect(seen).toEqual([3, 5, 7]);
    expect(r.js).toContain("__sfi_late(");
  });

  it("refuses, at its place, a later parameter that names a binding of a moved pattern", () => {
    const source = "export function f({ ...r }: object, g = () => r) { return g; }";
    let caught: unknown;
    try {
      rewriteWithFuel("later.ts", source);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ExtensionRejected);
    expect((caught as ExtensionRejected).diagnostics[0]).toMatchObject({
      code: "sfi/rest-parameter-default",
      line: 1,
      column: 37,
    });
  });

  /** The first diagnostic of rewriting `source`, or undefined when it is taken. */
  const refusal = (source: string): unknown => {
    try {
      rewriteWithFuel("refused.ts", source);
    } catch (e) {
      if (e instanceof ExtensionRejected) return e.diagnostics[0];
      throw e;
    }
    return undefined;
  };

  it("refuses an earlier parameter whose default names a binding of a moved pattern (red team 17)", () => {
    // Its closure would read the module's `r` once the pattern binds in the body.
    expect(refusal("const r = 1;\nexport function f(g = () => r, { ...r }: object) { return g; }")).toMatchObject({
      code: "sfi/rest-parameter-default",
      line: 2,
      column: 19,
    });
  });

  it("refuses a generator's parameter pattern with an object rest (red team 17)", () => {
    // Its body runs at the first next(): the pattern's getters would run late.
    expect(refusal("export function* g(n: number, { ...r }: object) { yield r; }")).toMatchObject({
      code: "sfi/rest-parameter-generator",
      line: 1,
      column: 31,
    });
    expect(refusal("export async function* g({ ...r }: object) { yield r; }")).toMatchObject({
      code: "sfi/rest-parameter-generator",
    });
    expect(refusal("export class C { *m({ ...r }: object) { yield r; } }")).toMatchObject({
      code: "sfi/rest-parameter-generator",
    });
    // A plain or async function, and a rest in a generator's body, are taken.
    expect(refusal("export async function f({ ...r }: object) { return r; }")).toBeUndefined();
    expect(refusal("export function* g(o: object) { const { ...r } = o; yield r; }")).toBeUndefined();
  });
});

/**
 * Each kind of rest in a handler of the V8 placements, of an object of `n` named keys the
 * handler makes first (the last kind makes it and copies nothing): the copy is charged 16 units
 * a key (sandbox/native/for-in-fuel.ts namedKeyCount) before it runs; an array's rest is charged
 * by its iterator's steps, 4 units an element, as it was. The assignments are an extension of
 * their own: without the pass's care for them, they make JavaScript that does not load.
 */
const rests = (kinds: readonly string[]): string => `import { defineExtension } from "spin-kernel/extension";
type O = Record<number, number>;
const param = ({ ...r }: O): number => r[-1] ?? 0;
const rests: ((o: O, a: number[]) => number)[] = [${kinds.join(", ")}, () => 0];
export default defineExtension({ handlers: {
  "Translation.PageNotPresent": (args) => {
    const n = args.vpn >> 4;
    const o: O = {};
    const a: number[] = [];
    for (let i = 0; i < n; i++) { o[-1 - i] = i; a.push(i); }
    return { prefetch: [], n: rests[args.vpn & 15]!(o, a) };
  },
} });`;

const BINDINGS = [
  ["a variable's", "(o) => { const { ...r } = o; return r[-1] ?? 0; }", 16],
  ["a parameter's", "(o) => param(o)", 16],
  ["a for-of binding's", "(o) => { let n = 0; for (const { ...r } of [o]) n += r[-1] ?? 0; return n; }", 16],
  ["a catch binding's", "(o) => { try { throw o; } catch ({ ...r }) { return r[-1] ?? 0; } }", 16],
  ["a nested pattern's", "(o) => { const { a: { ...r } } = { a: o }; return r[-1] ?? 0; }", 16],
  // Filled by its default after it arrived empty: assign's 16 units a key, then the rest's 16 at
  // its copy (red team 17, object-rest-default-grows: 16 in all before).
  [
    "a rest after a default that fills its value",
    "(o) => { const s: O = {}; const { z = Object.assign(s, o)[-1] ?? 0, ...r }: O & { z?: number } = s; return (r[-1] ?? 0) + z; }",
    32,
  ],
  ["an array rest's", "(_, a) => { const [...r] = a; return r[1] ?? 0; }", 4],
] as const;
const ASSIGNMENTS = [
  ["an assignment's", "(o) => { let r: O = {}; ({ ...r } = o); return r[-1] ?? 0; }", 16],
  ["a nested assignment target's", "(o) => { let r: O = {}; ({ a: { ...r } } = { a: o }); return r[-1] ?? 0; }", 16],
  ["a for-of assignment target's", "(o) => { let r: O = {}; for ({ ...r } of [o]) {} return r[-1] ?? 0; }", 16],
] as const;

describe.each([
  ["bindings", BINDINGS],
  ["assignments", ASSIGNMENTS],
])("an object rest's copy in the V8 placements: %s", (name, kinds) => {
  let vm: ExtensionVM;
  beforeAll(async () => {
    const source = rewriteWithFuel(`${name}.ts`, rests(kinds.map((k) => k[1]))).js;
    const created = await createExtensionVM("server", { source, filename: `${name}.js`, seed: 1 });
    if (!created.ok) throw created.error;
    vm = created.value;
  });
  afterAll(() => vm?.dispose());
  const units = (kind: number, n: number): number => {
    const r = vm.invokeMany([
      { event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn: (n << 4) | kind } },
    ]);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.results[0]).toMatchObject({ ok: true });
    return r.value.instructions;
  };

  it.each(kinds.map(([what, , rate], kind) => [what, kind, rate] as const))(
    "%s is charged its value's keys before the copy, the same every run",
    (_, kind, rate) => {
      const n = 2 ** 12;
      const copied = units(kind, n);
      expect(copied - units(kinds.length, n)).toBeGreaterThanOrEqual(rate * n);
      expect(units(kind, n)).toBe(copied);
    },
  );
});
