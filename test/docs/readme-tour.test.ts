/**
 * README.md's tour shows real output: every ``` block that opens with `$ npx spin ...` is run
 * (in this process, as `spin` would run it from the package folder) and must print exactly the
 * lines the README shows after the command. Without `--timing` the output is deterministic, so
 * nothing is normalised; a block whose first output line is `…` shows only the end of a long
 * output, and the output must end with the lines after the `…`.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { stopTypeCheckWorker } from "../../extensions/check/timeout.js";
import { packageRoot } from "../../extensions/loader/paths.js";
import { spin } from "../cli/run-cli.js";

interface TourStep {
  readonly line: number;
  readonly args: readonly string[];
  readonly shown: string;
  /** The README shows only the end of the output (its first output line is `…`). */
  readonly tail: boolean;
}

const PROMPT = "$ npx spin ";
const ELLIPSIS = "…";

function tourSteps(readme: string): TourStep[] {
  const steps: TourStep[] = [];
  const lines = readme.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith("```") || !lines[i + 1]?.startsWith(PROMPT)) continue;
    const end = lines.indexOf("```", i + 2);
    if (end < 0) throw new Error(`README.md:${i + 1}: a code block that does not end`);
    const command = lines[i + 1]!.slice(PROMPT.length);
    if (/["'\\$`|<>]/.test(command))
      throw new Error(
        `README.md:${i + 2}: the tour's commands are plain words (no quoting or shell syntax): ${command}`,
      );
    const output = lines.slice(i + 2, end);
    const tail = output[0] === ELLIPSIS;
    steps.push({
      line: i + 2,
      args: command.split(/\s+/),
      shown: `${(tail ? output.slice(1) : output).join("\n")}\n`,
      tail,
    });
    i = end;
  }
  return steps;
}

const steps = tourSteps(fs.readFileSync(path.join(packageRoot(), "README.md"), "utf8"));

afterAll(() => stopTypeCheckWorker());

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
