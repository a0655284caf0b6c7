import { rules } from "../../extensions/verifier/index.js";
import { ruleTester } from "./rule-tester.js";

const r = rules;

ruleTester(r["no-explicit-any"], {
  valid: ["export const x: unknown = 1;", "export function f(a: readonly number[]): number { return a.length; }"],
  invalid: [
    { code: "export const x: any = 1;", errors: [{ messageId: "explicitAny", line: 1, column: 17 }] },
    { code: "export function f(\n  a: Array<any>,\n): void {}", errors: [{ messageId: "explicitAny", line: 2, column: 12 }] },
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
    { code: "export function f(s: string): string {\n  return JSON.parse(s).a.b;\n}", errors: [{ messageId: "anyValue", line: 2, column: 10 }] },
  ],
});

ruleTester(r["no-type-assertion"], {
  valid: ["export const x = [1, 2] as const;", "export const y = { a: 1 } satisfies { a: number };", "export const z = <const>['a'];"],
  invalid: [
    {
      code: 'import type { Frame } from "spin-kernel/extension";\nexport const p = {} as unknown as Frame;',
      errors: [
        { messageId: "asAssertion", line: 2, column: 18 },
        { messageId: "asAssertion", line: 2, column: 18 },
      ],
    },
    { code: "export const n = <number>(1 as unknown);", errors: [{ messageId: "angleAssertion", line: 1, column: 18 }, { messageId: "asAssertion", line: 1, column: 27 }] },
  ],
});

ruleTester(r["no-non-null-assertion"], {
  valid: ["export function f(a: number[]): number { const x = a[0]; return x === undefined ? 0 : x; }"],
  invalid: [{ code: "export function f(a: number[]): number {\n  return a[0]!;\n}", errors: [{ messageId: "nonNull", line: 2, column: 10 }] }],
});

ruleTester(r["no-ts-directive"], {
  valid: ['// a comment mentioning ts-ignore without the at sign\nexport const s = "@ts-ignore in a string";', "/* @ts-check is fine */ export {};"],
  invalid: [
    { code: "// @ts-ignore\nexport const x: number = 'a';", errors: [{ messageId: "directive", line: 1, column: 4 }] },
    { code: "export const x = 1; /* @ts-nocheck */", errors: [{ messageId: "directive", line: 1, column: 24 }] },
    { code: "export const t = `${1}`;\nexport function f(): number {\n  return (\n    // @ts-expect-error\n    'a'\n  );\n}", errors: [{ messageId: "directive", line: 4, column: 8 }] },
    { code: "export function f(a: number): number {\n  return f(a\n  // @ts-ignore\n  );\n}", errors: [{ messageId: "directive", line: 3, column: 6 }] },
  ],
});

ruleTester(r["no-eval"], {
  valid: ["export const o = { evaluate: 1 };", "export function f(o: { eval: number }): number { return o.eval; }"],
  invalid: [
    { code: 'export const x = eval("1");', errors: [{ messageId: "evalReference", line: 1, column: 18 }] },
    { code: "const e = eval;\nexport const x = (0, eval)('1');", errors: [{ messageId: "evalReference", line: 1, column: 11 }, { messageId: "evalReference", line: 2, column: 22 }] },
    { code: 'export const x = \\u0065val("1");', errors: [{ messageId: "evalReference", line: 1, column: 18 }] },
    { code: 'export function f(o: { eval: number }): number { return o["eval"]; }', errors: [{ messageId: "evalMember", line: 1, column: 59 }] },
  ],
});

ruleTester(r["no-function-constructor"], {
  valid: ["export class A { constructor(public x: number) {} }", "export type F = (a: number) => void;"],
  invalid: [
    { code: 'export const f = new Function("return 1");', errors: [{ messageId: "functionReference", line: 1, column: 22 }] },
    { code: "export const c = (() => 1).constructor;", errors: [{ messageId: "constructorMember", line: 1, column: 28 }] },
    { code: 'export function g(x: object): unknown { return x["constructor"]; }', errors: [{ messageId: "constructorMember", line: 1, column: 50 }] },
    { code: "export function g(f: () => void): unknown {\n  const { constructor: C } = f;\n  return C;\n}", errors: [{ messageId: "constructorMember", line: 2, column: 11 }] },
    { code: "export class X extends Function {}", errors: [{ messageId: "functionReference", line: 1, column: 24 }] },
  ],
});

ruleTester(r["no-dynamic-import"], {
  valid: ['import { log } from "spin-kernel/extension";\nexport const l = log;'],
  invalid: [
    { code: 'export const m = import("spin-kernel/extension");', errors: [{ messageId: "dynamicImport", line: 1, column: 18 }] },
    { code: "export const u = import.meta;", errors: [{ messageId: "importMeta", line: 1, column: 18 }] },
  ],
});

ruleTester(r["no-require"], {
  valid: ["export function f(required: number): number { return required; }"],
  invalid: [{ code: 'export const fs: unknown = require("fs");', errors: [{ messageId: "commonjs", line: 1, column: 28 }] }],
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
    { code: 'export const e: unknown = globalThis["ev" + "al"];', errors: [{ messageId: "globalObject", line: 1, column: 27 }] },
    { code: "export const w: unknown = window;", errors: [{ messageId: "globalObject", line: 1, column: 27 }] },
    // A local `top` elsewhere does not hide the global one here.
    { code: "export function f(): unknown { const top = 1; return top; }\nexport const g: unknown = globalThis;", errors: [{ messageId: "globalObject", line: 2, column: 27 }] },
    // Shorthand properties are references too.
    { code: "export const o = { globalThis };", errors: [{ messageId: "globalObject", line: 1, column: 20 }] },
  ],
});

ruleTester(r["no-type-predicate"], {
  valid: [
    "export function isNumber(x: unknown): boolean { return typeof x === \"number\"; }",
    "export function f(x: string | number): number { return typeof x === \"number\" ? x : x.length; }",
    // Predicates TypeScript infers from the body are checked by the compiler.
    "export const defined = [1, undefined, 2].filter((x) => x !== undefined);",
  ],
  invalid: [
    {
      code: 'import type { Frame } from "spin-kernel/extension";\nexport function f(n: number): n is Frame & number {\n  return n >= 0;\n}',
      errors: [{ messageId: "predicate", line: 2, column: 31 }],
    },
    { code: "export function is<T>(x: unknown): x is T { return x !== null; }", errors: [{ messageId: "predicate", line: 1, column: 36 }] },
    { code: "export function check(x: unknown): asserts x is string {\n  void x;\n}", errors: [{ messageId: "assertion", line: 1, column: 36 }] },
    { code: "export function ok(x: unknown): asserts x {\n  void x;\n}", errors: [{ messageId: "assertion", line: 1, column: 33 }] },
    { code: "export const g = (n: number): n is 1 => n === 1;", errors: [{ messageId: "predicate", line: 1, column: 31 }] },
    { code: "export class C {\n  isC(): this is C {\n    return true;\n  }\n}", errors: [{ messageId: "predicate", line: 2, column: 10 }] },
    { code: "export type Guard = (n: number) => n is 2;", errors: [{ messageId: "predicate", line: 1, column: 36 }] },
  ],
});

ruleTester(r["no-proto"], {
  valid: ["export const o = { proto: 1 };"],
  invalid: [
    { code: "export function f(o: { __proto__: unknown }): unknown { return o.__proto__; }", errors: [{ messageId: "legacyMember", line: 1, column: 66 }] },
    { code: "export const o = { __proto__: null, a: 1 };", errors: [{ messageId: "legacyMember", line: 1, column: 20 }] },
  ],
});

ruleTester(r["no-prototype"], {
  valid: ["export const p = { prototypical: true };"],
  invalid: [
    { code: "export function f(): void {\n  Array.prototype.push = () => 0;\n}", errors: [{ messageId: "prototypeAccess", line: 2, column: 9 }] },
    { code: "export const { prototype } = Object;", errors: [{ messageId: "prototypeAccess", line: 1, column: 16 }] },
  ],
});

ruleTester(r["no-reflective-object-api"], {
  valid: ["export const k = Object.keys({ a: 1 });", "export const f = Object.freeze({ a: 1 });"],
  invalid: [
    { code: "export const p = Object.getPrototypeOf(() => 0);", errors: [{ messageId: "reflective", line: 1, column: 18 }] },
    { code: "const { defineProperty } = Object;\nexport const d = defineProperty;", errors: [{ messageId: "reflective", line: 1, column: 9 }] },
    { code: "const O = Object;\nexport const s = O.setPrototypeOf;", errors: [{ messageId: "reflective", line: 2, column: 18 }] },
  ],
});

ruleTester(r["no-symbol-registry"], {
  valid: ['export const s = Symbol("local");'],
  invalid: [{ code: 'export const s = Symbol.for("shared");', errors: [{ messageId: "registry", line: 1, column: 18 }] }],
});

ruleTester(r["no-proxy"], {
  valid: ["export const proxy = 1;"],
  invalid: [{ code: "export const p = new Proxy({}, {});", errors: [{ messageId: "proxy", line: 1, column: 22 }] }],
});

ruleTester(r["no-reflect"], {
  valid: ["export const reflection = 1;"],
  invalid: [{ code: 'export const g = Reflect.get({ a: 1 }, "a");', errors: [{ messageId: "reflect", line: 1, column: 18 }] }],
});

ruleTester(r["no-with"], {
  valid: ["export const withdraw = 1;"],
  invalid: [{ code: "export function f(o: { a: number }): void {\n  with (o) {}\n}", errors: [{ messageId: "with", line: 2, column: 3 }] }],
});

ruleTester(r["no-debugger"], {
  valid: ["export const debug = false;"],
  invalid: [{ code: "export function f(): void {\n  debugger;\n}", errors: [{ messageId: "debugger", line: 2, column: 3 }] }],
});

ruleTester(r["no-arguments"], {
  valid: ["export function f(...args: number[]): number { return args.length; }"],
  invalid: [{ code: "export function f(): number {\n  return arguments.length;\n}", errors: [{ messageId: "arguments", line: 2, column: 10 }] }],
});

ruleTester(r["no-computed-member"], {
  valid: [
    "export function f(a: number[], i: number): number | undefined { return a[i]; }",
    'export function f(o: { a: number; b: number }, k: "a" | "b"): number { return o[k]; }',
    "export const o = { [Symbol.iterator]: 1, ['x']: 2 };",
    'export function f(o: { a: number }): number { return o["a"]; }',
  ],
  invalid: [
    { code: "export function f(o: Record<string, unknown>, k: string): unknown {\n  return o[k];\n}", errors: [{ messageId: "computedKey", line: 2, column: 12 }] },
    { code: 'export function f(o: object, k: "a" | "constructor"): unknown {\n  return (o as Record<string, unknown>)[k];\n}', errors: [{ messageId: "dangerousKey", line: 2, column: 41 }] },
    { code: "export function f(f: () => void, k: string): unknown {\n  const { [k]: c } = f as unknown as Record<string, unknown>;\n  return c;\n}", errors: [{ messageId: "computedKey", line: 2, column: 12 }] },
  ],
});

ruleTester(r["no-unicode-escape"], {
  valid: ['export const s = "\\u0065";'],
  invalid: [{ code: "export const \\u0061b = 1;", errors: [{ messageId: "escapedIdentifier", line: 1, column: 14 }] }],
});

ruleTester(r["no-foreign-import"], {
  valid: ['import { defineExtension } from "spin-kernel/extension";\nexport const d = defineExtension;', 'export type { Frame } from "spin-kernel/extension";'],
  invalid: [
    { code: 'import fs from "node:fs";\nexport const f = fs;', errors: [{ messageId: "foreignModule", line: 1, column: 16 }] },
    { code: 'export * from "./other.js";', errors: [{ messageId: "foreignModule", line: 1, column: 15 }] },
    { code: 'import fs = require("fs");\nexport const f = fs;', errors: [{ messageId: "importRequire", line: 1, column: 1 }] },
    { code: '/// <reference lib="dom" />\n/// <reference path="./x.d.ts" />\nexport {};', errors: [{ messageId: "tripleSlash", line: 1, column: 21 }, { messageId: "tripleSlash", line: 2, column: 22 }] },
    { code: 'export type T = import("fs").Stats;', errors: [{ messageId: "foreignModule", line: 1, column: 24 }] },
  ],
});

ruleTester(r["no-declare"], {
  valid: ["export const x = 1;\nexport interface I { a: number }"],
  invalid: [
    { code: "declare const kernel: { secret: string };\nexport const s = kernel.secret;", errors: [{ messageId: "declare", line: 1, column: 1 }] },
    { code: "declare global {\n  var hidden: number;\n}\nexport {};", errors: [{ messageId: "namespace", line: 1, column: 9 }] },
    { code: 'declare module "spin-kernel/extension" {\n  export const root: number;\n}', errors: [{ messageId: "namespace", line: 1, column: 16 }] },
    { code: "export class A {\n  declare x: number;\n}", errors: [{ messageId: "declare", line: 2, column: 3 }] },
  ],
});

ruleTester(r["no-builtin-mutation"], {
  valid: ["export function f(a: number[]): void { a[0] = 1; a.length = 0; }", "export function f(o: { random: () => number }): void { o.random = () => 4; }"],
  invalid: [
    { code: "export function f(): void {\n  Math.random = () => 4;\n}", errors: [{ messageId: "mutateBuiltin", line: 2, column: 3 }] },
    { code: "export function f(): void {\n  const j = JSON;\n  delete j.parse;\n}", errors: [{ messageId: "mutateBuiltin", line: 3, column: 10 }] },
    { code: "export function f(): void {\n  Object.assign(Array, { from: 1 });\n}", errors: [{ messageId: "assignBuiltin", line: 2, column: 17 }] },
  ],
});

const header = 'import { defineExtension, log } from "spin-kernel/extension";\n';
const tail = 'export default defineExtension({ name: "x", handlers: { onTick(now) { log(String(now)); } } });\n';
ruleTester(r["no-top-level-side-effects"], {
  valid: [
    header + "const PAGE = 4096 * 2;\nconst seen = new Map<number, string>();\nfunction helper(): number { return seen.size + PAGE; }\nexport class C { static z = 1; }\nenum E { A = 1, B = A + 1 }\n" + tail,
    header + "const handlers = { onTick(now: number): void { log(String(now)); } };\nexport default defineExtension({ name: \"x\", handlers });\n",
  ],
  invalid: [
    { code: header + 'log("loaded");\n' + tail, errors: [{ messageId: "statement", line: 2, column: 1 }] },
    { code: header + "const x = Math.random();\n" + tail, errors: [{ messageId: "initializer", line: 2, column: 11 }] },
    { code: header + 'export default { name: "x" };\n', errors: [{ messageId: "defaultExport", line: 2, column: 1 }] },
    { code: header + "export const x = 1;\n", errors: [{ messageId: "missingDefault", line: 1, column: 1 }] },
    { code: header + "class K { static { log('x'); } }\n" + tail, errors: [{ messageId: "classEffect", line: 2, column: 7 }] },
    { code: header + 'export default defineExtension({ name: String(Math.random()), handlers: {} });\n', errors: [{ messageId: "impureSpec", line: 2, column: 32 }] },
    { code: header + "for (;;) {}\n" + tail, errors: [{ messageId: "statement", line: 2, column: 1 }] },
  ],
});
