/**
 * The frame sizes the fuel pass counts call depth by in the V8 placements (extensions/sfi/frame-slots.ts,
 * sandbox/call-depth.ts): an upper bound of Ignition's registers, read from the source.
 */
import { describe, expect, it } from "vitest";
import ts from "../../extensions/typescript.js";
import { functionFrameSlots } from "../../extensions/sfi/frame-slots.js";
import { FRAME_SLOTS_PER_DEPTH_UNIT, depthUnits } from "../../sandbox/call-depth.js";

/** The slots of the first function declared in `source`. */
function slots(source: string): number {
  const sf = ts.createSourceFile("f.ts", source, ts.ScriptTarget.ES2022, true);
  const fn = sf.statements.find(ts.isFunctionDeclaration);
  if (fn === undefined) throw new Error("no function");
  return functionFrameSlots(fn);
}

/** The rewrite's own try around a counted body. */
const OWN = 4;

describe("a frame's slots", () => {
  it("counts every name it declares, parameters, patterns and nested blocks' included, not a nested function's", () => {
    expect(slots("function f(a: number, { b, c }: { b: number; c: number }) { let d = 1; { const e = 2; } }")).toBe(
      OWN + 5 + 1,
    );
    expect(slots("function f() { function g(x: number, y: number) { let z = 0; } }")).toBe(OWN + 1 + 1);
  });

  it("counts the widest expression's temporaries: a right-nested operand holds each left, a call each argument", () => {
    const right = `function f(a: number) { return ${"a + (".repeat(40)}a${")".repeat(40)}; }`;
    expect(slots(right)).toBeGreaterThanOrEqual(OWN + 1 + 40);
    // A left-nested chain holds one: `a + a + a + …` is as cheap as `a + a`.
    expect(slots(`function f(a: number) { return ${Array(40).fill("a").join(" + ")}; }`)).toBeLessThan(OWN + 1 + 5);
    const args = Array.from({ length: 50 }, (_, i) => String(i)).join(", ");
    expect(slots(`function f(g: (...x: number[]) => number) { return g(${args}); }`)).toBeGreaterThanOrEqual(
      OWN + 1 + 50,
    );
  });

  it("adds up the registers of nested loops over iterators and tries", () => {
    const nested = `function f(xs: number[]) { ${"for (const x of xs) { try { ".repeat(10)}${"} finally {} }".repeat(10)} }`;
    expect(slots(nested)).toBeGreaterThanOrEqual(OWN + 1 + 10 + 10 * (8 + 4));
  });

  it("leaves an ordinary function one unit of depth, and a frame of 1,500 locals 48", () => {
    expect(depthUnits(slots("function f(n: number): number { const a = n + 1, b = a * 2; return f(b) + a; }"))).toBe(1);
    const names = Array.from({ length: 1500 }, (_, i) => (i === 0 ? "a0 = n" : `a${i} = a${i - 1} + 1`));
    const wide = slots(`function wide(n: number): number { const ${names.join(", ")}; return wide(n + 1) + a1499; }`);
    expect(wide).toBeGreaterThan(1500);
    expect(depthUnits(wide)).toBe(1 + Math.floor(wide / FRAME_SLOTS_PER_DEPTH_UNIT));
    expect(depthUnits(wide)).toBe(48);
  });
});
