/**
 * docs/LABS.md shows real output: every ``` block that opens with `$ npx spin ...` is run (in
 * this process, from the package folder) and must print what the document shows. A command that
 * writes a chart (`--plot docs/x.svg`, `--timeline docs/x.svg`) must write the very file the document shows, byte for byte:
 * the chart is deterministic, and the committed figure is current.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { spin } from "../cli/run-cli.js";
import { shownCommands } from "./shown-commands.js";

const steps = shownCommands(fs.readFileSync(path.join(packageRoot(), "docs/LABS.md"), "utf8"), "docs/LABS.md");

describe("docs/LABS.md", () => {
  it("has the commands this test runs (a document without them would pass by showing nothing)", () => {
    expect(steps.filter((s) => s.args[0] === "sweep").length).toBeGreaterThanOrEqual(6);
    expect(steps.some((s) => s.args[0] === "load" && s.args.includes("--compare-all"))).toBe(true);
  });

  for (const step of steps) {
    it(`docs/LABS.md:${step.line}: spin ${step.args.join(" ")}`, async () => {
      const plotAt = step.args.findIndex((a) => a === "--plot" || a === "--timeline");
      const plot = plotAt < 0 ? undefined : path.join(packageRoot(), step.args[plotAt + 1]!);
      const before = plot === undefined ? undefined : fs.readFileSync(plot, "utf8");
      const r = await spin(...step.args);
      const printed = r.stdout + r.stderr;
      if (step.tail)
        expect(
          printed.endsWith(step.shown),
          `the output ends with the document's lines\n--- printed:\n${printed}`,
        ).toBe(true);
      else expect(printed).toBe(step.shown);
      if (plot !== undefined) expect(fs.readFileSync(plot, "utf8")).toBe(before);
    });
  }
});
