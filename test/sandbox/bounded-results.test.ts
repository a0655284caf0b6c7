/**
 * The results of the hardened realm's string builders, bounded by their total length (red team
 * 8): String.raw, join, toLocaleString, replace with a function or `$` patterns, Error's
 * toString, the HTML attribute methods, and the stacks of errors; RegExp's toString and the
 * text JSON.stringify writes (red team 9). Each attack below makes, from
 * inputs within the server's string bound (2^19), a string past it: each must be a RangeError
 * before the string is made (a stack is cut instead), while the same builtins on ordinary inputs
 * give what the language says, and the charge is the same every run. Seen from an extension in
 * a server's worker (the realm is hardened there, not in this test's thread).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeServerVM } from "./helpers.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** Each makes a string longer than 2^19 from strings and counts within it. */
const ATTACKS = [
  "String.raw({ raw: many(512) })",
  "String.raw({ raw: ['a', 'b', 'c'] }, part(), part())",
  "many(512).join('')",
  "many(2).join(part())",
  "many(512).toLocaleString()",
  "String(many(512))",
  "`${many(512)}`.length",
  '"x".repeat(512).replaceAll("x", () => part())',
  '"x".repeat(512).replace(/x/g, () => part())',
  '/x/g[Symbol.replace]("x".repeat(512), () => part())',
  '"a".repeat(32000).replaceAll("", "$`")',
  '"a".repeat(2 ** 18).replace(/a/g, "$&$&")',
  "errorText(part(), part())",
  "String(errorOf(part(), part()))",
  "part().anchor(part())",
  '"x".link(quotes())',
  '"\\uFDFA".repeat(2 ** 19).normalize("NFKD")',
  'encodeURIComponent("\\u4e00".repeat(2 ** 18))',
  "/a/.toString.call({ source: part(), flags: part() })",
  "Object.prototype.toString.call({ [Symbol.toStringTag]: part() })",
  // With no join, the realm's Object.prototype.toString, not the intrinsic (red team 10).
  "[].toString.call({ [Symbol.toStringTag]: part() })",
  "JSON.stringify(many(512))",
  "JSON.stringify({ a: part(), b: part() })",
  // Within the bound raw, past it escaped: each control character is written as six.
  'JSON.stringify("\\u0001".repeat(2 ** 17))',
  // Within the bound without the gap, past it with: 2^17 members each on a line of 4 + 1.
  "JSON.stringify(new Array(2 ** 17).fill(0), null, 4)",
  // Issue 10's symbol-description-copy: a description is copied wherever the symbol is written
  // out, so one longer than 1,024 characters is refused when the symbol is made; bind names what
  // it makes "bound " + name, refused past the bound (a name within it, six characters longer).
  "Symbol(part())",
  'Symbol("d".repeat(1025))',
  "Symbol.for(part())",
  "boundOf(2 ** 19 - 2)",
];

const SOURCE = `
const { defineExtension } = require("spin-kernel/extension");
const part = () => "\\u0100".repeat(2 ** 19 - 8);
const many = (n) => new Array(n).fill("\\u0100".repeat(2 ** 19 / 2 - 8));
const quotes = () => '"'.repeat(2 ** 17);
const errorOf = (name, message) => { const e = new Error(message); e.name = name; return e; };
const errorText = (name, message) => errorOf(name, message).toString();
const boundOf = (n) => { const k = "\\u0100".repeat(n); return { [k]: function () {} }[k].bind(null); };
const named = (name) => { const o = { [name]: function (k) { if (k > 0) return o[name](k - 1); throw new Error("x"); } }; try { o[name](20); } catch (e) { return e.stack; } };
const attacks = [${ATTACKS.map((a) => `() => ${a}`).join(", ")}];
const stackAgain = (n) => { let stack = "f".repeat(n); for (let i = 0; i < 3; i++) stack = named(stack); return stack.length; };
const ordinary = () => {
  const e = new TypeError("m");
  return [
    String.raw({ raw: ["a", "b", "c"] }, 1, { toString: () => "2" }),
    String.raw\`x\${1}\\\\n\`,
    [1, null, undefined, [2, [3]], "s"].join("-"),
    [1, , 3].join(),
    [1.5, "a", [2]].toLocaleString(),
    "a-b-c".replace(/-/g, (m, i) => i),
    "a-b".replaceAll("-", () => "+"),
    "abc".replace("b", "[$&$\`$']"),
    "aXbX".replace(/X/g, "$$"),
    e.toString(),
    errorText("", "only"),
    errorText("N", ""),
    Error.prototype.toString.call({ name: undefined, message: 3 }),
    "t".anchor('a"b'),
    "t".bold(),
    "e\\u0301".normalize(),
    encodeURIComponent("a b"),
    /a\\//gi.toString(),
    RegExp.prototype.toString.call({ source: "s", flags: 1 }),
    [[], null, undefined, 1, "s", () => 1, new TypeError("x"), { [Symbol.toStringTag]: "T" }, new Map(), /a/, (function () { return arguments; })(), Object(true), { [Symbol.toStringTag]: 3 }].map((x) => Object.prototype.toString.call(x)).join(),
    JSON.stringify({ a: [1, "\\u0001\\"\\ud800", {}, [], undefined], b: { c: null, d: undefined }, e: false }, null, 2),
    JSON.stringify([new Array(2 ** 17).fill(0), 0]).length,
    [String(Symbol("s")), Symbol("t").toString(), Object(Symbol()).toString(), String(Symbol("d".repeat(1024))).length, Symbol.for("k").description, Symbol.keyFor(Symbol.for("k")), typeof Symbol.iterator, Symbol.name, String(), String(1), new String("ab").length, "a" instanceof String, new String("a") instanceof String, String.fromCharCode(98)].join(),
    [(function f() {}).bind(null).name, (() => { const k = Symbol("m"); return { [k]() {} }[k].name; })(), boundOf(3).bind(null).name.length, ((a, b) => a + b).bind(null, 1)(2)].join(),
    [[1, [2]].toString(), [].toString.call({ join: () => "j" }), [].toString.call({ [Symbol.toStringTag]: "U" }), [].toString.call("ab")].join(),
  ].join("|");
};
exports.default = defineExtension({ handlers: {
  "PhysAddr.Reclaim": (args, kernel) => {
    let out;
    if (args.vpn < attacks.length) {
      try { attacks[args.vpn](); out = "ran"; } catch (e) { out = e instanceof RangeError ? "RangeError" : String(e); }
    } else if (args.vpn === attacks.length) out = stackAgain(2 ** 14);
    else if (args.vpn === attacks.length + 2) out = stackAgain(2 ** 19 - 16);
    else out = ordinary();
    kernel.log(JSON.stringify(out));
    return {};
  },
} });
`;

let vm: ExtensionVM;
beforeAll(async () => {
  vm = await makeServerVM(SOURCE, "builders.js");
});
afterAll(() => vm?.dispose());

function run(vpn: number): { seen: unknown; units: number } {
  const r = vm.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn, resident: [] } }]);
  if (!r.ok || !r.value.results[0]?.ok) throw new Error(JSON.stringify(r));
  return { seen: JSON.parse(vm.logs.at(-1)!.text) as unknown, units: r.value.instructions };
}

describe("the results of the hardened realm's string builders", () => {
  it.each(ATTACKS.map((a, i) => [a, i] as const))(
    "%s: a RangeError before the string is made, charged the same every run",
    (_, i) => {
      const first = run(i);
      expect(first.seen).toBe("RangeError");
      expect(run(i).units).toBe(first.units);
    },
  );

  it("a stack names its frames cut: it stays small however often it names the next function, and long names are charged", () => {
    // Ten frames, each named by a string of 2^14 characters: 164 K characters uncut (2^19 made a
    // 5.2 M-character stack, which named the next function).
    expect(run(ATTACKS.length).seen).toBeLessThan(7_000);
    // Named by 2^19 characters, the frames' names are charged before V8 writes them (red team
    // 10's stack-frame-name-uncharged): ~1.3 M units for the first stack, past the budget.
    const r = vm.invokeMany([
      { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: ATTACKS.length + 2, resident: [] } },
    ]);
    expect(r.ok ? "ran" : r.error.kind).toBe("budget");
  });

  it("below the bound, the builders give what the language says", () => {
    expect(run(ATTACKS.length + 1).seen).toBe(
      [
        "a1b2c",
        "x1\\\\n",
        "1---2,3-s",
        "1,,3",
        "1.5,a,2",
        "a1b3c",
        "a+b",
        "a[bac]c",
        "a$b$",
        "TypeError: m",
        "only",
        "N",
        "Error: 3",
        '<a name="a&quot;b">t</a>',
        "<b>t</b>",
        "\u00e9",
        "a%20b",
        "/a\\//gi",
        "/s/1",
        "[object Array],[object Null],[object Undefined],[object Number],[object String],[object Function],[object Error],[object T],[object Map],[object RegExp],[object Arguments],[object Boolean],[object Object]",
        '{\n  "a": [\n    1,\n    "\\u0001\\"\\ud800",\n    {},\n    [],\n    null\n  ],\n  "b": {\n    "c": null\n  },\n  "e": false\n}',
        2 ** 18 + 5,
        "Symbol(s),Symbol(t),Symbol(),1032,k,k,symbol,Symbol,,1,2,false,true,b",
        "bound f,[m],15,3",
        "1,2,j,[object U],[object String]",
      ].join("|"),
    );
  });
});
