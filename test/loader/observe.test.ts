/**
 * What `spin load` shows of a run (issue 12, "Seeing what happened"): the extension's log lines
 * with time, event and place, escaped and bounded; a row for every application in both runs; the
 * extension's declared name and the built-in decision it replaced.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { compareRuns, executionModes, runBaseline, runWithExtensions } from "../../extensions/loader/index.js";
import { hasUnsafeCharacter } from "../../extensions/visible.js";
import { formatComparison, LOG_LINES_SHOWN } from "../../render/extension-report.js";
import { loadWorkload } from "../../workloads/index.js";
import { fixture } from "./helpers.js";

const LOG_LINE =
  fs
    .readFileSync(fixture("logger.ts"), "utf8")
    .split("\n")
    .findIndex((l) => l.includes("kernel.log(")) + 1;

describe("spin load's report of a two-application run with a logging pager on b", async () => {
  const config = loadWorkload(fixture("two.json"));
  const withExt = await runWithExtensions(config, [{ file: fixture("logger.ts"), app: "b" }], {
    limits: { maxLogEntries: 40 },
  });
  const baseline = runBaseline(config);
  const ext = withExt.extensions[0]!;
  const text = formatComparison(withExt, baseline);

  it("keeps the first lines with their simulated time, event and TypeScript line; counts the rest", () => {
    expect(ext.invocations).toBeGreaterThan(40);
    expect(ext.logs).toHaveLength(40);
    expect(ext.logDropped).toBe(ext.invocations - 40);
    for (const l of ext.logs) {
      expect(l.event).toBe("PhysAddr.Reclaim");
      expect(l.position).toMatch(new RegExp(`logger\\.ts:${LOG_LINE}:\\d+$`));
      expect(l.text).toMatch(/^victim \d+\nwith extensions: check: ok\u001b\[2K\u202e$/);
    }
    const times = ext.logs.map((l) => l.atNs);
    expect(times).toEqual([...times].sort((p, q) => p - q));
    expect(times[0]).toBeGreaterThan(0);
  });

  it("in SFI mode too, a line is placed at the extension's call, not in the runtime that checks it", async () => {
    const sfi = await runWithExtensions(config, [{ file: fixture("logger.ts"), app: "b" }], {
      mode: executionModes.sfi,
      limits: { maxLogEntries: 3 },
    });
    expect(sfi.extensions[0]!.logs.map((l) => l.position)).toEqual(ext.logs.slice(0, 3).map((l) => l.position));
  });

  it("prints the first LOG_LINES_SHOWN lines escaped, with time, event and place, then what it left out", () => {
    const logLines = text.split("\n").filter((l) => l.startsWith("    log t="));
    expect(logLines).toHaveLength(LOG_LINES_SHOWN);
    expect(logLines[0]).toMatch(
      new RegExp(
        `^ {4}log t=\\d+\\.\\d{3} ms PhysAddr\\.Reclaim .*logger\\.ts:${LOG_LINE}:\\d+: victim \\d+\\\\nwith extensions: check: ok\\\\x1b\\[2K\\\\u202e$`,
      ),
    );
    expect(text).toContain(
      `    ... ${40 - LOG_LINES_SHOWN} more log lines in --json; ${ext.logDropped} dropped past the sandbox's limit (40 kept; only counted)`,
    );
    expect(hasUnsafeCharacter(text)).toBe(false);
    // The forged line appears only escaped, inside a log line: the real check line is the last.
    expect(text.split("\n").filter((l) => l.startsWith("with extensions: check:"))).toHaveLength(1);
  });

  it("has both runs of every application, the neighbour's included, and names the extension and the pager it replaced", () => {
    for (const app of ["a", "b"]) {
      expect(text).toMatch(new RegExp(`│ ${app} +│ built-in +│ fifo/round-robin +│`));
    }
    expect(text).toMatch(/│ a +│ extensions │ fifo\/round-robin +│/);
    expect(text).toMatch(/│ b +│ extensions │ logger \(ext\)\/round-robin +│/);
    const [a, b] = compareRuns(withExt, baseline);
    expect(text).toContain(
      `a (no extension, shares the machine): ${a!.withExtensions.faults} faults vs ${a!.baseline.faults}`,
    );
    expect(text).toMatch(
      new RegExp(`^b: logger ${b!.withExtensions.faults} faults vs built-in fifo ${b!.baseline.faults} `, "m"),
    );
    expect(b!.replaced).toEqual(["fifo"]);
    expect(a!.extensions).toEqual([]);
  });

  it("a scheduler extension replaces the scheduler, a read-ahead the default of none", () => {
    const as = (event: "Strand.Resume" | "Translation.PageNotPresent") =>
      compareRuns({ ...withExt, extensions: [{ ...ext, handlers: [{ event, bindingId: 1 }] }] }, baseline)[1]!;
    expect(as("Strand.Resume").replaced).toEqual(["round-robin"]);
    expect(as("Strand.Resume").policy).toEqual({
      pager: "fifo",
      scheduler: "logger",
      byExtension: { pager: false, scheduler: true },
    });
    expect(as("Translation.PageNotPresent").replaced).toEqual(["no read-ahead"]);
  });
});
