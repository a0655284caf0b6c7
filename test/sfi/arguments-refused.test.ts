/**
 * Red team 18's arguments-iterator-spread: in QuickJS every arguments object's Symbol.iterator is
 * the context's own Array.prototype.values (ctx->array_proto_values), not the prelude's charged
 * wrapper, and an array given it as its own Symbol.iterator spreads in C with no tick. `arguments`
 * is refused in SFI mode too (no-arguments is a kept rule); a rest parameter is the way.
 */
import { describe, expect, it } from "vitest";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { prepareSfi } from "../../extensions/sfi/prepare.js";
import { ruleTreatment } from "../../extensions/sfi/rules.js";
import { API, load } from "./helpers.js";

const extension = (body: string): string => `import { defineExtension } from "spin-kernel/extension";
${body}
export default defineExtension({ handlers: { "PhysAddr.Reclaim": (args) => ({ victim: args.resident[values(1, 2).length % 2]!.frame }) } });
`;

describe("`arguments` in SFI mode (red team 18)", () => {
  it("is refused at load, wherever it is read", () => {
    for (const body of [
      "function values(..._: number[]): number[] { return [...arguments]; }",
      "function values(..._: number[]): number[] { const it = arguments[Symbol.iterator]; const a = [1, 2]; (a as any)[Symbol.iterator] = it; return a; }",
      "function values(..._: number[]): number[] { const { length } = arguments; return [length]; }",
    ]) {
      let err: unknown;
      try {
        prepareSfi("plain.ts", extension(body), API);
      } catch (e) {
        err = e;
      }
      expect(err, body).toBeInstanceOf(ExtensionRejected);
      expect(
        (err as ExtensionRejected).diagnostics.map((d) => d.code),
        body,
      ).toContain("no-arguments");
    }
    expect(ruleTreatment("no-arguments").kind).toBe("kept");
  });

  it("a rest parameter does what it did", async () => {
    const src = extension("function values(...xs: number[]): number[] { return [...xs]; }");
    expect(prepareSfi("plain.ts", src, API).warnings.map((d) => d.code)).not.toContain("no-arguments (warning)");
    const loaded = await load("plain.ts", src);
    const r = loaded.call("PhysAddr.Reclaim", { space: 0, vpn: 0, resident: [{ frame: 4 }, { frame: 5 }] });
    expect(r).toEqual({ ok: true, value: { victim: 4 } });
    loaded.vm.dispose();
  });
});
