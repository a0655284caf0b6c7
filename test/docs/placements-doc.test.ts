/** docs/PLACEMENTS.md states each placement's facts as mode-names.ts has them (npm run gen writes them). */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { generatePlacementsBlock, withPlacementsBlock } from "../../extensions/loader/placements-doc.js";
import { MODE_NAMES, PLACEMENTS } from "../../extensions/loader/modes.js";
import { loadCatalogue } from "../../extensions/exercise/index.js";

const doc = fs.readFileSync(path.join(packageRoot(), "docs", "PLACEMENTS.md"), "utf8");

describe("docs/PLACEMENTS.md", () => {
  it("holds the facts generated from mode-names.ts, unchanged (run npm run gen after changing them)", () => {
    expect(doc).toContain(generatePlacementsBlock());
    expect(withPlacementsBlock(doc)).toBe(doc);
  });

  it("describes every placement the registry offers, and names every exercise row allowed to take the kernel down", () => {
    for (const m of MODE_NAMES) expect(doc).toContain(`### \`${m}\``);
    const kernelDown = loadCatalogue().flatMap((ex) =>
      MODE_NAMES.filter((m) => /kernel down/.test(ex.expected[m])).map((m) => ({ ex: ex.name, m })),
    );
    expect(kernelDown.length).toBeGreaterThan(0);
    for (const { ex, m } of kernelDown) {
      // Only where the placement trusts extensions with the kernel's memory.
      expect(PLACEMENTS[m].engine, `${ex} [${m}]`).toBe("compartment");
      expect(doc, ex).toMatch(new RegExp(`^\\| ${ex} \\|`, "m"));
    }
  });
});
