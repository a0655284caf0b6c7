/**
 * The fuel rewrite's literals for SES (extensions/sfi/ses-text.ts): escaped where the value stays
 * the same, refused at the literal's TypeScript position where it would not (a regex's `.source`,
 * a tagged template's raw text), and a regex V8 cannot compile refused there too (red team 13:
 * ses-import-text-refused, regex-syntax-v8-refused).
 */
import { describe, expect, it } from "vitest";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import { escapeForSes, sesRefusedAt } from "../../extensions/sfi/ses-text.js";

function refusal(source: string): { code: string; line: number; column: number; message: string } {
  try {
    rewriteWithFuel("lit.ts", source);
  } catch (e) {
    if (!(e instanceof ExtensionRejected)) throw e;
    const d = e.diagnostics[0]!;
    return { code: d.code, line: d.line, column: d.column, message: d.message };
  }
  throw new Error("not refused");
}

describe("escapeForSes on a long literal (red team 14, ses-escape-quadratic)", () => {
  it("escapes 40,000 matches in one pass, to the same value, leaving nothing SES refuses", () => {
    for (const body of ["-->".repeat(40_000), "import (".repeat(15_000), "a\\\\import (b<!---->".repeat(5_000)]) {
      const out = escapeForSes(body);
      expect(sesRefusedAt(out)).toBeUndefined();
      // The literal's value is unchanged: evaluated as a double-quoted string's body.
      expect(new Function(`return "${out}";`)()).toBe(body.replace(/\\\\/g, "\\"));
    }
  });
});

describe("escapeForSes", () => {
  it("breaks each pattern with a \\xHH escape of one character, the same cooked value", () => {
    expect(escapeForSes("see import (x)")).toBe("see \\x69mport (x)");
    expect(escapeForSes("a <!-- b --> c")).toBe("a \\x3c!-- b --\\x3e c");
    expect(escapeForSes("eval (1)")).toBe("\\x65val (1)");
    // An escaped character is replaced with its backslash; an escaped backslash is left alone.
    expect(escapeForSes("\\import (")).toBe("\\x69mport (");
    expect(escapeForSes("\\\\import (")).toBe("\\\\\\x69mport (");
    // Overlapping matches: each one broken.
    expect(escapeForSes("<!-->")).toBe("\\x3c!--\\x3e");
    for (const text of ["import(import (", "x-->-->", "<!--<!--", "import//", "import /*"]) {
      expect(sesRefusedAt(escapeForSes(text)), text).toBeUndefined();
    }
  });

  it("leaves text SES does not refuse as it is", () => {
    for (const text of ["important (", "x.import (", "reimport (", "-- >", "< !--", "evaluate (x)"]) {
      expect(escapeForSes(text)).toBe(text);
    }
  });
});

describe("the fuel rewrite's literals", () => {
  it("are escaped in the JavaScript, which then holds nothing SES refuses", () => {
    const { js } = rewriteWithFuel(
      "lit.ts",
      'export const a = ["see import (x)", `t <!-- ${1} -->`, { "eval (y)": 1 }];\nexport const plain = \'as written\';\n',
    );
    expect(sesRefusedAt(js)).toBeUndefined();
    expect(js).toContain('"see \\x69mport (x)"');
    expect(js).toContain("`t \\x3c!-- ${1} --\\x3e`");
    expect(js).toContain('"\\x65val (y)": 1');
    // A literal that holds none of it is printed as written.
    expect(js).toContain("'as written'");
  });

  it("make a regex literal SES would refuse with the frame's RegExp, from its text escaped in strings", () => {
    const { js } = rewriteWithFuel("lit.ts", "export const f = (s: string) =>\n  /a-->b/g.test(s);\n");
    expect(sesRefusedAt(js)).toBeUndefined();
    expect(js).toContain('new __sfi_RegExp("a--\\x3eb", "g").test(s)');
  });

  it("refuse a tagged template whose raw text SES would refuse, at the piece", () => {
    const r = refusal("export const t = String.raw`a ${1} import (b)`;\n");
    expect(r).toMatchObject({ code: "ses-refused-template", line: 1, column: 34 });
  });

  it("refuse what is left outside literals (a method named import) at its mapped place, not a line of the wrapped module", () => {
    const r = refusal("export const o = {\n  import() { return 1; },\n};\n");
    expect(r).toMatchObject({ code: "ses-refused-text", line: 2, column: 3 });
  });

  it("refuse a regex literal this V8 cannot compile, at the literal, with V8's reason", () => {
    // Node 20's V8 has neither modifier groups nor a group name in two alternatives; a newer one
    // may: then the literal is accepted, as the engine accepts it.
    const v8Compiles = (pattern: string): boolean => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    };
    const modifiers = "export const f = (s: string) => /(?i:ab)c/.test(s);\n";
    if (v8Compiles("(?i:ab)c")) expect(() => rewriteWithFuel("lit.ts", modifiers)).not.toThrow();
    else {
      const r = refusal(modifiers);
      expect(r).toMatchObject({ code: "v8-regexp-syntax", line: 1, column: 33 });
      expect(r.message).toContain("Invalid regular expression: /(?i:ab)c/");
    }
    const twice = "export const g = (s: string) =>\n  /(?<d>x)|(?<d>y)/.test(s);\n";
    if (v8Compiles("(?<d>x)|(?<d>y)")) expect(() => rewriteWithFuel("lit.ts", twice)).not.toThrow();
    else expect(refusal(twice)).toMatchObject({ code: "v8-regexp-syntax", line: 2, column: 3 });
    // Always refused: a group name used twice in one alternative.
    expect(refusal("export const h = /(?<d>x)(?<d>y)/;\n")).toMatchObject({
      code: "v8-regexp-syntax",
      line: 1,
      column: 18,
    });
    expect(() => rewriteWithFuel("ok.ts", "export const ok = /(?<d>x)|y/u;\n")).not.toThrow();
  });
});
