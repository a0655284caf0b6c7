import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SFI_RULES } from "../../extensions/sfi/rules.js";
import { rules } from "../../extensions/verifier/rules/index.js";

/** The rows of docs/SFI.md's rule table: rule ids (in backquotes or bare) → the treatment column. */
function docRows(): Map<string, string> {
  const doc = readFileSync(new URL("../../docs/SFI.md", import.meta.url), "utf8");
  const rows = new Map<string, string>();
  for (const line of doc.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 4 || !/^no-|^max-/.test(cells[1] ?? "")) continue;
    for (const id of (cells[1] ?? "").matchAll(/\b(?:no|max)-[a-z-]+[a-z]/g)) rows.set(id[0], cells[2] ?? "");
  }
  return rows;
}

describe("SFI mode's treatment of each verifier rule", () => {
  it("every verifier rule is classified explicitly (none falls to 'unknown means refuse' unnoticed)", () => {
    const unclassified = Object.keys(rules).filter((id) => !(id in SFI_RULES));
    expect(unclassified).toEqual([]);
  });

  it("docs/SFI.md's table names every rule with the treatment the code gives it", () => {
    const rows = docRows();
    for (const [id, t] of Object.entries(SFI_RULES)) {
      const cell = rows.get(id);
      expect(cell, `${id} is missing from docs/SFI.md's table`).toBeDefined();
      const said = /runtime/.test(cell ?? "") ? "runtime" : /type trust/.test(cell ?? "") ? "type-trust" : "kept";
      expect(`${id}: ${said}`).toBe(`${id}: ${t.kind}`);
    }
  });
});
