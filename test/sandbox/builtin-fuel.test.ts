/**
 * Builtin work is fuel in the V8 placements (sandbox/native/builtin-fuel.ts), seen from an
 * extension in a server's worker (the realm is hardened there, not in this test's thread). Each
 * loop below ran at one fuel unit an iteration, whatever the builtin walked, so the deadline, not
 * the fuel, ended it at a load-dependent point (red team 6): now it is a budget fault, charged
 * before the builtin runs, the same every run; a throw the guest catches does not save the call.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

const CASES = [
  // 10 x (a 2^18-character repeat, then a search of it): ~1.3M units of the 990,000.
  'let n = 0; for (let i = 0; i < 10; i++) n += "ab".repeat(2 ** 17).indexOf("c"); return n;',
  // A regex the linear engine runs: 1,001 characters x a 2,005-character source, ~1M units.
  'return new RegExp(`(?:${"a|".repeat(999)}a)*$`).test(`${"a".repeat(1000)}b`);',
  'try { new RegExp(`(?:${"a|".repeat(999)}a)*$`).test(`${"a".repeat(1000)}b`); } catch { } return 1;',
  // Small calls: charged a few units each.
  'return [/b/.exec("abc").index, "a,b".split(",").length, "abc".match("c").index, "ab".repeat(2), "ab".repeat(1024).indexOf("c")].join();',
];

let vm: ExtensionVM;
beforeAll(async () => {
  const source = `const { defineExtension } = require("spin-kernel/extension");
const cases = [${CASES.map((c) => `() => { ${c} }`).join(", ")}];
exports.default = defineExtension({ handlers: { "Translation.PageNotPresent": (args) => ({ prefetch: [], n: cases[args.vpn]() }) } });`;
  // The deadline far off: a loaded machine must not answer for the budget and the bounds tested here.
  const created = await createExtensionVM("server", {
    source,
    filename: "charged.js",
    seed: 1,
    limits: { timeoutMs: 60_000 },
  });
  if (!created.ok) throw created.error;
  vm = created.value;
});
afterAll(() => vm?.dispose());

function run(vpn: number) {
  const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn } }]);
  return r;
}

it("long string and regex work runs out of fuel before the builtin runs, caught or not", () => {
  for (const vpn of [0, 1, 2]) {
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
