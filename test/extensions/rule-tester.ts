/** A RuleTester in the typescript-eslint style: valid snippets must give no report, invalid ones exactly the listed errors. */
import { describe, expect, it } from "vitest";
import { createExtensionProgram } from "../../extensions/check/index.js";
import { type Rule, verify } from "../../extensions/verifier/index.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";

/** The generated extension API (extensions/api/extension.d.ts), as spin check uses it. */
export const API = apiDeclarationFile();

export interface InvalidCase<M extends string> {
  readonly code: string;
  readonly errors: readonly { readonly messageId: M; readonly line: number; readonly column: number }[];
}

export interface RuleTests<M extends string> {
  readonly valid: readonly string[];
  readonly invalid: readonly InvalidCase<M>[];
}

export function runRule(rule: Rule<string>, code: string) {
  const ep = createExtensionProgram("case.ts", code, { apiDeclarationFile: API });
  return verify(ep.program, ep.sourceFile, { rules: [rule], displayFile: "case.ts" });
}

/** Map a formatted message back to its messageId by matching the template's fixed text. */
function messageIdOf(rule: Rule<string>, message: string): string | undefined {
  for (const [id, template] of Object.entries(rule.messages)) {
    const pattern = template
      .split(/\{\{\s*\w+\s*\}\}/)
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("[\\s\\S]*");
    if (new RegExp(`^${pattern}$`).test(message)) return id;
  }
  return undefined;
}

export function ruleTester<M extends string>(rule: Rule<M>, tests: RuleTests<NoInfer<M>>): void {
  describe(rule.id, () => {
    tests.valid.forEach((code, i) => {
      it(`valid #${i}: ${code.split("\n")[0]!.slice(0, 60)}`, () => {
        const ds = runRule(rule, code);
        expect(ds.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
      });
    });
    tests.invalid.forEach((c, i) => {
      it(`invalid #${i}: ${c.code.split("\n")[0]!.slice(0, 60)}`, () => {
        const ds = runRule(rule, c.code);
        for (const d of ds) expect(d.code).toBe(rule.id);
        expect(ds.map((d) => ({ messageId: messageIdOf(rule, d.message), line: d.line, column: d.column }))).toEqual(
          c.errors.map((e) => ({ messageId: e.messageId, line: e.line, column: e.column })),
        );
      });
    });
  });
}
