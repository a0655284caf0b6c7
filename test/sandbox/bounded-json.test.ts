/**
 * JSON in the hardened realm (sandbox/native/bounded-json.ts), seen from an extension in a
 * server's worker. JSON.stringify walks the value in JavaScript first (each getter, toJSON and
 * replacer called once, in the builtin's order) and serialises a snapshot; JSON.parse applies a
 * reviver the same way. Each case below runs there and in this test's own realm (V8's JSON,
 * unwrapped): the text and the order of the calls must be the same. Nesting past 256 is a
 * RangeError at the same place every run (it was V8's stack overflow, at a depth that depends on
 * the JIT: red team 5), and so is `flat`'s walk.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeServerVM } from "./helpers.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** Each case is an expression over `log` (a list of calls, in order) and `nested(n, inner)`. */
const CASES = [
  "JSON.stringify({ b: 1, a: [1, 'x', null, true, undefined, () => 1, Symbol('s')], 2: -0, 1: NaN, c: undefined })",
  "JSON.stringify({ get a() { log.push('a'); return { get b() { log.push('b'); return [1, { get c() { log.push('c'); return 3; } }]; } }; }, d: 4 })",
  "JSON.stringify({ x: { toJSON(k) { log.push('toJSON ' + k); return { y: 1, toJSON: 5 }; } }, z: [{ toJSON(k) { log.push('t' + k); return undefined; } }] })",
  "JSON.stringify({ a: [1, 2], b: { c: 3 } }, function (k, v) { log.push(typeof this + ':' + k); return typeof v === 'number' ? v * 10 : v; })",
  "JSON.stringify({ b: 1, 1: 2, a: 3, 0: { a: 4, b: 5 } }, ['b', 1, new String('a'), new Number(0), 'b', {}])",
  "JSON.stringify([new Number(3), new String('s'), new Boolean(false), Object(Symbol('q'))])",
  "JSON.stringify({ n: { valueOf() { log.push('valueOf'); return 7; }, __proto__: Number.prototype } })",
  "JSON.stringify({ a: [1, { b: 2 }] }, null, new Number(3))",
  "JSON.stringify({ a: [1, { b: 2 }] }, null, '--------------tab')",
  "JSON.stringify({ a: [] , b: {} }, null, 2)",
  "JSON.stringify('\\u2028\\ud800\"\\n')",
  "JSON.stringify(undefined)",
  "JSON.stringify(() => 1)",
  "JSON.stringify({ toJSON() { return undefined; } })",
  "(() => { const o = { a: 1 }; o.self = { o }; return JSON.stringify(o); })()",
  "(() => { const shared = [1]; return JSON.stringify([shared, shared, { shared }]); })()",
  "JSON.stringify(Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }))",
  "JSON.stringify({ ['__proto__']: 1, constructor: 2 })",
  "JSON.stringify(Object.create({ inherited: 1 }, { own: { value: 2, enumerable: true } }))",
  "JSON.stringify({ get a() { log.push('a'); throw new TypeError('from a'); }, get b() { log.push('b'); return 1; } })",
  "JSON.stringify(nested(256, 0))",
  "JSON.stringify(nested(255, {}))",
  "JSON.stringify({ a: nested(40, 1) }, null, 1)",
  "JSON.parse('[1,{\"a\":[2,3]},{\"b\":{\"c\":4}}]', function (k, v) { log.push(k + '@' + Array.isArray(this)); return typeof v === 'number' && v > 2 ? undefined : v; })",
  "JSON.parse('{\"a\":1,\"b\":2}', function (k, v) { if (k === 'a') this.c = 9; return v; })",
  "JSON.parse('[' + '['.repeat(255) + ']'.repeat(255) + ']', (k, v) => v).length",
  "JSON.parse('['.repeat(100000) + ']'.repeat(100000)).length",
  "JSON.parse('[1, 2', (k, v) => v)",
];

/** Cases past the bounds: a RangeError here, V8's stack limit (or nothing) in an unbounded realm. */
const BOUNDED = [
  "JSON.stringify(nested(257, 0))",
  "JSON.stringify(nested(100000, 0))",
  "JSON.stringify(nested(128, { toJSON() { return JSON.stringify(nested(129, 0)); } }))",
  "JSON.parse('['.repeat(257) + ']'.repeat(257), (k, v) => v)",
  "JSON.parse('['.repeat(100000) + ']'.repeat(100000), (k, v) => v)",
  "nested(100000, 0).flat(Infinity)",
  "nested(257, 0).flat(Infinity)",
  "nested(256, 0).flat(Infinity).length",
];

const PRELUDE = `
const nested = (n, inner) => { let a = inner; for (let i = 0; i < n; i++) a = [a]; return a; };
const run = (f) => { const log = []; let out; try { out = String(f(log)); } catch (e) { out = e.constructor.name; } return out + " | " + log.join(","); };
`;

const cases = (list: readonly string[]): string => `[${list.map((c) => `run((log) => ${c})`).join(",\n")}]`;

const SOURCE = `
const { defineExtension } = require("spin-kernel/extension");
${PRELUDE}
exports.default = defineExtension({ handlers: {
  "PhysAddr.Reclaim": (args, kernel) => {
    for (const line of ${cases(CASES)}) kernel.log(line.slice(0, 1000));
    for (const line of ${cases(BOUNDED)}) kernel.log(line.slice(0, 1000));
    return {};
  },
} });
`;

let vm: ExtensionVM;
beforeAll(async () => {
  vm = await makeServerVM(SOURCE, "json.js");
});
afterAll(() => vm?.dispose());

describe("JSON in the hardened realm", () => {
  it("writes what V8's JSON writes, calling the guest's code in the same order; refuses nesting past 256", () => {
    const r = vm.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [] } }]);
    expect(r.ok && r.value.results[0]?.ok).toBe(true);
    const lines = vm.logs.map((l) => l.text);
    expect(lines).toHaveLength(CASES.length + BOUNDED.length);
    // The same cases in this realm (V8's own JSON).
    const here = new Function(`${PRELUDE} return ${cases(CASES)};`)() as string[];
    expect(lines.slice(0, CASES.length)).toEqual(here.map((l) => l.slice(0, 1000)));
    expect(lines.slice(CASES.length)).toEqual([
      "RangeError | ",
      "RangeError | ",
      "RangeError | ",
      "RangeError | ",
      "RangeError | ",
      "RangeError | ",
      "RangeError | ",
      "1 | ",
    ]);
  });
});
