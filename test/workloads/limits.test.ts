/** docs/WORKLOADS.md's Limits table and workloads/limits.ts say the same thing, row for row. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as limits from "../../workloads/limits.js";
import { bytesText } from "../../workloads/limits.js";

const doc = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../docs/WORKLOADS.md"), "utf8");

function tableRows(): { constant: string; value: string }[] {
  const section = doc.slice(doc.indexOf("## Limits"), doc.indexOf("\n## ", doc.indexOf("## Limits") + 1));
  return [...section.matchAll(/^\| [^|]+ \| ([^|]+) \| `([A-Z_]+)` \|/gm)].map((m) => ({
    value: m[1]!.trim(),
    constant: m[2]!,
  }));
}

const shown = (name: string, value: number) =>
  name.endsWith("_BYTES") ? bytesText(value) : value.toLocaleString("en-US");

describe("the Limits table in docs/WORKLOADS.md", () => {
  const rows = tableRows();
  const constants = Object.entries(limits).filter(
    ([name, value]) => /^(MAX|MIN)_/.test(name) && typeof value === "number",
  );

  it("lists every limit constant exactly once", () => {
    expect(rows.map((r) => r.constant).sort()).toEqual(constants.map(([name]) => name).sort());
  });

  it.each(rows)("$constant = $value", ({ constant, value }) => {
    expect(shown(constant, (limits as Record<string, unknown>)[constant] as number)).toBe(value);
  });
});
