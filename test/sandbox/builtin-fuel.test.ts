/**
 * Builtin work is fuel in the V8 placements (sandbox/native/builtin-fuel.ts), seen from an
 * extension in a server's worker (the realm is hardened there, not in this test's thread). Each
 * loop below ran at one fuel unit an iteration, whatever the builtin walked, so the deadline, not
 * the fuel, ended it at a load-dependent point (red team 6): now it is a budget fault, charged
 * before the builtin runs, the same every run; a throw the guest catches does not save the call.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeServerVM } from "./helpers.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

const CASES = [
  // 10 x (a 2^18-character repeat, then a search of it): ~1.3M units of the 990,000.
  'let n = 0; for (let i = 0; i < 10; i++) n += "ab".repeat(2 ** 17).indexOf("c"); return n;',
  // A regex the linear engine runs: 1,001 characters x a 2,005-character source, ~1M units.
  'return new RegExp(`(?:${"a|".repeat(999)}a)*$`).test(`${"a".repeat(1000)}b`);',
  'try { new RegExp(`(?:${"a|".repeat(999)}a)*$`).test(`${"a".repeat(1000)}b`); } catch { } return 1;',
  // Small calls: charged a few units each.
  'return [/b/.exec("abc").index, "a,b".split(",").length, "abc".match("c").index, "ab".repeat(2), "ab".repeat(1024).indexOf("c")].join();',
  // Red team 7: a sort of 2^18 numbers as strings, n log2 n = ~4.7M units (an array iterator and
  // Array.from charged by length too).
  "return Array.from(new Array(2 ** 18).keys()).sort()[0];",
  // Red team 7: a regex whose compiled program (~2,100: \S is 11 ranges, unrolled 64 times) is
  // 70 times its source: 1,025 characters x 2,114 / 2 = ~1.1M units.
  'return /\\S{16}\\S{16}\\S{16}\\S{16}x/.exec("a".repeat(1024)) === null ? 1 : 0;',
  // Red team 7: a split runs a sticky exec at every position; each is charged for the pattern's
  // longest match (1) and one more character, not for the rest of the subject.
  'return "ab,".repeat(1000).split(/,/).length;',
  // Red team 9: Object.entries of a string makes a pair a character in C++ (~2.8 us each):
  // 2^17 characters at 16 units each are ~2.1M units, charged before the walk.
  'return Object.entries("\\u0100".repeat(2 ** 17)).length + Object.keys(Object("a".repeat(2 ** 17))).length;',
  // Red team 11: Object.create and defineProperties list every key of their properties before
  // the first descriptor (a character is none: a TypeError), and Object.assign copies an
  // array's elements: 2^17 indices at 16 units each, ~2.1M units, charged before the walk.
  'try { Object.create(null, Object("a".repeat(2 ** 17))); } catch { } return 1;',
  "try { Object.defineProperties({}, new Array(2 ** 17).fill(1)); } catch { } return 1;",
  "return Object.keys(Object.assign({}, new Array(2 ** 17).fill(1))).length;",
  // Their ordinary uses.
  "return Object.keys(Object.create(null, { a: { value: 1, enumerable: true } })).join() + Object.assign({}, [5, 6])[1];",
  // Red team 18 (json-parse-uncharged): three parses of a 524,287-character text, a unit a
  // character, ~1.57M units (the text's repeat ~131,000), charged before each parse.
  'const t = `[${"0,".repeat(2 ** 18 - 2)}0]`; let n = 0; for (let i = 0; i < 3; i++) n += JSON.parse(t).length; return n;',
  // Its ordinary use: small texts, a unit a character (the repeat's 250 units besides).
  'return JSON.parse("[1,2,3]").length + JSON.parse(`"${"a".repeat(1000)}"`).length;',
];

let vm: ExtensionVM;
beforeAll(async () => {
  const source = `const { defineExtension } = require("spin-kernel/extension");
const cases = [${CASES.map((c) => `() => { ${c} }`).join(", ")}];
exports.default = defineExtension({ handlers: { "Translation.PageNotPresent": (args) => ({ prefetch: [], n: cases[args.vpn]() }) } });`;
  vm = await makeServerVM(source, "charged.js");
});
afterAll(() => vm?.dispose());

function run(vpn: number) {
  const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn } }]);
  return r;
}

it("long string and regex work runs out of fuel before the builtin runs, caught or not", () => {
  for (const vpn of [0, 1, 2, 4, 5, 7, 8, 9, 10]) {
    const r = run(vpn);
    expect(r.ok ? r.value.results[0] : r.error, CASES[vpn]).toMatchObject({ kind: "budget" });
  }
});

it("small calls give their results and are charged the same units every time", () => {
  const first = run(3);
  const second = run(3);
  if (!first.ok || !second.ok) throw new Error("small calls faulted");
  expect(first.value.results[0]).toEqual({ ok: true, value: { prefetch: [], n: "1,2,2,abab,-1" } });
  expect(second.value.instructions).toBe(first.value.instructions);
  // The 2,048-character search alone is 512 units.
  expect(first.value.instructions).toBeGreaterThan(1024);
});

it("Object.create's properties and Object.assign's array, small, give their results for a few units", () => {
  const r = run(11);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.results[0]).toEqual({ ok: true, value: { prefetch: [], n: "a6" } });
  expect(r.value.instructions).toBeLessThan(1_000);
});

it("a regex split is charged about once a subject character, not for the rest of the subject at each position", () => {
  const r = run(6);
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.results[0]).toEqual({ ok: true, value: { prefetch: [], n: 1001 } });
  // 3,001 sticky attempts of 3 units (2 characters x a program of 1, both + 1, halved), the
  // 3,000-character repeat, the split's copies: ~10,000, where the rest of the subject at each
  // attempt was ~4.5M.
  expect(r.value.instructions).toBeGreaterThan(9_000);
  expect(r.value.instructions).toBeLessThan(20_000);
});

it("JSON.parse is charged by its text's length before it parses (red team 18)", () => {
  const r = run(12);
  expect(r.ok ? r.value.results[0] : r.error, CASES[12]).toMatchObject({ kind: "budget" });
  const small = run(13);
  if (!small.ok) throw new Error(small.error.message);
  expect(small.value.results[0]).toEqual({ ok: true, value: { prefetch: [], n: 1003 } });
  // 7 + 1,002 characters parsed, 250 for the repeat (before: the repeat's only).
  expect(small.value.instructions).toBe(7 + 1002 + 250);
});
