/**
 * The nesting limit (extensions/check/nesting.ts; issue 8, finding 6): a deeply nested file is a
 * clean refusal at file:line:col, on every path (in-process, the type-check worker, transpile,
 * SFI mode), never a RangeError of ours.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MODE_NAMES } from "../../extensions/loader/mode-names.js";
import { typeCheckExtension } from "../../extensions/check/index.js";
import {
  MAX_NESTING_DEPTH,
  NESTING_CODE,
  isStackOverflow,
  nestingDiagnostic,
  scanNesting,
  treeNestingDiagnostic,
} from "../../extensions/check/nesting.js";
import { checkExtension, loadCheckedExtension } from "../../extensions/check/pipeline.js";
import { typeCheckWithTimeout } from "../../extensions/check/timeout.js";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { sfiMode } from "../../extensions/loader/modes/sfi.js";
import { transpileExtension } from "../../extensions/transpile.js";
import { spin } from "../cli/run-cli.js";
import { allRules } from "../../extensions/verifier/index.js";
import { API } from "./rule-tester.js";

const opts = { apiDeclarationFile: API };
const head = 'import { defineExtension } from "spin-kernel/extension";\n';
const tail = '\nexport default defineExtension({ name: "t", handlers: {} });\n';
const parens = (n: number): string => `${head}export const x = ${"(".repeat(n)}1${")".repeat(n)};${tail}`;

/** 1-based column of the (k+1)-th occurrence of `needle` on line 2. */
function columnOf(source: string, needle: string, k: number): number {
  const line = source.split("\n")[1]!;
  let at = -1;
  for (let i = 0; i <= k; i++) at = line.indexOf(needle, at + 1);
  return at + 1;
}

describe("scanNesting (before parsing)", () => {
  it("counts brackets: the first bracket past the limit is where it stops", () => {
    const src = parens(20_000);
    const d = nestingDiagnostic("x.ts", src);
    // Source file + statement are 2 levels, `=` one more: the 98th `(` makes 101.
    expect(d).toMatchObject({
      file: "x.ts",
      line: 2,
      column: columnOf(src, "(", 97),
      code: NESTING_CODE,
      source: "verifier",
    });
    expect(d?.message).toMatch(/more than 100 levels/);
    expect(nestingDiagnostic("x.ts", parens(90))).toBeUndefined();
  });

  it("counts the forms that nest without brackets", () => {
    const forms = {
      conditional: (n: number) => `export const y = ${"a ? 1 : ".repeat(n)}0;`,
      arrow: (n: number) => `export const f = ${"() => ".repeat(n)}0;`,
      prefix: (n: number) => `export const b = ${"!".repeat(n)}a;`,
      negation: (n: number) => `export const b = ${"- ".repeat(n)}a;`,
      assignment: (n: number) => `x = ${"x = ".repeat(n)}1;`,
      braceless: (n: number) => `${"if (a) ".repeat(n)}x();`,
      typeof: (n: number) => `export const t = ${"typeof ".repeat(n)}a;`,
      template: (n: number) => `export const s = ${"`${".repeat(n)}1${"}`".repeat(n)};`,
    };
    for (const [name, gen] of Object.entries(forms)) {
      expect(scanNesting(gen(500)).exceededAt, name).toBeDefined();
      expect(scanNesting(gen(50)).exceededAt, name).toBeUndefined();
    }
  });

  it("does not count what only looks nested: strings, comments, regular expressions, optional markers", () => {
    const deep = "(".repeat(300);
    const src = [
      `const s = "${deep}";`,
      `// ${deep}`,
      `/* ${deep} */`,
      `const r = /[${deep}]/;`,
      `const t = \`${deep}\`;`,
      `interface I { ${Array.from({ length: 300 }, (_, i) => `m${i}?: number`).join("; ")} }`,
      `function f(${Array.from({ length: 300 }, (_, i) => `p${i}?: number`).join(", ")}): void {}`,
    ].join("\n");
    expect(scanNesting(src).exceededAt).toBeUndefined();
    expect(scanNesting(src).depth).toBeLessThan(10);
  });

  it("resets at statement boundaries, with or without semicolons", () => {
    const many = (stmt: (i: number) => string, sep: string): string =>
      `function f(): void {\n${Array.from({ length: 300 }, (_, i) => stmt(i)).join(sep)}\n}`;
    const cases = [
      many((i) => `  const a${i} = () => ${i}`, "\n"),
      many((i) => `  x = y ? ${i} : 0`, "\n"),
      many((i) => `  if (x === ${i}) { y = ${i} }`, "\n"),
      many((i) => `  if (x === ${i}) { y = ${i} }`, " "),
      many((i) => `  if (x === ${i}) y = ${i}`, "\n"),
      many((i) => `  while (x < ${i}) x++`, "\n"),
      `interface I {\n${Array.from({ length: 300 }, (_, i) => `  m${i}: (a: number) => void`).join("\n")}\n}`,
      `class C {\n${Array.from({ length: 300 }, (_, i) => `  f${i} = () => ${i}`).join("\n")}\n}`,
    ];
    for (const src of cases) expect(scanNesting(src).exceededAt, src.slice(0, 60)).toBeUndefined();
  });

  it("never estimates deeper than the real tree on this repository's own sources", () => {
    const root = path.resolve(__dirname, "../..");
    const files = [
      "extensions/check/nesting.ts",
      "extensions/verifier/rules/no-top-level-side-effects.ts",
      "examples/pagers/loop-aware.ts",
      "cli/commands/load.ts",
      "test/extensions/rules.test.ts",
    ];
    for (const f of files) {
      const text = fs.readFileSync(path.join(root, f), "utf8");
      const sf = ts.createSourceFile(f, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      let depth = 0;
      const stack: [ts.Node, number][] = [[sf, 1]];
      while (stack.length > 0) {
        const [n, d] = stack.pop()!;
        depth = Math.max(depth, d);
        ts.forEachChild(n, (c) => void stack.push([c, d + 1]));
      }
      expect(scanNesting(text).depth, f).toBeLessThanOrEqual(depth);
    }
  });
});

describe("scanNesting on any input", () => {
  const pieces = [
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "`",
    "${",
    "}`",
    "/",
    "/x/",
    "?",
    ":",
    "=>",
    "=",
    "!",
    "-",
    "+",
    "++",
    "if",
    "else",
    "new",
    "a",
    "1",
    '"s"',
    "'",
    ";",
    ",",
    "\n",
    " ",
    "//",
    "/*",
    "*/",
    "\\",
    "</",
    "<",
  ];
  it("terminates without throwing and gives a finite depth, whatever the tokens", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 400 }), (parts) => {
        const scan = scanNesting(parts.join(""));
        expect(scan.depth).toBeGreaterThanOrEqual(2);
        expect(Number.isFinite(scan.depth)).toBe(true);
        expect(scan.at).toBeGreaterThanOrEqual(0);
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});

describe("treeNestingDiagnostic (after parsing, before anything recurses)", () => {
  it("catches long left-nested chains the scan does not count", () => {
    const src = `${head}export function f(a: number): number { return a${" + a".repeat(150)}; }${tail}`;
    expect(nestingDiagnostic("x.ts", src)).toBeUndefined();
    const sf = ts.createSourceFile("x.ts", src, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const d = treeNestingDiagnostic(sf, "x.ts");
    expect(d).toMatchObject({ line: 2, code: NESTING_CODE });
    expect(d?.message).toMatch(/syntax tree more than 100 levels/);
    // The first node past the limit is the innermost `a` of the chain's left spine.
    expect(d?.column).toBe(columnOf(src, "return a", 0) + "return ".length);
  });
});

describe("every path refuses cleanly", () => {
  const sizes = [1_500, 20_000];

  for (const n of sizes) {
    it(`${n} parentheses: the type check and the whole check in-process`, () => {
      const src = parens(n);
      const expected = { line: 2, column: columnOf(src, "(", 97), code: NESTING_CODE };
      expect(typeCheckExtension("x.ts", src, opts)).toEqual([expect.objectContaining(expected)]);
      const report = checkExtension("x.ts", src, opts);
      expect(report.diagnostics).toEqual([expect.objectContaining(expected)]);
      expect(report.statsLine).toBe(`processed 0 nodes, ${allRules.length} rules, 1 diagnostics`);
      expect(() => loadCheckedExtension("x.ts", src, opts)).toThrow(ExtensionRejected);
      expect(() => sfiMode.prepare("x.ts", src, { apiDeclarationFile: API })).toThrow(ExtensionRejected);
    });
  }

  it("20,000 parentheses: the type-check worker gives the same diagnostic", async () => {
    const src = parens(20_000);
    const ds = await typeCheckWithTimeout("x.ts", src, opts, 60_000);
    expect(ds).toEqual([expect.objectContaining({ line: 2, column: columnOf(src, "(", 97), code: NESTING_CODE })]);
  });

  it("a stack overflow in the transpiler is a refusal, not a RangeError", () => {
    // transpileExtension runs only after the checks have bounded the nesting; called alone on a
    // bomb, it overflows and still refuses.
    let thrown: unknown;
    try {
      transpileExtension("x.ts", parens(200_000));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ExtensionRejected);
    const d = (thrown as ExtensionRejected).diagnostics[0];
    expect(d).toMatchObject({ code: NESTING_CODE, line: 2 });
    expect(d?.message).toMatch(/^the transpiler ran out of stack/);
  });

  it("isStackOverflow recognises the engine's overflow and nothing else", () => {
    const recurse = (n: number): number => recurse(n + 1) + 1;
    let overflow: unknown;
    try {
      recurse(0);
    } catch (e) {
      overflow = e;
    }
    expect(isStackOverflow(overflow)).toBe(true);
    expect(isStackOverflow(new RangeError("Invalid array length"))).toBe(false);
    expect(isStackOverflow(new Error("Maximum call stack size exceeded"))).toBe(false);
  });

  it("spin check: exit 3 with file:line:col, and a code frame of bounded width", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-nesting-"));
    try {
      const file = path.join(dir, "deep.ts");
      fs.writeFileSync(file, parens(20_000));
      for (const mode of MODE_NAMES) {
        const r = await spin("check", file, "--mode", mode);
        expect(r.code, r.stdout + r.stderr).toBe(3);
        expect(r.stdout).toContain(
          `${file}:2:${columnOf(parens(20_000), "(", 97)} max-nesting: nested more than ${MAX_NESTING_DEPTH} levels deep`,
        );
        expect(r.stderr).not.toMatch(/internal error|RangeError/);
        // The 40,000-character line is shown as a window (extensions/diagnostics.ts codeFrame).
        for (const line of r.stdout.split("\n")) expect(line.length).toBeLessThan(600);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
