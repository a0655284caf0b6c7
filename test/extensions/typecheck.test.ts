import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  cacheStats,
  cachedLibSourceFile,
  createExtensionProgram,
  typeCheckExtension,
} from "../../extensions/check/index.js";
import { formatDiagnostics } from "../../extensions/diagnostics.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const api = path.join(here, "fixtures", "api.d.ts");
const opts = { apiDeclarationFile: api };

const good = `import { defineExtension, log, type Page } from "spin-kernel/extension";

function describePage(_page: Page, address: number): string {
  return "fault at " + address.toString(16);
}

export default defineExtension({
  name: "pager",
  handlers: {
    onPageFault(page, address) {
      log(describePage(page, address));
      return address % 2 === 0 ? "handled" : "pass";
    },
  },
});
`;

describe("typeCheckExtension", () => {
  it("accepts a correct extension", () => {
    const ds = typeCheckExtension("ext/pager.ts", good, opts);
    expect(formatDiagnostics(ds)).toBe("");
  });

  it("reports a type error with file:line:col and the TS code", () => {
    const src = good.replace("log(describePage(page, address));", "log(address);");
    const ds = typeCheckExtension("ext/pager.ts", src, opts);
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d).toMatchObject({ file: "ext/pager.ts", line: 11, column: 11, source: "typescript", code: "TS2345" });
    expect(d.message).toMatch(/number.*string/);
    expect(d.frame).toBe("11 |       log(address);\n   |           ^^^^^^^");
  });

  it("rejects any import other than spin-kernel/extension", () => {
    const src = `import fs from "node:fs";\n${good}`;
    const ds = typeCheckExtension("ext/pager.ts", src, opts);
    expect(ds.map((d) => [d.code, d.line, d.column])).toEqual([["TS2307", 1, 16]]);
  });

  it("has no DOM or Node globals", () => {
    const src = `${good}\nexport const x = typeof document + typeof process + typeof require;\n`;
    const codes = typeCheckExtension("ext/pager.ts", src, opts).map((d) => d.code);
    expect(codes).toEqual(["TS2584", "TS2591", "TS2591"]);
  });

  it("cannot pull in DOM through a lib reference", () => {
    const src = `/// <reference lib="dom" />\n${good}\nexport const d = document;\n`;
    const ds = typeCheckExtension("ext/pager.ts", src, opts);
    expect(ds.map((d) => [d.code, d.line])).toEqual([
      ["TS6053", 1],
      ["TS2584", 18],
    ]);
  });

  it("is strict: implicit any and unchecked index access are errors", () => {
    const src = `${good}\nexport function f(x) { return x; }\nexport const g = (a: number[]): number => a[0];\n`;
    const codes = typeCheckExtension("ext/pager.ts", src, opts).map((d) => d.code);
    expect(codes).toEqual(["TS7006", "TS2322"]);
  });

  it("reuses cached lib and API SourceFiles across checks", () => {
    typeCheckExtension("a.ts", good, opts);
    const lib = cachedLibSourceFile("lib.es5.d.ts");
    expect(lib).toBeDefined();
    const hits = cacheStats.libHits;
    const apiHits = cacheStats.apiHits;
    const p = createExtensionProgram("b.ts", good, opts);
    expect(cacheStats.libHits).toBeGreaterThan(hits);
    expect(cacheStats.apiHits).toBeGreaterThan(apiHits);
    expect(p.program.getSourceFiles().find((f) => f.fileName.endsWith("lib.es5.d.ts"))).toBe(lib);
  });
});
