/** docs/PLACEMENTS.md states each placement's facts as mode-names.ts has them (npm run gen writes them). */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { generatePlacementsBlock, withPlacementsBlock } from "../../extensions/loader/placements-doc.js";
import { MODE_NAMES, PLACEMENTS } from "../../extensions/loader/modes.js";

const doc = fs.readFileSync(path.join(packageRoot(), "docs", "PLACEMENTS.md"), "utf8");

describe("docs/PLACEMENTS.md", () => {
  it("holds the facts generated from mode-names.ts, unchanged (run npm run gen after changing them)", () => {
    expect(doc).toContain(generatePlacementsBlock());
    expect(withPlacementsBlock(doc)).toBe(doc);
  });

  it("describes every placement the registry offers, and names each one's kernel-down rows", () => {
    for (const m of MODE_NAMES) expect(doc).toContain(`### \`${m}\``);
    for (const m of MODE_NAMES.filter((x) => PLACEMENTS[x].engine === "compartment"))
      expect(doc).toMatch(/kernel down: heap/);
  });
});
