import { describe, expect, it } from "vitest";
import {
  cacheStats,
  cachedLibSourceFile,
  createExtensionProgram,
  typeCheckExtension,
} from "../../extensions/check/index.js";
import { formatDiagnostics } from "../../extensions/diagnostics.js";

import { API } from "./rule-tester.js";

const opts = { apiDeclarationFile: API };

const good = `import { defineExtension, kernel, type Frame } from "spin-kernel/extension";

function describeFrame(frame: Frame, vpn: number): string {
  return "frame " + String(frame) + " for page " + vpn.toString(16);
}

export default defineExtension({
  name: "pager",
  handlers: {
    "PhysAddr.Reclaim": ({ resident, vpn }) => {
      for (const page of resident) kernel.log(describeFrame(page.frame, vpn));
      return { victim: resident[0]?.frame ?? (0 as Frame) };
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
    const src = good.replace("kernel.log(describeFrame(page.frame, vpn));", "kernel.log(vpn);");
    const ds = typeCheckExtension("ext/pager.ts", src, opts);
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d).toMatchObject({ file: "ext/pager.ts", line: 11, column: 47, source: "typescript", code: "TS2345" });
    expect(d.message).toMatch(/number.*string/);
    expect(d.frame).toBe(
      "11 |       for (const page of resident) kernel.log(vpn);\n   |                                               ^^^",
    );
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
