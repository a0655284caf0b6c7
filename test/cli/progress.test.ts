/**
 * Issue 9 at the command line: the scenario that livelocked the kernel finishes, values the
 * simulated clock cannot count are refused with exit 2 (bad input: the scenario reader names the
 * field first, the kernel's own check is the last line), and a text table of many applications
 * is capped (quadratic in cli-table3) while --json keeps every row.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MAX_TABLE_ROWS, table } from "../../render/table.js";
import { classify } from "../../cli/user-error.js";
import { MachineConfigError, SimulationLimitError } from "../../kernel/config.js";
import { spin } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "spin-progress-"));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};
const twoThreadsOneFrame = (quantumNs: number) =>
  `{"frames":1,"quantumNs":${quantumNs},"apps":[{"threads":[{"workload":{"type":"sequence","pages":[0]}},{"workload":{"type":"sequence","pages":[1]}}]}]}`;

describe("spin run always finishes", () => {
  it.each([1000, 2999, 3000, 3001])(
    "two threads, one frame, quantumNs %i: both references done, check ok",
    async (q) => {
      const r = await spin("run", file(`livelock-${q}.json`, twoThreadsOneFrame(q)), "--check", "--json");
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.totals.references).toBe(2);
      expect(report.check.ok).toBe(true);
    },
  );

  it.each([
    [
      "quantumNs 1e-300",
      `{"quantumNs":1e-300,"apps":[{"threads":[{"workload":{"type":"sequence","pages":[0]}}]}]}`,
      /:1:14: quantumNs: /,
    ],
    [
      "accessNs 1e308",
      `{"costs":{"accessNs":1e308},"apps":[{"threads":[{"workload":{"type":"sequence","pages":[0]}}]}]}`,
      /:1:22: costs\.accessNs: /,
    ],
    [
      "1,000 bursts of 1e15 ns",
      `{"apps":[{"threads":[{"workload":{"type":"mix","bursts":1000,"computeNs":1e15,"refsPerBurst":1}}]}]}`,
      /computeNs: /,
    ],
  ])("%s: exit 2 with where and what", async (name, text, message) => {
    const r = await spin("run", file(`${name.replace(/\W+/g, "-")}.json`, text));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("the kernel's own limits and its clock's range are bad input too (exit 2), whatever built the configuration", () => {
    const config = new MachineConfigError([
      { path: "quantumNs", message: "expected a number of ns in [1, 1000000000000000], got 1e-300" },
    ]);
    expect(classify(config)).toEqual({
      code: 2,
      message: `the machine configuration is outside the kernel's limits: quantumNs: expected a number of ns in [1, 1000000000000000], got 1e-300`,
    });
    expect(classify(new SimulationLimitError("the simulated clock passed 2^53 ns"))).toEqual({
      code: 2,
      message: "the simulated clock passed 2^53 ns",
    });
  });
});

describe("text tables of many rows", () => {
  it(`show the first ${MAX_TABLE_ROWS} rows and count the rest`, () => {
    const rows = Array.from({ length: MAX_TABLE_ROWS + 5 }, (_, i) => [`app${i}`, i]);
    const lines = table(["app", "refs"], rows).split("\n");
    expect(lines).toHaveLength(MAX_TABLE_ROWS + 4);
    expect(lines[MAX_TABLE_ROWS + 1]).toBe(`│ app${MAX_TABLE_ROWS - 1} │  ${MAX_TABLE_ROWS - 1} │`);
    expect(lines.at(-1)).toBe(`… 5 more rows not shown (the first ${MAX_TABLE_ROWS} are; --json has them all)`);
    expect(table(["app", "refs"], rows.slice(0, MAX_TABLE_ROWS))).not.toContain("more rows");
  });
});
