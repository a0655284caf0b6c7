import { rules } from "../../extensions/verifier/index.js";
import { describe, expect, it } from "vitest";
import { ruleTester, runRule } from "./rule-tester.js";

const r = rules;

ruleTester(r["no-explicit-any"], {
  valid: ["export const x: unknown = 1;", "export function f(a: readonly number[]): number { return a.length; }"],
  invalid: [
    { code: "export const x: any = 1;", errors: [{ messageId: "explicitAny", line: 1, column: 17 }] },
    {
      code: "export function f(\n  a: Array<any>,\n): void {}",
      errors: [{ messageId: "explicitAny", line: 2, column: 12 }],
    },
  ],
});

ruleTester(r["no-unsafe-any"], {
  valid: [
    "export function f(s: string): unknown { const v: unknown = JSON.parse(s); return v; }",
    "export function f(s: string): unknown { return JSON.parse(s); }",
    "export function f(s: string): number { return s.length; }",
  ],
  invalid: [
    {
      code: "export function f(s: string): number {\n  const v = JSON.parse(s);\n  return v.length;\n}",
      errors: [
        { messageId: "anyValue", line: 2, column: 13 },
        { messageId: "anyValue", line: 3, column: 10 },
      ],
    },
    {
      code: "export function f(s: string): string {\n  return JSON.parse(s).a.b;\n}",
      errors: [{ messageId: "anyValue", line: 2, column: 10 }],
    },
  ],
});

ruleTester(r["no-type-assertion"], {
  valid: [
    "export const x = [1, 2] as const;",
    "export const y = { a: 1 } satisfies { a: number };",
    "export const z = <const>['a'];",
  ],
  invalid: [
    {
      code: 'import type { Frame } from "spin-kernel/extension";\nexport const p = {} as unknown as Frame;',
      errors: [
        { messageId: "asAssertion", line: 2, column: 18 },
        { messageId: "asAssertion", line: 2, column: 18 },
      ],
    },
    {
      code: "export const n = <number>(1 as unknown);",
      errors: [
        { messageId: "angleAssertion", line: 1, column: 18 },
        { messageId: "asAssertion", line: 1, column: 27 },
      ],
    },
  ],
});

ruleTester(r["no-non-null-assertion"], {
  valid: ["export function f(a: number[]): number { const x = a[0]; return x === undefined ? 0 : x; }"],
  invalid: [
    {
      code: "export function f(a: number[]): number {\n  return a[0]!;\n}",
      errors: [{ messageId: "nonNull", line: 2, column: 10 }],
    },
  ],
});

ruleTester(r["no-ts-directive"], {
  valid: [
    '// a comment mentioning ts-ignore without the at sign\nexport const s = "@ts-ignore in a string";',
    "/* @ts-check is fine */ export {};",
  ],
  invalid: [
    { code: "// @ts-ignore\nexport const x: number = 'a';", errors: [{ messageId: "directive", line: 1, column: 4 }] },
    { code: "export const x = 1; /* @ts-nocheck */", errors: [{ messageId: "directive", line: 1, column: 24 }] },
    {
      code: "export const t = `${1}`;\nexport function f(): number {\n  return (\n    // @ts-expect-error\n    'a'\n  );\n}",
      errors: [{ messageId: "directive", line: 4, column: 8 }],
    },
    {
      code: "export function f(a: number): number {\n  return f(a\n  // @ts-ignore\n  );\n}",
      errors: [{ messageId: "directive", line: 3, column: 6 }],
    },
  ],
});

ruleTester(r["no-eval"], {
  valid: ["export const o = { evaluate: 1 };", "export function f(o: { eval: number }): number { return o.eval; }"],
  invalid: [
    { code: 'export const x = eval("1");', errors: [{ messageId: "evalReference", line: 1, column: 18 }] },
    {
      code: "const e = eval;\nexport const x = (0, eval)('1');",
      errors: [
        { messageId: "evalReference", line: 1, column: 11 },
        { messageId: "evalReference", line: 2, column: 22 },
      ],
    },
    { code: 'export const x = \\u0065val("1");', errors: [{ messageId: "evalReference", line: 1, column: 18 }] },
    {
      code: 'export function f(o: { eval: number }): number { return o["eval"]; }',
      errors: [{ messageId: "evalMember", line: 1, column: 59 }],
    },
  ],
});

ruleTester(r["no-function-constructor"], {
  valid: ["export class A { constructor(public x: number) {} }", "export type F = (a: number) => void;"],
  invalid: [
    {
      code: 'export const f = new Function("return 1");',
      errors: [{ messageId: "functionReference", line: 1, column: 22 }],
    },
    {
      code: "export const c = (() => 1).constructor;",
      errors: [{ messageId: "constructorMember", line: 1, column: 28 }],
    },
    {
      code: 'export function g(x: object): unknown { return x["constructor"]; }',
      errors: [{ messageId: "constructorMember", line: 1, column: 50 }],
    },
    {
      code: "export function g(f: () => void): unknown {\n  const { constructor: C } = f;\n  return C;\n}",
      errors: [{ messageId: "constructorMember", line: 2, column: 11 }],
    },
    { code: "export class X extends Function {}", errors: [{ messageId: "functionReference", line: 1, column: 24 }] },
  ],
});

ruleTester(r["no-dynamic-import"], {
  valid: ['import { log } from "spin-kernel/extension";\nexport const l = log;'],
  invalid: [
    {
      code: 'export const m = import("spin-kernel/extension");',
      errors: [{ messageId: "dynamicImport", line: 1, column: 18 }],
    },
    { code: "export const u = import.meta;", errors: [{ messageId: "importMeta", line: 1, column: 18 }] },
  ],
});

ruleTester(r["no-require"], {
  valid: ["export function f(required: number): number { return required; }"],
  invalid: [
    { code: 'export const fs: unknown = require("fs");', errors: [{ messageId: "commonjs", line: 1, column: 28 }] },
  ],
});

ruleTester(r["no-global-object"], {
  valid: [
    "export const o = { globalThis: 1 };",
    // Local bindings that happen to be named like a global object are the author's own.
    "export function f(): number {\n  const top = 3;\n  return top + 1;\n}",
    "export function g(window: number, self: string): string { return self + String(window); }",
    "const parent = { top: 1 };\nexport const p = { parent, depth: parent.top };",
    "export function h(): number { let frames = 0; for (const x of [1, 2]) frames += x; return frames; }",
  ],
  invalid: [
    {
      code: 'export const e: unknown = globalThis["ev" + "al"];',
      errors: [{ messageId: "globalObject", line: 1, column: 27 }],
    },
    { code: "export const w: unknown = window;", errors: [{ messageId: "globalObject", line: 1, column: 27 }] },
    // A local `top` elsewhere does not hide the global one here.
    {
      code: "export function f(): unknown { const top = 1; return top; }\nexport const g: unknown = globalThis;",
      errors: [{ messageId: "globalObject", line: 2, column: 27 }],
    },
    // Shorthand properties are references too.
    { code: "export const o = { globalThis };", errors: [{ messageId: "globalObject", line: 1, column: 20 }] },
  ],
});

ruleTester(r["no-type-predicate"], {
  valid: [
    'export function isNumber(x: unknown): boolean { return typeof x === "number"; }',
    'export function f(x: string | number): number { return typeof x === "number" ? x : x.length; }',
    // Predicates TypeScript infers from the body are checked by the compiler.
    "export const defined = [1, undefined, 2].filter((x) => x !== undefined);",
  ],
  invalid: [
    {
      code: 'import type { Frame } from "spin-kernel/extension";\nexport function f(n: number): n is Frame & number {\n  return n >= 0;\n}',
      errors: [{ messageId: "predicate", line: 2, column: 31 }],
    },
    {
      code: "export function is<T>(x: unknown): x is T { return x !== null; }",
      errors: [{ messageId: "predicate", line: 1, column: 36 }],
    },
    {
      code: "export function check(x: unknown): asserts x is string {\n  void x;\n}",
      errors: [{ messageId: "assertion", line: 1, column: 36 }],
    },
    {
      code: "export function ok(x: unknown): asserts x {\n  void x;\n}",
      errors: [{ messageId: "assertion", line: 1, column: 33 }],
    },
    {
      code: "export const g = (n: number): n is 1 => n === 1;",
      errors: [{ messageId: "predicate", line: 1, column: 31 }],
    },
    {
      code: "export class C {\n  isC(): this is C {\n    return true;\n  }\n}",
      errors: [{ messageId: "predicate", line: 2, column: 10 }],
    },
    { code: "export type Guard = (n: number) => n is 2;", errors: [{ messageId: "predicate", line: 1, column: 36 }] },
  ],
});

ruleTester(r["no-proto"], {
  valid: ["export const o = { proto: 1 };"],
  invalid: [
    {
      code: "export function f(o: { __proto__: unknown }): unknown { return o.__proto__; }",
      errors: [{ messageId: "legacyMember", line: 1, column: 66 }],
    },
    {
      code: "export const o = { __proto__: null, a: 1 };",
      errors: [{ messageId: "legacyMember", line: 1, column: 20 }],
    },
  ],
});

ruleTester(r["no-prototype"], {
  valid: ["export const p = { prototypical: true };"],
  invalid: [
    {
      code: "export function f(): void {\n  Array.prototype.push = () => 0;\n}",
      errors: [{ messageId: "prototypeAccess", line: 2, column: 9 }],
    },
    { code: "export const { prototype } = Object;", errors: [{ messageId: "prototypeAccess", line: 1, column: 16 }] },
  ],
});

ruleTester(r["no-reflective-object-api"], {
  valid: ["export const k = Object.keys({ a: 1 });", "export const f = Object.freeze({ a: 1 });"],
  invalid: [
    {
      code: "export const p = Object.getPrototypeOf(() => 0);",
      errors: [{ messageId: "reflective", line: 1, column: 18 }],
    },
    {
      code: "const { defineProperty } = Object;\nexport const d = defineProperty;",
      errors: [{ messageId: "reflective", line: 1, column: 9 }],
    },
    {
      code: "const O = Object;\nexport const s = O.setPrototypeOf;",
      errors: [{ messageId: "reflective", line: 2, column: 18 }],
    },
  ],
});

ruleTester(r["no-symbol-registry"], {
  valid: ['export const s = Symbol("local");'],
  invalid: [
    { code: 'export const s = Symbol.for("shared");', errors: [{ messageId: "registry", line: 1, column: 18 }] },
  ],
});

ruleTester(r["no-bigint"], {
  valid: [
    "export const big = 2 ** 53 - 1;",
    "export function f(n: number): number { return n * n; }",
    "export const typed = new Float64Array(4)[0];",
    "export function g(d: DataView): number { return d.getFloat64(0); }",
    'export const name = "BigInt";',
  ],
  invalid: [
    { code: "export const x = 1n;", errors: [{ messageId: "literal", line: 1, column: 18 }] },
    {
      code: "const X = (1n << 480000n) - 1n;\nexport const y = X * X;",
      errors: [
        { messageId: "literal", line: 1, column: 12 },
        { messageId: "literal", line: 1, column: 18 },
        { messageId: "literal", line: 1, column: 29 },
      ],
    },
    { code: "export const b = BigInt(5);", errors: [{ messageId: "global", line: 1, column: 18 }] },
    {
      code: "export const n = BigInt.asUintN(64, 5n);",
      errors: [
        { messageId: "global", line: 1, column: 18 },
        { messageId: "literal", line: 1, column: 37 },
      ],
    },
    {
      code: "export const a = new BigUint64Array(2);\nexport const s = new BigInt64Array(1)[0];",
      errors: [
        { messageId: "global", line: 1, column: 22 },
        { messageId: "global", line: 2, column: 22 },
      ],
    },
    {
      code: "export function sq(x: bigint): number {\n  return Number(x * x);\n}",
      errors: [{ messageId: "type", line: 1, column: 23 }],
    },
    { code: "export type Num = number | bigint;", errors: [{ messageId: "type", line: 1, column: 28 }] },
    {
      code: "export function f(d: DataView): number {\n  const v = d.getBigInt64(0);\n  return Number(v * v);\n}",
      errors: [{ messageId: "value", line: 2, column: 13 }],
    },
  ],
});

ruleTester(r["no-proxy"], {
  valid: ["export const proxy = 1;"],
  invalid: [{ code: "export const p = new Proxy({}, {});", errors: [{ messageId: "proxy", line: 1, column: 22 }] }],
});

ruleTester(r["no-reflect"], {
  valid: ["export const reflection = 1;"],
  invalid: [
    { code: 'export const g = Reflect.get({ a: 1 }, "a");', errors: [{ messageId: "reflect", line: 1, column: 18 }] },
  ],
});

ruleTester(r["no-with"], {
  valid: ["export const withdraw = 1;"],
  invalid: [
    {
      code: "export function f(o: { a: number }): void {\n  with (o) {}\n}",
      errors: [{ messageId: "with", line: 2, column: 3 }],
    },
  ],
});

ruleTester(r["no-debugger"], {
  valid: ["export const debug = false;"],
  invalid: [
    { code: "export function f(): void {\n  debugger;\n}", errors: [{ messageId: "debugger", line: 2, column: 3 }] },
  ],
});

ruleTester(r["no-arguments"], {
  valid: ["export function f(...args: number[]): number { return args.length; }"],
  invalid: [
    {
      code: "export function f(): number {\n  return arguments.length;\n}",
      errors: [{ messageId: "arguments", line: 2, column: 10 }],
    },
  ],
});

ruleTester(r["no-computed-member"], {
  valid: [
    "export function f(a: number[], i: number): number | undefined { return a[i]; }",
    'export function f(o: { a: number; b: number }, k: "a" | "b"): number { return o[k]; }',
    "export const o = { [Symbol.iterator]: 1, ['x']: 2 };",
    'export function f(o: { a: number }): number { return o["a"]; }',
    // A branded number (the API's Thread, Frame ...) indexes as the number it is (issue 12).
    'import type { Thread } from "spin-kernel/extension";\nexport function f(seen: Record<number, number>, t: Thread): number | undefined { return seen[t]; }',
  ],
  invalid: [
    {
      code: "type Name = string & { readonly brand: true };\nexport function f(o: Record<string, unknown>, k: Name): unknown {\n  return o[k];\n}",
      errors: [{ messageId: "computedKey", line: 3, column: 12 }],
    },
    {
      code: "export function f(o: Record<string, unknown>, k: string): unknown {\n  return o[k];\n}",
      errors: [{ messageId: "computedKey", line: 2, column: 12 }],
    },
    {
      code: 'export function f(o: object, k: "a" | "constructor"): unknown {\n  return (o as Record<string, unknown>)[k];\n}',
      errors: [{ messageId: "dangerousKey", line: 2, column: 41 }],
    },
    {
      code: "export function f(f: () => void, k: string): unknown {\n  const { [k]: c } = f as unknown as Record<string, unknown>;\n  return c;\n}",
      errors: [{ messageId: "computedKey", line: 2, column: 12 }],
    },
  ],
});

ruleTester(r["no-unicode-escape"], {
  valid: ['export const s = "\\u0065";'],
  invalid: [{ code: "export const \\u0061b = 1;", errors: [{ messageId: "escapedIdentifier", line: 1, column: 14 }] }],
});

ruleTester(r["no-nonlinear-regexp"], {
  valid: [
    "export const a = /(a+)+$/;",
    "export const b = /^[a-z]+(?:-[a-z0-9]+)*$/gmsy;",
    "export const c = /\\bword\\b/;",
    'export const d = new RegExp("(a)\\\\1");',
  ],
  invalid: [
    { code: "export const a = /(a+)+\\1?$/;", errors: [{ messageId: "nonLinear", line: 1, column: 18 }] },
    {
      code: "export const b = 1;\nexport const c = /x(?=y)/;",
      errors: [{ messageId: "nonLinear", line: 2, column: 18 }],
    },
    { code: "export const d = /(?<!a)b/;", errors: [{ messageId: "nonLinear", line: 1, column: 18 }] },
    { code: "export const e = /abc/i;", errors: [{ messageId: "nonLinear", line: 1, column: 18 }] },
    { code: "export const f = /a/u;", errors: [{ messageId: "nonLinear", line: 1, column: 18 }] },
    { code: "export const g = /a{1000}/;", errors: [{ messageId: "nonLinear", line: 1, column: 18 }] },
  ],
});

ruleTester(r["no-foreign-import"], {
  valid: [
    'import { defineExtension } from "spin-kernel/extension";\nexport const d = defineExtension;',
    'export type { Frame } from "spin-kernel/extension";',
  ],
  invalid: [
    {
      code: 'import fs from "node:fs";\nexport const f = fs;',
      errors: [{ messageId: "foreignModule", line: 1, column: 16 }],
    },
    { code: 'export * from "./other.js";', errors: [{ messageId: "localModule", line: 1, column: 15 }] },
    {
      code: 'import fs = require("fs");\nexport const f = fs;',
      errors: [{ messageId: "importRequire", line: 1, column: 1 }],
    },
    {
      code: '/// <reference lib="dom" />\n/// <reference path="./x.d.ts" />\nexport {};',
      errors: [
        { messageId: "tripleSlash", line: 1, column: 21 },
        { messageId: "tripleSlash", line: 2, column: 22 },
      ],
    },
    { code: 'export type T = import("fs").Stats;', errors: [{ messageId: "foreignModule", line: 1, column: 24 }] },
  ],
});

ruleTester(r["no-declare"], {
  valid: ["export const x = 1;\nexport interface I { a: number }"],
  invalid: [
    {
      code: "declare const kernel: { secret: string };\nexport const s = kernel.secret;",
      errors: [{ messageId: "declare", line: 1, column: 1 }],
    },
    {
      code: "declare global {\n  var hidden: number;\n}\nexport {};",
      errors: [{ messageId: "namespace", line: 1, column: 9 }],
    },
    {
      code: 'declare module "spin-kernel/extension" {\n  export const root: number;\n}',
      errors: [{ messageId: "namespace", line: 1, column: 16 }],
    },
    { code: "export class A {\n  declare x: number;\n}", errors: [{ messageId: "declare", line: 2, column: 3 }] },
    // A namespace body runs at load time: refused whole (no-top-level-side-effects leaves it to this rule).
    {
      code: "function f(): number { return 1; }\nnamespace N {\n  export const x = f();\n}\nexport const y = N.x;",
      errors: [{ messageId: "namespace", line: 2, column: 11 }],
    },
  ],
});

ruleTester(r["no-builtin-mutation"], {
  valid: [
    "export function f(a: number[]): void { a[0] = 1; a.length = 0; }",
    "export function f(o: { random: () => number }): void { o.random = () => 4; }",
  ],
  invalid: [
    {
      code: "export function f(): void {\n  Math.random = () => 4;\n}",
      errors: [{ messageId: "mutateBuiltin", line: 2, column: 3 }],
    },
    {
      code: "export function f(): void {\n  const j = JSON;\n  delete j.parse;\n}",
      errors: [{ messageId: "mutateBuiltin", line: 3, column: 10 }],
    },
    {
      code: "export function f(): void {\n  Object.assign(Array, { from: 1 });\n}",
      errors: [{ messageId: "assignBuiltin", line: 2, column: 17 }],
    },
  ],
});

const header = 'import { defineExtension, log } from "spin-kernel/extension";\n';
const tail = 'export default defineExtension({ name: "x", handlers: { onTick(now) { log(String(now)); } } });\n';
ruleTester(r["no-top-level-side-effects"], {
  valid: [
    header +
      "const PAGE = 4096 * 2;\nconst seen = new Map<number, string>();\nfunction helper(): number { return seen.size + PAGE; }\nexport class C { static z = 1; }\nenum E { A = 1, B = A + 1 }\n" +
      tail,
    header +
      'const handlers = { onTick(now: number): void { log(String(now)); } };\nexport default defineExtension({ name: "x", handlers });\n',
    // Reads of plain data are fine: nothing built at load time has a getter.
    header + "const o = { n: 3 };\nenum E { A = o.n, B = A * 2 }\n" + tail,
    header +
      "const base = { lo: 0, hi: Number.MAX_SAFE_INTEGER };\nconst wide = { ...base, label: `${base.lo}-${base.hi}`, both: [...[1, 2], 3] };\n" +
      tail,
    // The instance side of a class is not built at load time: getters and toString are fine there.
    header +
      'class Counter {\n  n = 0;\n  get value(): number { return this.n; }\n  toString(): string { return String(this.n); }\n}\nexport class Base {}\nexport class D extends Base { static tag = "d"; static make = (): Counter => new Counter(); }\n' +
      tail,
    // Computed keys the verifier folds to constant strings and numbers.
    header +
      'const K = "lo";\nenum Key { Hi = "hi" }\nconst o = { [K]: 1, [`x${1}`]: 2, [Key.Hi]: 3, [2 + 3]: 4 };\n' +
      tail,
    header +
      'const [a, b] = [1, 2];\nconst m = new Map<number, string>([[a, "a"]]);\nconst t = new Uint8Array(b * 8);\nconst big = 2n ** 10n;\nconst re = /^x+$/;\n' +
      tail,
    // A namespace body is walked like the module's statements: plain data passes; an ambient
    // namespace has no code.
    header +
      'namespace Cfg {\n  export const page = 4096 * 2;\n  export function size(): number { return page; }\n  export namespace Deep { export const k = "lo"; }\n}\ndeclare namespace Ambient { const x: number; }\n' +
      tail,
    // Red team 13, verifier-constant-fold-bomb: 60 doublings fold once each (2^60 visits without
    // the memo: this case would not finish).
    header + doublings("k", "1", 60) + "const table = { [k60]: 1 };\n" + tail,
  ],
  invalid: [
    { code: header + 'log("loaded");\n' + tail, errors: [{ messageId: "statement", line: 2, column: 1 }] },
    { code: header + "const x = Math.random();\n" + tail, errors: [{ messageId: "initializer", line: 2, column: 11 }] },
    { code: header + 'export default { name: "x" };\n', errors: [{ messageId: "defaultExport", line: 2, column: 1 }] },
    { code: header + "export const x = 1;\n", errors: [{ messageId: "missingDefault", line: 1, column: 1 }] },
    {
      code: header + "class K { static { log('x'); } }\n" + tail,
      errors: [{ messageId: "classEffect", line: 2, column: 11 }],
    },
    {
      code: header + "export default defineExtension({ name: String(Math.random()), handlers: {} });\n",
      errors: [{ messageId: "impureSpec", line: 2, column: 40 }],
    },
    { code: header + "for (;;) {}\n" + tail, errors: [{ messageId: "statement", line: 2, column: 1 }] },
    // Finding 5 of issue 8: a getter read by an enum initializer ran while the module loaded.
    {
      code: header + "const o = { get n(): number { for (;;) {} } };\nenum E { A = o.n }\n" + tail,
      errors: [{ messageId: "implicitHook", line: 2, column: 17 }],
    },
    {
      code: header + "class H {\n  static get n(): number { return 1; }\n}\nenum E { A = H.n }\n" + tail,
      errors: [{ messageId: "implicitHook", line: 3, column: 14 }],
    },
    {
      code: header + "const o = { ...{ set n(v: number) { log(String(v)); } } };\n" + tail,
      errors: [{ messageId: "implicitHook", line: 2, column: 22 }],
    },
    {
      code: header + 'export default defineExtension({ name: "x", get handlers() { return {}; } });\n',
      errors: [{ messageId: "implicitHook", line: 2, column: 49 }],
    },
    // Members the kernel or the language calls without being asked: toJSON (the kernel
    // serialises handler options while loading), conversions, then, and symbol-keyed hooks.
    {
      code: header + 'const options = { first: true, toJSON(): string { return "x"; } };\n' + tail,
      errors: [{ messageId: "implicitHook", line: 2, column: 32 }],
    },
    {
      code: header + 'const k = "to" + "JSON";\nconst options = { [k]: (): string => "x" };\n' + tail,
      errors: [{ messageId: "implicitHook", line: 3, column: 19 }],
    },
    {
      code: header + "const it = { [Symbol.iterator]: function* (): Generator<number> { yield 1; } };\n" + tail,
      errors: [{ messageId: "implicitHook", line: 2, column: 14 }],
    },
    {
      code: header + "class P {\n  static valueOf(): number { return 1; }\n}\n" + tail,
      errors: [{ messageId: "implicitHook", line: 3, column: 10 }],
    },
    {
      code: header + "const o = { __proto__: null, a: 1 };\n" + tail,
      errors: [{ messageId: "implicitHook", line: 2, column: 13 }],
    },
    // A local class named like a builtin container is not the builtin.
    {
      code: header + 'class Map {\n  constructor() { log("ran"); }\n}\nconst m = new Map();\n' + tail,
      errors: [{ messageId: "initializer", line: 5, column: 11 }],
    },
    {
      code: header + "class A {\n  static x = Math.random();\n}\n" + tail,
      errors: [{ messageId: "classEffect", line: 3, column: 14 }],
    },
    {
      code: header + "class A {\n  [String(1)](): number { return 1; }\n}\n" + tail,
      errors: [{ messageId: "classEffect", line: 3, column: 4 }],
    },
    {
      code: header + "function d(v: unknown, c: unknown): void { void v; void c; }\n@d class A {}\n" + tail,
      errors: [{ messageId: "classEffect", line: 3, column: 1 }],
    },
    {
      code: header + 'const C = class {\n  static { log("x"); }\n};\n' + tail,
      errors: [{ messageId: "classEffect", line: 3, column: 3 }],
    },
    { code: header + "const s = String.raw`x`;\n" + tail, errors: [{ messageId: "initializer", line: 2, column: 11 }] },
    {
      code: header + "const { a = Math.random() } = { a: undefined };\n" + tail,
      errors: [{ messageId: "initializer", line: 2, column: 13 }],
    },
    {
      code: header + "let x = 0;\nconst y = (x = 2) + x;\n" + tail,
      errors: [{ messageId: "initializer", line: 3, column: 12 }],
    },
    { code: header + "const v = await 1;\n" + tail, errors: [{ messageId: "initializer", line: 2, column: 11 }] },
    { code: header + "using res = null;\n" + tail, errors: [{ messageId: "usingDeclaration", line: 2, column: 1 }] },
    {
      code: header + 'export = defineExtension({ name: "x", handlers: {} });\n',
      errors: [{ messageId: "defaultExport", line: 2, column: 1 }],
    },
    {
      code: header + "const f = ((n: number = Math.random()): number => n)();\n" + tail,
      errors: [{ messageId: "initializer", line: 2, column: 11 }],
    },
    // Red team 13, load-time-namespace: a namespace body runs at load (no-declare refuses
    // namespaces, but SFI mode only warns for no-declare), nested ones too.
    {
      code:
        header +
        "function spin(): number { for (;;) {} }\nnamespace Boot {\n  export const n = spin();\n}\nexport const m = Boot.n;\n" +
        tail,
      errors: [{ messageId: "initializer", line: 4, column: 20 }],
    },
    {
      code: header + 'namespace A.B {\n  log("loaded");\n}\n' + tail,
      errors: [{ messageId: "statement", line: 3, column: 3 }],
    },
    {
      code: header + "namespace A {\n  namespace B {\n    const n = Math.random();\n  }\n}\n" + tail,
      errors: [{ messageId: "initializer", line: 4, column: 15 }],
    },
    {
      code: header + "namespace N {\n  export class C { static { log('x'); } }\n}\n" + tail,
      errors: [{ messageId: "classEffect", line: 3, column: 20 }],
    },
    // A namespace's exports are properties of the namespace object (and of a class merged with it).
    {
      code:
        header +
        "class C {}\nnamespace C {\n  export function toString(): string { for (;;) {} }\n}\nconst s = `${C}`;\n" +
        tail,
      errors: [{ messageId: "implicitHook", line: 4, column: 19 }],
    },
    {
      code: header + "namespace N {\n  export const { a: valueOf } = { a: (): number => 1 };\n}\n" + tail,
      errors: [{ messageId: "implicitHook", line: 3, column: 21 }],
    },
    // Verifier-constant-fold-bomb's string variant: a key folds only up to 1,000 characters.
    {
      code: header + doublings("s", '"ab"', 60) + "const table = { [s60]: 1 };\n" + tail,
      errors: [{ messageId: "implicitHook", line: 63, column: 17 }],
    },
  ],
});

/** `const p0 = first; const p1 = p0 + p0; ... const p<n> = p<n-1> + p<n-1>;`, one per line. */
function doublings(p: string, first: string, n: number): string {
  const lines = [`const ${p}0 = ${first};`];
  for (let i = 1; i <= n; i++) lines.push(`const ${p}${i} = ${p}${i - 1} + ${p}${i - 1};`);
  return `${lines.join("\n")}\n`;
}

describe("no-top-level-side-effects: folding computed keys", () => {
  it("says why an overlong constant key is refused, at the key", () => {
    const ds = runRule(
      r["no-top-level-side-effects"],
      header + doublings("s", '"ab"', 9) + "const o = { [s9]: 1 };\n" + tail,
    );
    expect(ds.map((d) => `${d.line}:${d.column}`)).toEqual(["12:13"]);
    expect(ds[0]!.message).toContain("at most 1000 characters; this one is longer");
    // The same bound through a template literal.
    const viaTemplate = runRule(
      r["no-top-level-side-effects"],
      header + doublings("s", '"ab"', 8) + "const o = { [`${s8}${s8}`]: 1 };\n" + tail,
    );
    expect(viaTemplate.map((d) => `${d.line}:${d.column}`)).toEqual(["11:13"]);
    expect(viaTemplate[0]!.message).toContain("this one is longer");
  });

  it("folds a key of up to 1,000 characters, and still finds a hook through shared constants", () => {
    // "ab" doubled 8 times is 512 characters: constant; the same consts fold "toJSON" twice.
    const code =
      header +
      doublings("s", '"ab"', 8) +
      'const to = "to";\nconst j = to + "JSON";\nconst o = { [s8]: 1, [j]: (): string => "x" };\nconst p = { [j]: (): string => "y" };\n' +
      tail;
    const ds = runRule(r["no-top-level-side-effects"], code);
    expect(ds.map((d) => `${d.line}:${d.column} ${d.message.slice(0, 22)}`)).toEqual([
      "13:22 the member 'toJSON' of",
      "14:13 the member 'toJSON' of",
    ]);
  });
});

// Issue 8, finding 8: forging a capability with no assertion, predicate or `any`, and mutating a
// builtin through a wider alias. Each invalid case is an attack; each valid case is a use the
// rules must keep allowing.
// Two capability types of the generated API; "Page" is a short local name for the second one.
const caps = 'import type { Frame, Thread as Page } from "spin-kernel/extension";\ndeclare const real: Frame;\n';

ruleTester(r["no-overload"], {
  valid: [
    'export function f(n: number | string): number { return typeof n === "number" ? n : n.length; }',
    "export abstract class A {\n  abstract get(): number;\n}",
  ],
  invalid: [
    {
      code:
        caps +
        "function brand(n: number): Frame;\nfunction brand(n: number): number {\n  return n;\n}\nexport const forged = brand(7);",
      errors: [{ messageId: "overload", line: 3, column: 1 }],
    },
    {
      code: "export class C {\n  m(n: number): number;\n  m(s: string): string;\n  m(x: number | string): number | string { return x; }\n}",
      errors: [
        { messageId: "overload", line: 2, column: 3 },
        { messageId: "overload", line: 3, column: 3 },
      ],
    },
    {
      code: "export class C {\n  constructor(n: number);\n  constructor(n: number) { void n; }\n}",
      errors: [{ messageId: "overload", line: 2, column: 3 }],
    },
  ],
});

ruleTester(r["no-capability-widening"], {
  valid: [
    // Copies of capabilities are numbers; views that keep the capability are fine.
    caps +
      "export const n: number = real;\nexport const nums: number[] = [real, real];\nexport const ro: readonly Frame[] = [real];",
    caps +
      "const frames: Frame[] = [real];\nexport const view: readonly Frame[] = frames;\nexport const copy: number[] = frames.map((f) => f);\nexport const spread: number[] = [...frames];",
    caps +
      "interface Slot { readonly frame: Frame; readonly vpn: number }\nfunction pick(s: { readonly frame: Frame }): Frame { return s.frame; }\nexport function g(s: Slot): Frame { return pick(s); }",
    caps +
      "export function g(frames: readonly Frame[]): string { return JSON.stringify(frames) + Object.keys({ frames }).join(); }",
    caps +
      "export const byFrame = new Map<Frame, number>([[real, 1]]);\nexport function sortBy<T>(xs: readonly T[], key: (x: T) => number): T[] { return [...xs].sort((a, b) => key(a) - key(b)); }",
    // A callback that reads a capability as a number is fine (a copy).
    caps +
      "export function g(frames: readonly Frame[]): number { let s = 0; frames.forEach((f: number) => { s += f; }); return s; }",
    caps +
      "const deep = { a: { b: { c: { d: { e: { f: { g: real } } } } } } };\nexport const same: typeof deep = deep;",
    // call/apply/bind without capabilities in the receiver are left to the sandbox's meters.
    "export const found = [1, 2].includes.call({ length: 9 }, 1);\nexport const most = Math.max.apply(null, [1, 2]);",
    "export function f(this: { n: number }): number { return this.n; }\nexport const n = f.call({ n: 1 });",
  ],
  invalid: [
    // Array covariance.
    {
      code: caps + "const frames: Frame[] = [];\nconst nums: number[] = frames;\nnums.push(7);",
      errors: [{ messageId: "widening", line: 4, column: 24 }],
    },
    // Method bivariance: a FrameSink seen as a NumSink is called with 7.
    {
      code:
        caps +
        "interface FrameSink { put(f: Frame): void }\ninterface NumSink { put(n: number): void }\nconst fs: FrameSink = { put(f: Frame): void { void f; } };\nconst ns: NumSink = fs;\nns.put(7);",
      errors: [{ messageId: "widening", line: 6, column: 21 }],
    },
    // Property covariance, through a variable, an argument and a return.
    {
      code: caps + "const holder = { f: real };\nconst view: { f: number } = holder;\nview.f = 7;",
      errors: [{ messageId: "widening", line: 4, column: 29 }],
    },
    {
      code:
        caps +
        "function set(v: { f?: number }): void { v.f = 7; }\nconst holder: { f?: Frame } = { f: real };\nset(holder);",
      errors: [{ messageId: "widening", line: 5, column: 5 }],
    },
    {
      code: caps + "const holder = { f: real };\nexport function view(): { f: number } {\n  return holder;\n}",
      errors: [{ messageId: "widening", line: 5, column: 10 }],
    },
    // Index signatures and generic type arguments are slots too.
    {
      code: caps + 'const holder = { f: real };\nconst rec: Record<string, unknown> = holder;\nrec["f"] = 7;',
      errors: [{ messageId: "widening", line: 4, column: 38 }],
    },
    {
      code: caps + "const m = new Map<number, Frame>();\nconst w: Map<number, number> = m;\nw.set(0, 7);",
      errors: [{ messageId: "widening", line: 4, column: 32 }],
    },
    // Another capability is not this one.
    {
      code: caps + "const ps: Page[] = [];\nconst fs: (Frame | Page)[] = ps;\nfs.push(real);",
      errors: [{ messageId: "widening", line: 4, column: 30 }],
    },
    // A function that writes into what its caller reads as a capability (parameters are shared).
    {
      code:
        caps +
        "const setter: (x: { f: Frame }) => void = (x: { f: number }) => {\n  x.f = 7;\n};\nsetter({ f: real });",
      errors: [{ messageId: "widening", line: 3, column: 43 }],
    },
    // `this` parameters.
    {
      code:
        caps +
        "function self(this: Frame): Frame { return this; }\nconst o: { m(this: number): Frame } = { m: self };\nexport const forged = o.m.call(7);",
      errors: [{ messageId: "widening", line: 4, column: 44 }],
    },
    // Declaration merging makes an overloaded method type; an implementation reading Frame is seen with the number overload.
    {
      code:
        caps +
        "interface Sink { put(n: number): void }\ninterface Sink { put(f: Frame): void }\nconst s: Sink = { put(f: Frame): void { void f; } };\ns.put(7);",
      errors: [{ messageId: "widening", line: 5, column: 19 }],
    },
    // A subclass whose method reads a Frame, called by the base class with a number.
    {
      code:
        caps +
        "class NumSink {\n  put(n: number): void { void n; }\n  run(): void { this.put(7); }\n}\nexport class FrameSink extends NumSink {\n  override put(f: Frame): void { void f; }\n}",
      errors: [{ messageId: "widening", line: 7, column: 32 }],
    },
    // Generic code: T may be Frame at a call site.
    {
      code: "export function push<T extends number>(xs: T[], n: number): void {\n  const ns: number[] = xs;\n  ns.push(n);\n}",
      errors: [{ messageId: "widening", line: 2, column: 24 }],
    },
    // A spread copies the array, not the objects in it.
    {
      code: caps + "const holders = [{ f: real }];\nexport const views: { f: number }[] = [...holders];",
      errors: [{ messageId: "widening", line: 4, column: 43 }],
    },
    // Other flows: for-of into an existing binding, destructuring assignment, a spread tuple of
    // arguments, a tagged template's substitutions, a setter in a fresh object literal.
    {
      code:
        caps + "const holders = [{ f: real }];\nlet view: { f: number } = { f: 0 };\nfor (view of holders) view.f = 7;",
      errors: [{ messageId: "widening", line: 5, column: 6 }],
    },
    {
      code:
        caps +
        "const holder = { f: real };\nlet view: { f: number } = { f: 0 };\n({ h: view } = { h: holder });\nview.f = 7;",
      errors: [{ messageId: "widening", line: 5, column: 7 }],
    },
    {
      code:
        caps +
        "function set(xs: number[]): void { xs.push(7); }\nconst frames: Frame[] = [];\nconst args = [frames] as const;\nset(...args);",
      errors: [{ messageId: "widening", line: 6, column: 8 }],
    },
    {
      code:
        caps +
        'function tag(_s: TemplateStringsArray, xs: number[]): string { xs.push(7); return ""; }\nconst frames: Frame[] = [];\nexport const s = tag`${frames}`;',
      errors: [{ messageId: "widening", line: 5, column: 24 }],
    },
    {
      code:
        caps +
        "let kept: Frame = real;\nconst o: { f: number } = { get f(): Frame { return kept; }, set f(v: Frame) { kept = v; } };\no.f = 7;",
      errors: [{ messageId: "widening", line: 4, column: 61 }],
    },
    // The receiver call/apply/bind give a method is an argument too.
    {
      code: caps + "const frames: Frame[] = [];\nconst nums: number[] = [];\nnums.push.call(frames, 7);",
      errors: [{ messageId: "widening", line: 5, column: 16 }],
    },
    {
      code:
        caps +
        "class C {\n  f: Frame = real;\n  get(): Frame { return this.f; }\n}\nconst g = new C().get;\nexport const forged = g.apply({ f: 7 });",
      errors: [{ messageId: "widening", line: 8, column: 31 }],
    },
    // Deeper than the comparison goes: refused, not assumed safe.
    {
      code:
        caps +
        "const deep = { a: { b: { c: { d: { e: { f: { g: real } } } } } } };\nconst view: { a: { b: { c: { d: { e: { f: { g: number } } } } } } } = deep;",
      errors: [{ messageId: "widening", line: 4, column: 71 }],
    },
  ],
});

ruleTester(r["no-undeclared-write"], {
  valid: [
    'export function f(o: { a?: number }): void { if ("a" in o) o.a = 1; }',
    'export function f(r: Record<string, number>): void { r["x"] = 1; }',
    "export const o = Object.assign({}, { a: 1 }, { b: 2 });",
    'export function f(u: unknown): number { return typeof u === "object" && u !== null && "n" in u && typeof u.n === "number" ? u.n : 0; }',
  ],
  invalid: [
    {
      code:
        caps +
        'const holder = { frame: real, vpn: 1 };\nconst v: { vpn: number } = holder;\nif ("frame" in v) v.frame = 7;',
      errors: [{ messageId: "inNarrowed", line: 5, column: 19 }],
    },
    {
      code: 'export function f(u: unknown): void {\n  if (typeof u === "object" && u !== null && "frame" in u) u["frame"] = 7;\n}',
      errors: [{ messageId: "inNarrowed", line: 2, column: 60 }],
    },
    {
      code:
        caps +
        "const holder = { frame: real, vpn: 1 };\nconst v: { vpn: number } = holder;\nObject.assign(v, { frame: 7 });",
      errors: [{ messageId: "assignTarget", line: 5, column: 15 }],
    },
    {
      code: "const t: object = JSON;\nObject.assign(t, { parse: () => 1 });",
      errors: [{ messageId: "assignTarget", line: 2, column: 15 }],
    },
    // `instanceof Array` and Array.isArray narrow an unknown to any[]: writes accept anything.
    {
      code: caps + "const frames: Frame[] = [];\nconst u: unknown = frames;\nif (u instanceof Array) u.push(7);",
      errors: [{ messageId: "anyView", line: 5, column: 25 }],
    },
    {
      code: "export function f(u: unknown): void {\n  if (Array.isArray(u)) u[0] = 7;\n}",
      errors: [{ messageId: "anyView", line: 2, column: 25 }],
    },
    {
      code: "export function f(u: unknown): void {\n  if (u instanceof Map) u.set(0, 7);\n}",
      errors: [{ messageId: "anyView", line: 2, column: 25 }],
    },
    // Red team 13: the narrowed type laundered by an alias, a tuple element or a wrapper.
    {
      code: 'const j: object = JSON;\nif ("stringify" in j) {\n  const a = j;\n  a.stringify = () => "0";\n}',
      errors: [{ messageId: "inNarrowed", line: 4, column: 3 }],
    },
    {
      code: 'const js: [object] = [JSON];\nexport function f(): void {\n  if ("parse" in js[0]) js[0].parse = () => 1;\n}',
      errors: [{ messageId: "inNarrowed", line: 3, column: 25 }],
    },
    {
      code: 'const j: object = JSON;\nexport function f(): void {\n  if ("parse" in j) (j satisfies object).parse = () => 1;\n}',
      errors: [{ messageId: "inNarrowed", line: 3, column: 21 }],
    },
  ],
});

ruleTester(r["no-builtin-mutation"], {
  valid: [
    'export const xs = ["1", "2"].map(Number).filter(Boolean);',
    "export const u: unknown = Math;",
    "export function f(m: Math): number { return m.random(); }",
  ],
  invalid: [
    {
      code: "const m: { random: () => number } = Math;\nm.random = () => 4;",
      errors: [{ messageId: "widenBuiltin", line: 1, column: 37 }],
    },
    {
      code: "function patch(j: { parse: (s: string) => unknown }): void { j.parse = () => 1; }\npatch(JSON);",
      errors: [{ messageId: "widenBuiltin", line: 2, column: 7 }],
    },
    {
      code: "const tools = [Math];\nconst views: { random: () => number }[] = tools;\nvoid views;",
      errors: [{ messageId: "widenBuiltin", line: 2, column: 43 }],
    },
    {
      code: "const a: { from: unknown } = Array;\nvoid a;",
      errors: [{ messageId: "widenBuiltin", line: 1, column: 30 }],
    },
    {
      code: "const m: { random: () => number } = Object.freeze(Math);\nm.random = () => 1;",
      errors: [
        { messageId: "widenBuiltin", line: 1, column: 37 },
        { messageId: "freezeBuiltin", line: 1, column: 51 },
      ],
    },
    {
      code: "export function f(): void {\n  Object.seal(JSON);\n}",
      errors: [{ messageId: "freezeBuiltin", line: 2, column: 15 }],
    },
    {
      code: "const holder = { m: Math };\nconst view: { m: { random: () => number } } = holder;\nview.m.random = () => 2;",
      errors: [{ messageId: "widenBuiltin", line: 2, column: 47 }],
    },
    {
      code: "[Math].forEach((x: { random: () => number }) => {\n  x.random = () => 3;\n});",
      errors: [{ messageId: "widenBuiltin", line: 1, column: 16 }],
    },
  ],
});

ruleTester(r["no-non-null-assertion"], {
  valid: ["export function f(a: number[]): number { const x = a[0]; return x ?? 0; }"],
  invalid: [
    {
      code: caps + "let f!: Frame;\nexport const g = (): Frame => f;",
      errors: [{ messageId: "definite", line: 3, column: 6 }],
    },
    { code: caps + "export class C {\n  f!: Frame;\n}", errors: [{ messageId: "definite", line: 4, column: 4 }] },
  ],
});
