/**
 * Every extension a document shows runs as written (issue 12: EXTENSIONS.md's own example used
 * `args.resident[0]!.frame`, which the verifier's no-non-null-assertion rule rejects). Each ```ts
 * block of the docs that defines an extension is written to a file and goes through `spin check`
 * and `spin load` (textbook scenario) in this process; the verifier's list of what a module may do
 * at load time (docs/verifier-rules.md) is checked as the top of an extension.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { spin } from "../cli/run-cli.js";

const root = packageRoot();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spin-doc-snippets-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

interface Snippet {
  /** doc:line of the block's first line of code. */
  readonly where: string;
  readonly code: string;
}

/** The ```ts blocks of a markdown file, each with the line its code starts on. */
function tsBlocks(doc: string): Snippet[] {
  const lines = fs.readFileSync(path.join(root, doc), "utf8").split("\n");
  const out: Snippet[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```ts") continue;
    const end = lines.indexOf("```", i + 1);
    if (end < 0) throw new Error(`${doc}:${i + 1}: a code block that does not end`);
    out.push({ where: `${doc}:${i + 2}`, code: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return out;
}

const docs = [
  "README.md",
  "examples/README.md",
  ...fs.readdirSync(path.join(root, "docs")).map((f) => `docs/${f}`),
].filter((f) => f.endsWith(".md"));
const extensions = docs.flatMap(tsBlocks).filter((s) => s.code.includes("defineExtension("));

/** The block right after the sentence that introduces what a module may do at load time. */
function loadTimeAllowed(): Snippet {
  const doc = "docs/verifier-rules.md";
  const text = fs.readFileSync(path.join(root, doc), "utf8");
  const at = text.indexOf("what remains allowed");
  const block = tsBlocks(doc).find(
    (s) =>
      text
        .split("\n")
        .slice(0, Number(s.where.split(":")[1]))
        .join("\n").length > at,
  );
  if (at < 0 || block === undefined) throw new Error(`${doc}: the block of what is allowed at load time is gone`);
  return {
    where: block.where,
    code: `import { defineExtension } from "spin-kernel/extension";\n${block.code}\nexport default defineExtension({ handlers: { "Translation.PageNotPresent": () => ({}) } });\n`,
  };
}

async function checksAndRuns(snippet: Snippet, run: boolean): Promise<void> {
  const file = path.join(tmp, `${snippet.where.replace(/[/.:]/g, "-")}.ts`);
  fs.writeFileSync(file, snippet.code);
  const check = await spin("check", file);
  expect(check.stdout + check.stderr, snippet.where).toMatch(/^ok /);
  expect(check.code, snippet.where).toBe(0);
  if (!run) return;
  const load = await spin("load", file, "--scenario", "examples/scenarios/textbook.json", "--json");
  expect(load.code, `${snippet.where}: ${load.stderr}`).toBe(0);
  const report = JSON.parse(load.stdout) as { extensions: { violationCount: number }[] };
  expect(report.extensions[0]!.violationCount, snippet.where).toBe(0);
}

describe("the docs' extensions run as written", () => {
  it("finds the examples (EXTENSIONS.md's at least)", () => {
    expect(extensions.map((s) => s.where.split(":")[0])).toContain("docs/EXTENSIONS.md");
  });

  it.each(extensions.map((s) => [s.where, s] as const))(
    "%s: spin check ok, spin load without a violation",
    async (_, s) => {
      await checksAndRuns(s, true);
    },
  );

  it("docs/verifier-rules.md: what a module may do at load time passes the verifier", async () => {
    await checksAndRuns(loadTimeAllowed(), false);
  });
});
