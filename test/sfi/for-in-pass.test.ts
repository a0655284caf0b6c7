/**
 * The for-in charge (extensions/sfi/passes/for-in.ts): the object of every for-in goes through
 * the frame's `__sfi_forin` before V8 (or QuickJS) lists its keys, in every syntactic place a
 * for-in may stand, and the loop iterates what it did; sandbox/native/for-in-fuel.ts charges the
 * index keys the walk makes (red team 10, for-in-string-hold).
 */
import { describe, expect, it } from "vitest";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import { rewriteCountingFuel } from "../../extensions/sfi/fuel-count.js";
import ts from "../../extensions/typescript.js";
import { FOR_IN_INDEX_FUEL, forInUnits, ownIndexCount } from "../../sandbox/native/for-in-fuel.js";

const PLACES = `
const log: unknown[] = [];
const tagged = (tag: string): Record<string, number> => ({ [tag]: 1 });
for (const k in tagged("top")) log.push(k);
function inFunction(): void {
  for (const k in tagged("function")) log.push(k);
}
class K {
  static {
    for (const k in tagged("static-block")) log.push(k);
  }
  m(): void {
    let k: string;
    for (k in tagged("method")) log.push(k);
  }
}
enum E {
  A = (() => { let n = 0; for (const k in tagged("enum")) n += k.length; return n; })(),
}
for (const a in tagged("outer")) for (const b in tagged("inner")) log.push(a + b);
const s: {} = "ab";
for (const i in s) log.push(i);
inFunction();
new K().m();
log.push(E.A);
export const result = log;
`;

/** Run a CommonJS body with the frame's names the passes use. */
function run(js: string, forin: (v: unknown) => unknown): unknown {
  const exports: Record<string, unknown> = {};
  new Function(
    "require",
    "exports",
    "__sfi_cat",
    "__sfi_idx",
    "__sfi_throw",
    "__sfi_forin",
    "__sfi_fuel",
    "__sfi_depth",
    "__sfi_nofuel",
    "__sfi_deep",
    js,
  )(
    () => ({}),
    exports,
    (v: unknown) => v,
    (v: unknown) => v,
    (v: unknown) => v,
    forin,
    1e9,
    0,
    () => {
      throw new Error("no fuel");
    },
    () => {},
  );
  return exports.result;
}

describe("the for-in charge", () => {
  it("routes the object of a for-in in every place through __sfi_forin, and the loops iterate as before", () => {
    const rewritten = rewriteWithFuel("places.ts", PLACES);
    const seen: unknown[] = [];
    const got = run(rewritten.js, (v) => {
      seen.push(v);
      return v;
    });
    const plain = run(
      ts.transpileModule(PLACES, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText,
      (v) => v,
    );
    expect(got).toEqual(plain);
    const tags = seen.map((v) => (typeof v === "string" ? v : Object.keys(v as object)[0]));
    for (const tag of ["top", "function", "static-block", "method", "enum", "outer", "inner", "ab"])
      expect(tags, tag).toContain(tag);
    expect(rewritten.stats["for-in.charge"]).toBe(8);
  });

  it("is inserted for QuickJS too (typed's counting rewrite: the runtime's __sfi_forin burns the ticks)", () => {
    const counted = rewriteCountingFuel("places.ts", PLACES);
    expect(counted.body.match(/__sfi_forin\(/g)?.length).toBe(8);
  });

  it("charges the index keys of every array on the chain and of inherited strings, and a unit an object", () => {
    const s = "x".repeat(1000);
    // The object itself, a string or a String object, is the strings pass's (__sfi_idx): a unit
    // for each of the String object, String.prototype and Object.prototype.
    expect(forInUnits(s)).toBe(0);
    expect(forInUnits(new String(s))).toBe(3);
    // A String object inherited from lists its indices too.
    expect(forInUnits(Object.create(new String(s)))).toBe(1000 * FOR_IN_INDEX_FUEL + 4);
    // An array's own elements are __sfi_idx's too (ownIndexCount), as a spread's are.
    expect(forInUnits([1, 2, 3])).toBe(3);
    expect(ownIndexCount([1, 2, 3])).toBe(3);
    expect(ownIndexCount(s)).toBe(1000);
    expect(ownIndexCount(new String(s))).toBe(1000);
    expect(ownIndexCount({ length: 5 })).toBe(0);
    // An array's indices are enumerated through an object that inherits from it.
    expect(forInUnits(Object.create(new Array(500)))).toBe(500 * FOR_IN_INDEX_FUEL + 4);
    expect(forInUnits({ a: 1, b: 2 })).toBe(2);
    expect(forInUnits(Object.create(null))).toBe(1);
    expect(forInUnits(null)).toBe(0);
    expect(forInUnits(undefined)).toBe(0);
    expect(forInUnits(7)).toBe(0);
  });
});
