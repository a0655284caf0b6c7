import { describe, expect, it } from "vitest";
import { transpileExtension } from "../../extensions/transpile.js";

const src = `import { defineExtension, kernel, type Frame } from "spin-kernel/extension";

interface Counter {
  readonly hits: number;
}

function bump(c: Counter, frame: Frame): Counter {
  const next: Counter = { hits: c.hits + 1 };
  kernel.log("frame " + String(frame));
  return next;
}

export default defineExtension({
  name: "counter",
  handlers: {
    "Strand.Block": (args): void => {
      kernel.log("block " + args.reason);
    },
  },
});
export { bump };
`;

describe("transpileExtension", () => {
  const out = transpileExtension("ext/counter.ts", src);
  const jsLines = out.js.split("\n");

  it("emits an ES module that keeps the API import and drops types", () => {
    expect(out.js).toContain('import { defineExtension, kernel } from "spin-kernel/extension";');
    expect(out.js).toContain("export default defineExtension(");
    expect(out.js).not.toContain("interface");
    expect(out.js).not.toContain("sourceMappingURL");
    expect(out.diagnostics).toEqual([]);
  });

  it("returns a v3 source map of the TypeScript", () => {
    expect(out.map.version).toBe(3);
    expect(out.map.sources).toEqual(["counter.ts"]);
    expect(out.map.sourcesContent).toEqual([src]);
  });

  it("maps JS positions back to the TypeScript line and column", () => {
    const tsLines = src.split("\n");
    for (const needle of ['log("frame "', 'log("block "', "return next", "hits: c.hits + 1"]) {
      const jsLine = jsLines.findIndex((l) => l.includes(needle));
      expect(jsLine, needle).toBeGreaterThanOrEqual(0);
      const jsCol = jsLines[jsLine]!.indexOf(needle);
      const pos = out.mapPosition(jsLine + 1, jsCol + 1);
      const tsLine = tsLines.findIndex((l) => l.includes(needle));
      expect(pos, needle).toEqual({ line: tsLine + 1, column: tsLines[tsLine]!.indexOf(needle) + 1 });
    }
  });

  it("returns undefined for positions outside the map", () => {
    expect(out.mapPosition(0, 1)).toBeUndefined();
    expect(out.mapPosition(10_000, 1)).toBeUndefined();
  });
});
