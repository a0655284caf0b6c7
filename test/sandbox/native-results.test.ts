/**
 * A V8 placement's results (sandbox/native/native-vm.ts): plain data is copied without a JSON
 * text, everything else goes through JSON as before; either way the host gets exactly what
 * `JSON.parse(JSON.stringify(value))` gives, or the same refusal. Run in a server (a NativeVM in
 * a worker's hardened realm), so this process is not locked down.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeServerVM } from "./helpers.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

const CASES = [
  "({})",
  "({ prefetch: [1, 2, 3] })",
  "({ prefetch: [-0, 1.5, 1e21], s: 'a\"b\\\\c\\u0001\\ud800' })",
  "({ prefetch: [], other: undefined, f: () => 1, n: null, t: true })",
  "({ prefetch: [NaN, Infinity] })",
  "({ prefetch: [1, , 3] })",
  "({ prefetch: [1, undefined] })",
  "({ get prefetch() { return [7]; } })",
  "({ prefetch: [1], toJSON() { return { prefetch: [9] }; } })",
  "Object.create({ prefetch: [1] })",
  "Object.assign(Object.create(null), { prefetch: [4] })",
  'JSON.parse(\'{"__proto__": [5], "x": 1}\')',
  "({ 2: 'b', 1: 'a', z: 0 })",
  "({ a: { b: { c: { d: [1] } } } })",
  "({ prefetch: Object.assign([5], { toJSON: () => [6] }) })",
  "({ big: 'x'.repeat(70000) })",
  "({ many: new Array(5000).fill(123456.789) })",
  "[1, 2]",
  "null",
  "7",
  "'text'",
  "new Map()",
];

let vm: ExtensionVM;
beforeAll(async () => {
  const source = `const { defineExtension } = require("spin-kernel/extension");
const results = [${CASES.join(", ")}];
exports.default = defineExtension({ handlers: { "Translation.PageNotPresent": (args) => results[args.vpn] } });`;
  vm = await makeServerVM(source, "results.js");
});
afterAll(() => vm?.dispose());

it("a native result is what a JSON round trip of it gives, or JSON's refusal", () => {
  const expected = new Function(`return [${CASES.join(", ")}];`)() as unknown[];
  CASES.forEach((text, vpn) => {
    const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn } }]);
    if (!r.ok) throw r.error;
    const got = r.value.results[0]!;
    const json = JSON.stringify(expected[vpn]);
    if (json !== undefined && json.length > vm.limits.maxResultChars) {
      expect(got.ok, text).toBe(false);
      if (!got.ok) expect(got.error.message, text).toMatch(/^result too large/);
    } else expect(got, text).toEqual({ ok: true, value: json === undefined ? undefined : JSON.parse(json) });
  });
});
