/**
 * One documented way for an extension to print (issue 12): `kernel.log`, whose lines `spin load`
 * shows. The docs once offered three that failed (`--verbose`, `console.log`, an imported `log`);
 * none may come back, and the way they do document must type-check and show up in a report.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { runWithExtensions } from "../../extensions/loader/index.js";
import { formatComparison } from "../../render/extension-report.js";
import { runBaseline } from "../../extensions/loader/index.js";
import { loadWorkload } from "../../workloads/index.js";

const read = (p: string) => fs.readFileSync(path.join(packageRoot(), p), "utf8");
const DOCS = [
  "extensions/api/extension.d.ts",
  "docs/EXTENSIONS.md",
  "docs/SANDBOX.md",
  "README.md",
  "docs/PLAYGROUND.md",
];

describe("printing from an extension", () => {
  it("no document offers a way that fails: --verbose, console.log in an extension, an imported log", () => {
    for (const doc of DOCS) {
      const text = read(doc);
      expect(text, doc).not.toMatch(/--verbose/);
      expect(text, doc).not.toMatch(/import \{[^}]*\blog\b[^}]*\} from "spin-kernel\/extension"/);
      // console.log may be named only to say it is not part of the API.
      for (const m of text.matchAll(/console\.log/g)) {
        const around = text.slice(Math.max(0, m.index - 200), m.index + 200);
        expect(around, `${doc}: ${around}`).toMatch(/not (part of|declare)|does not declare/);
      }
    }
    expect(read("extensions/api/extension.d.ts")).toMatch(/export declare const kernel: KernelCalls;/);
  });

  it("the documented way type-checks, and its line reaches spin load's report with its place", async () => {
    const file = path.join(packageRoot(), "examples/pagers/loop-aware.ts");
    const config = loadWorkload(path.join(packageRoot(), "test/loader/fixtures/small.json"));
    const withExt = await runWithExtensions(config, [{ file }]);
    const logLine =
      read("examples/pagers/loop-aware.ts")
        .split("\n")
        .findIndex((l) => l.includes("kernel.log(")) + 1;
    const text = formatComparison(withExt, runBaseline(config));
    expect(withExt.extensions[0]!.logs.length).toBeGreaterThan(0);
    expect(text).toMatch(
      new RegExp(
        `\\n {4}log t=[\\d.]+ ms PhysAddr\\.Reclaim .*loop-aware\\.ts:${logLine}:\\d+: loop-aware: switching to`,
      ),
    );
  });
});
