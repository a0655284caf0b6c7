/**
 * README.md's tour shows real output: every ``` block that opens with `$ npx spin ...` is run
 * (in this process, as `spin` would run it from the package folder) and must print exactly the
 * lines the README shows after the command. Without `--timing` the output is deterministic, so
 * nothing is normalised; a block whose first output line is `…` shows only the end of a long
 * output, and the output must end with the lines after the `…`.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { spin } from "../cli/run-cli.js";
import { shownCommands } from "./shown-commands.js";

const steps = shownCommands(fs.readFileSync(path.join(packageRoot(), "README.md"), "utf8"), "README.md");

describe("README.md's tour", () => {
  it("has the commands this test runs (a README without them would pass by showing nothing)", () => {
    expect(steps.map((s) => s.args.slice(0, 1).join(" "))).toEqual([
      "run",
      "load",
      "check",
      "load",
      "check",
      "exercise",
    ]);
  });

  for (const step of steps) {
    it(`README.md:${step.line}: spin ${step.args.join(" ")}`, async () => {
      const r = await spin(...step.args);
      const printed = r.stdout + r.stderr;
      if (step.tail)
        expect(printed.endsWith(step.shown), `the output ends with README.md's lines\n--- printed:\n${printed}`).toBe(
          true,
        );
      else expect(printed).toBe(step.shown);
    });
  }
});
