/**
 * The guest-side JavaScript as the sandbox embeds it (scripts/embed-guest.mjs) and as the SFI
 * runtime is made of it for one module (sandbox/sfi-runtime.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PRELUDE_JS, SFI_RUNTIME_JS } from "../../sandbox/guest.generated.js";
import { PRELUDE_SOURCE } from "../../sandbox/prelude.js";
import { runtimeSource, SITE_LINE_BASE, type RuntimeConfig } from "../../sandbox/sfi-runtime.js";
// @ts-expect-error the build script is plain JavaScript with no declarations
import { guestText } from "../../scripts/embed-guest.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const source = (file: string): string => fs.readFileSync(path.join(ROOT, "sandbox/guest", file), "utf8");
const embed = guestText as (file: string, text: string) => string;

describe("embedding the guest files", () => {
  it("the prelude is its file from the first line of code on, less the type checker's and linter's directive lines", () => {
    const file = source("prelude.js");
    const lines = file.split("\n");
    const first = lines.findIndex((l) => l.startsWith("(function (boot) {"));
    const expected = lines
      .slice(first)
      .filter((l) => !/^\s*\/\/ (@ts-expect-error|biome-ignore) /.test(l))
      .join("\n")
      .replace(/\n$/, "");
    expect(first).toBeGreaterThan(0);
    expect(PRELUDE_JS).toBe(expected);
    expect(PRELUDE_SOURCE).toBe(PRELUDE_JS);
    expect(SFI_RUNTIME_JS).toBe(embed("sfi-runtime.js", source("sfi-runtime.js")));
  });

  it("refuses a file whose strings could span lines (it is embedded line by line)", () => {
    expect(() => embed("x.js", "const a = `one\n// @ts-expect-error two`;\n")).toThrow(
      /x\.js:1: a string that may span lines/,
    );
    expect(() => embed("x.js", 'const a = "one\\\ntwo";\n')).toThrow(/x\.js:1:/);
    // A backtick in a line that is only a comment is a word; anywhere else it is refused, even in a comment after code.
    expect(embed("x.js", "// see `x`\nconst a = 1;\n")).toBe("const a = 1;");
    expect(() => embed("x.js", "const a = 1; // `b`\n")).toThrow(/x\.js:1:/);
  });
});

const CONFIG: RuntimeConfig = {
  fuel: 990_000,
  heapSize: 65_536,
  capability: true,
  control: true,
  sites: ["pager.ts:3:7", "pager.ts:9:1"],
  jsFile: "pager.js",
};
const SETTINGS = [
  { capability: true, control: true },
  { capability: true, control: false },
  { capability: false, control: true },
  { capability: false, control: false },
];

describe("the SFI runtime of one module", () => {
  it.each(SETTINGS)(
    "capability %s, control %s: no directive, comment, blank line or placeholder is left, and the module's values are in",
    (switches) => {
      const text = runtimeSource({ ...CONFIG, ...switches });
      const lines = text.split("\n");
      expect(lines.pop()).toBe("");
      expect(lines.filter((l) => l.trim() === "" || l.trim().startsWith("//"))).toEqual([]);
      expect(text).not.toMatch(/__SFI_[A-Z_]+__/);
      expect(text).toContain(`const __sfi_sites = ["pager.ts:3:7","pager.ts:9:1"];`);
      expect(text).toContain(`const __sfi_FUEL = 990000, __sfi_HEAP = 65536;`);
      expect(text).toContain(`" + "pager.js" + ":" + (site >= 0 ? ${SITE_LINE_BASE} + site : 1)`);
      expect(text).toContain(`__sfi_cur = __sfi_snap(ev, args, ${switches.capability}, given);`);
      expect(text).toContain(`try { return fn(args, ${switches.capability ? "__sfi_kernel" : "__sfi_api.kernel"}); }`);
      expect(text.includes("return __sfi_check(t, v, t.site);")).toBe(switches.capability);
      expect(text.includes("visit(globalThis, 3);")).toBe(switches.control);
    },
  );

  it("a pass switched off leaves out exactly its lines (209 with both, 27 for control, 1 for capability)", () => {
    const count = (switches: (typeof SETTINGS)[number]) =>
      runtimeSource({ ...CONFIG, ...switches }).split("\n").length - 1;
    expect(SETTINGS.map(count)).toEqual([209, 182, 208, 181]);
  });

  it("puts each value in once: a file or site named like a placeholder stays as it is", () => {
    const text = runtimeSource({ ...CONFIG, sites: ["__SFI_FUEL__.ts:1:1"], jsFile: "__SFI_HEAP__.js" });
    expect(text).toContain(`const __sfi_sites = ["__SFI_FUEL__.ts:1:1"];`);
    expect(text).toContain(`"__SFI_HEAP__.js"`);
    expect(text).toContain(`const __sfi_FUEL = 990000, __sfi_HEAP = 65536;`);
  });
});
