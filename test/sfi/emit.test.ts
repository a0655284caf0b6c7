/** What `spin check --mode sfi --emit` prints for a small extension. */
import { describe, expect, it } from "vitest";
import { buildProgram } from "../../cli/main.js";
import { rewriteExtension } from "../../extensions/sfi/rewrite.js";

const SMALL = `import { defineExtension } from "spin-kernel/extension";
import { heap } from "spin-kernel/sfi";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      let best = args.resident[0];
      for (let i = 1; i < args.resident.length; i++) {
        const p = args.resident[i];
        if (p !== undefined && best !== undefined && p.lastAccess < best.lastAccess) best = p;
      }
      heap[args.vpn] = (heap[args.vpn] ?? 0) + 1;
      if (best === undefined) throw new Error("empty");
      return { victim: best.frame };
    },
  },
});
`;

describe("--emit", () => {
  it("snapshot of the rewritten module (mask variant, all passes)", () => {
    expect(rewriteExtension("small.ts", SMALL).body).toMatchSnapshot();
  });
  it("snapshot of the check variant", () => {
    expect(rewriteExtension("small.ts", SMALL, { heapMode: "check" }).body).toMatchSnapshot();
  });
  it("spin check --mode sfi --emit prints it with a header", async () => {
    const out: string[] = [];
    await buildProgram((t) => out.push(t)).parseAsync([
      "node",
      "spin",
      "check",
      "--mode",
      "sfi",
      "--emit",
      "examples/pagers/fifo.ts",
    ]);
    const text = out.join("\n");
    expect(text).toMatch(/^\/\/ examples\/pagers\/fifo\.ts rewritten by SFI mode/);
    expect(text).toContain("return __sfi_ret({ victim }, 1);");
  });
});
