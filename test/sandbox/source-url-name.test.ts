/**
 * The V8 placements evaluate a module under a sourceURL made from the author's file name. The
 * trailer that carries it is code: a U+2028 in the name ended its comment and the rest of the
 * name ran in place of the checked module (red team 14, filename-sourceurl-smuggle, critical).
 * In a server (a worker's hardened realm), so that this test's own realm is not locked down.
 */
import { describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import { sourceUrlName } from "../../sandbox/native/native-vm.js";

const SOURCE = [
  'import { defineExtension, kernel } from "spin-kernel/extension";',
  "export default defineExtension({ handlers: {",
  '  "Translation.PageNotPresent": () => {',
  '    kernel.log("the checked module");',
  "    return {};",
  "  },",
  "} });",
].join("\n");

describe("a file name in the V8 placements' sourceURL", () => {
  it("keeps letters, digits, '.', '_' and '-' only", () => {
    expect(sourceUrlName("fifo.js")).toBe("fifo.js");
    expect(sourceUrlName("a\u2028&&evil()\u2028.js")).toBe("a___evil___.js");
    expect(sourceUrlName("a<!--b-->.js")).toBe("a__--b--_.js");
    expect(sourceUrlName("")).toBe("extension.js");
    expect(sourceUrlName("x".repeat(500))).toHaveLength(200);
  });

  it("cannot end the comment and run code: the checked module runs, its log placed at its line", async () => {
    const name = "p\u2028&&{js:function(){throw new Error('smuggled')}}.js\u2028.js";
    const created = await createExtensionVM("server", { source: rewriteWithFuel("p.ts", SOURCE).js, filename: name });
    if (!created.ok) throw new Error(created.error.message);
    const vm = created.value;
    try {
      const r = vm.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn: 3 } }]);
      expect(r.ok ? r.value.results[0] : r.error).toMatchObject({ ok: true });
      expect(vm.logs.at(-1)).toMatchObject({ text: "the checked module" });
      // Placed: its frames are read under the name the module was evaluated with.
      expect(vm.logs.at(-1)!.frames?.length).toBeGreaterThan(0);
    } finally {
      vm.dispose();
    }
  });
});
