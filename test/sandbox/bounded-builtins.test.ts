/**
 * The length bounds of the hardened realm (sandbox/native/bounded-builtins.ts), seen from an
 * extension in a server's worker (the realm is hardened there, not in this test's thread). Each
 * walk below held the thread past worker.terminate() (or aborted the process) before the bounds,
 * in red team 3's probes or the enumeration that followed; each must now be a RangeError at once,
 * while the same builtins on ordinary arrays work as before. The string walks (red team 4) are
 * bounded at 2^21 characters (sandbox/native/bounded-strings.ts); a replacement whose toString
 * answers short, then long, is converted once: the builtin sees the short answer; so is an
 * element of a flattened array whose getter answers short, then long (flat walks a snapshot).
 * Nested walks (join, flat, JSON), however they call each other, count in one nesting bound.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeServerVM } from "./helpers.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

const WALKS = [
  "Array.prototype.forEach.call(huge, cb)",
  "Array.prototype.every.call(huge, cb)",
  "Array.prototype.reduce.call(huge, cb, 0)",
  "Array.prototype.sort.call(huge)",
  "Array.prototype.toSorted.call({ length: 2 ** 31 })",
  "Array.prototype.toReversed.call({ length: 2 ** 31 })",
  "sparse().indexOf(2)",
  "sparse().lastIndexOf(2)",
  "sparse().sort()",
  "sparse().reverse()",
  "sparse().forEach(cb)",
  "String(sparse())",
  "[sparse()].flat()",
  "[1].flatMap(() => sparse())",
  "[].concat({ length: 2 ** 32 - 2, [Symbol.isConcatSpreadable]: true })",
  "Array.from(huge)",
  "[...sparse()]",
  "new Set(sparse())",
  "String.raw({ raw: huge })",
  "JSON.stringify({}, sparse())",
  "new Array(2 ** 32 - 1).fill(0)",
  'big().split("")',
  'big().replaceAll("", "b")',
  'big().replace(/(?:)/g, "b")',
  '"a".repeat(2 ** 21).replaceAll("a", "$&$&")',
  "big().match(/a/g)",
  "[...big().matchAll(/a/g)]",
  "big().normalize()",
  "big().toUpperCase()",
  "big().padStart(1)",
  '"a".repeat(2 ** 28)',
  '"a".padEnd(2 ** 28)',
  '"a".concat(big())',
  "/a/.exec(big())",
  "/a/[Symbol.split](big())",
  "encodeURIComponent(big())",
  "decodeURI(big())",
  "escape(big())",
  '"abc".split(manyCaptures())',
  // A server's realm: lengths bounded for its small heap (2^19), one builtin's allocation inside Node's leeway.
  "new Array(2 ** 20).fill(0)",
  // The store itself, before any fill: V8 would make 2^24 holes (128 MiB), a fatal out-of-memory
  // of the whole process in a 16 MiB heap (fill-bound-oom's intermittent host abort).
  "new Array(2 ** 24)",
  "Array(2 ** 20)",
  "new (class extends Array {})(2 ** 20)",
  "Array.from({ length: 2 ** 20 })",
  '"a".repeat(2 ** 20).split("")',
  "JSON.parse(`[${big()}]`)",
  "JSON.parse({ toString: () => `[${big()}]` })",
  '"abc".replace(manyCaptures(), "x")',
  '[..."abc".matchAll(Object.defineProperty(/a/g, "exec", { value: () => null }))]',
  // An array grown past the bound while spread iterates it (a getter the iteration runs).
  "[...growing()]",
  "new Set(growing())",
  // Nested walks share one nesting count across calls (red team 6): 200 levels whose innermost
  // element starts another 200-level walk are 400 levels of the kernel's recursion, past 256.
  "[deepGetter()].flat(Infinity)",
  "JSON.stringify(nest(200, { toJSON: () => nest(200, [1]).flat(Infinity) }))",
  "String(nest(100, { toString: () => JSON.stringify(nest(200, 1)) }))",
];

/** Regexes the linear engine cannot run, made at run time: a SyntaxError (bounded-strings.ts). */
const NON_LINEAR = [
  'new RegExp("(a+)+\\\\1?$")',
  'RegExp("x(?=y)")',
  'new RegExp("abc", "i")',
  'new RegExp(/a/, "u")',
  'new (class extends RegExp {})("(?<=a)b")',
  '"aab".match("(a)\\\\1")',
  '[..."aab".matchAll("a(?!b)")]',
  '"aab".search("(?<=a)b")',
];

const SOURCE = `
const { defineExtension } = require("spin-kernel/extension");
const cb = () => {};
const toctou = () => { let reads = 0; return { length: 1, get 0() { if (reads++ === 0) return [1]; const a = [1]; a.length = 2 ** 32 - 1; return a; } }; };
const big = () => { let s = "a"; while (s.length <= 2 ** 21) s += s; return s; };
class ManyCaptures extends RegExp { exec() { if (this.lastIndex > 2) return null; const m = /a/.exec("abc"); m.length = 2 ** 32 - 1; return m; } }
const manyCaptures = () => new ManyCaptures("a");
const huge = { length: 2 ** 53 - 1 };
const sparse = () => { const a = []; a.length = 2 ** 32 - 1; a[0] = 1; return a; };
class Growing extends Array { get 1() { this.length = 2 ** 32 - 1; return 1; } }
const nest = (n, inner) => { let a = inner; for (let i = 0; i < n; i++) a = [a]; return a; };
class FlatAgain extends Array { get 0() { return nest(200, [1]).flat(Infinity).length; } }
const deepGetter = () => { const t = new FlatAgain(); t.length = 1; return nest(200, t); };
const growing = () => { const a = new Growing(); a.push(0); a.length = 3; return a; };
exports.default = defineExtension({ handlers: {
  "PhysAddr.Reclaim": (args, kernel) => {
    const out = [];
    ${WALKS.map((w) => `try { ${w}; out.push("ran"); } catch (e) { out.push(e instanceof RangeError ? "RangeError" : String(e)); }`).join("\n    ")}
    const a = [3, 1, 2];
    out.push([a.indexOf(2), a.toSorted().join(""), [...a].length, Array.from({ length: 3 }).length, [[1], [2]].flat().join(""), a.concat([4]).length, new Set(a).size, "a,b".split(",").length, "x-y".replaceAll("-", "+"), "ab".repeat(2), "7".padStart(3, "0"), encodeURIComponent("a b"), /b/.exec("abc").index, "a".replace("a", { toString: (() => { let n = 0; return () => (n++ ? big() : "b"); })() }), Array.prototype.flat.call(toctou()).length, "a1b".split(/1/).join(""), "a1b".replace(/\\d/g, "-"), JSON.parse("[1,2]", (k, v) => (k === "0" ? 5 : v)).join(""), new Array(2 ** 19).fill(0).length].join(","));
    kernel.log(JSON.stringify(out));
    const refused = [];
    ${NON_LINEAR.map((w) => `try { ${w}; refused.push("ran"); } catch (e) { refused.push(e.name); }`).join("\n    ")}
    const R = RegExp;
    for (const f of [() => "aab".match({ toString: () => "(a)\\\\1" }), () => "aab".search({ [Symbol.search]: () => 0, toString: () => "(?=a)" })]) {
      try { f(); refused.push("ran"); } catch (e) { refused.push(e.name); }
    }
    refused.push([new R("a+b", "g").test("aab"), R("(a+)+$").test("aab"), new (class extends R {})("b").exec("abc").index, /a/ instanceof R, "abc".match("b").index, "abc".search("c"), [..."abab".matchAll("b")].length, "a1b2".split(/\\d/).join("")].join(","));
    kernel.log(JSON.stringify(refused));
    return {};
  },
} });
`;

let vm: ExtensionVM;
beforeAll(async () => {
  vm = await makeServerVM(SOURCE, "walker.js");
});
afterAll(() => vm?.dispose());

describe("the hardened realm's walking builtins", () => {
  it("refuse every walk longer than 2^24, real arrays too, and walk ordinary arrays as before", () => {
    const r = vm.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [] } }]);
    expect(r.ok && r.value.results[0]?.ok).toBe(true);
    const seen = JSON.parse(vm.logs.at(-2)!.text) as string[];
    expect(seen.slice(0, WALKS.length)).toEqual(WALKS.map(() => "RangeError"));
    expect(seen.at(-1)).toBe("2,123,3,3,12,4,3,2,x+y,abab,007,a%20b,1,b,1,ab,a-b,52,524288");
    const refused = JSON.parse(vm.logs.at(-1)!.text) as string[];
    expect(refused).toEqual([
      ...NON_LINEAR.map(() => "SyntaxError"),
      "TypeError",
      "TypeError",
      "true,false,1,true,1,2,2,ab",
    ]);
  });
});
