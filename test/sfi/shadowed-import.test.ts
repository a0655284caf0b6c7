/**
 * A name imported from the API is never declared again in SFI mode (red team 13,
 * sfi-kernel-rename-shadow): the rewriter resolves `kernel`, `log`, `defineExtension` and `heap`
 * by name, not by scope, so one unrelated parameter named `kernel` used to leave every
 * `kernel.log(…)` of the file on the unchecked kernel. Refused at the declaration instead.
 */
import { describe, expect, it } from "vitest";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { rewriteExtension } from "../../extensions/sfi/rewrite.js";
import { lineOf, load, reclaimArgs } from "./helpers.js";

/** A Reclaim pager that logs an object as a string, with `before` at the top. */
const pager = (before: string, imports = "defineExtension, kernel", logCall = "kernel.log"): string =>
  `import { ${imports} } from "spin-kernel/extension";
${before}
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const bad: unknown = { toString: () => "x" };
      ${logCall}(bad as string);
      return { victim: args.resident[0]!.frame };
    },
  },
});
`;

function refusal(source: string): { code: string; line: number; column: number; message: string }[] {
  try {
    rewriteExtension("shadow.ts", source);
  } catch (error) {
    if (!(error instanceof ExtensionRejected)) throw error;
    return error.diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column, message: d.message }));
  }
  return [];
}

describe("an API import is never shadowed (red team 13, sfi-kernel-rename-shadow)", () => {
  it("without a shadow, the checked kernel traps on an object logged as a string", async () => {
    const x = await load("plain.ts", pager("function unused(n: number): number { return n; }"));
    const r = x.call("PhysAddr.Reclaim", reclaimArgs([4, 9]));
    x.vm.dispose();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.fault.message).toMatch(/^sfi: kernel\.log: argument 0 is object, not a string/);
  });

  const shadows: readonly { name: string; before: string; imports?: string; logCall?: string; column: number }[] = [
    {
      name: "a parameter of an unrelated function",
      before: "function unused(kernel: number): number { return kernel; }",
      column: 17,
    },
    { name: "a local const", before: "function f(): number { const kernel = 1; return kernel; }", column: 30 },
    { name: "a destructured name", before: "const { kernel } = { kernel: 1 };", column: 9 },
    { name: "a catch variable", before: "try { void 0; } catch (kernel) { void kernel; }", column: 24 },
    { name: "a function's own name", before: "const g = function kernel(): void {};", column: 20 },
    {
      name: "a renamed import's local name",
      before: "const k = (k: number): number => k;",
      imports: "defineExtension, kernel as k",
      logCall: "k.log",
      column: 7,
    },
    {
      name: "log",
      before: "function unused(log: number): number { return log; }",
      imports: "defineExtension, log",
      logCall: "log",
      column: 17,
    },
  ];
  for (const s of shadows) {
    it(`refused at the declaration: ${s.name}`, () => {
      const source = pager(s.before, s.imports, s.logCall);
      const problems = refusal(source);
      expect(problems.map((p) => p.code)).toContain("sfi/shadowed-import");
      const first = problems.find((p) => p.code === "sfi/shadowed-import");
      expect(first).toMatchObject({ line: lineOf(source, s.before), column: s.column });
      expect(first?.message).toMatch(/declared again here; .*give this declaration another name/);
    });
  }

  it("a handler's own `kernel` parameter, with no import of that name, is not a shadow", () => {
    const source = pager("", "defineExtension").replace("(args) =>", "(args, kernel) =>");
    expect(refusal(source)).toEqual([]);
  });
});
