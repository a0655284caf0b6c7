/**
 * `--events` and `--timeline` of `spin run` and `spin load`, and what `--json` adds (issue 12,
 * "Seeing what happened"): real runs, their files read back.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { spin } from "./run-cli.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-observe-"));
const file = (name: string) => path.join(dir, name);
const example = (p: string) => path.join(packageRoot(), p);
const fixture = (name: string) => path.join(packageRoot(), "test", "loader", "fixtures", name);
const lines = (f: string) =>
  fs
    .readFileSync(f, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("spin run --events --timeline", () => {
  it("writes one record per raised event and a timeline, the same bytes twice; the text has the per-thread table", async () => {
    const args = ["run", example("examples/scenarios/threads.json"), "--timeline"];
    const a = await spin(...args, file("a.svg"), "--events", file("a.jsonl"));
    const b = await spin(...args, file("b.svg"), "--events", file("b.jsonl"));
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(b.stdout.replaceAll("b.jsonl", "a.jsonl").replaceAll("b.svg", "a.svg")).toBe(a.stdout);
    expect(a.stdout).toMatch(/│ app +│ thread +│ turnaround ms │ response ms │ waiting ms │ blocked ms │ cpu % │/);
    expect(a.stdout).toMatch(/│ server │ cruncher +│ +[\d.]+ │/);
    expect(a.stdout.trimEnd().split("\n").slice(-2)).toEqual([
      `events: ${file("a.jsonl")}`,
      `timeline: ${file("a.svg")}`,
    ]);
    expect(fs.readFileSync(file("a.jsonl"))).toEqual(fs.readFileSync(file("b.jsonl")));
    expect(fs.readFileSync(file("a.svg"))).toEqual(fs.readFileSync(file("b.svg")));
    const json = JSON.parse((await spin("run", example("examples/scenarios/threads.json"), "--json")).stdout);
    const raised = Object.values(json.events as Record<string, { raised: number }>).reduce((n, e) => n + e.raised, 0);
    const records = lines(file("a.jsonl"));
    expect(records).toHaveLength(raised);
    expect(records.filter((r) => r.event === "PhysAddr.Reclaim")).toHaveLength(json.totals.evictions);
    expect(fs.readFileSync(file("a.svg"), "utf8")).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\n$/);
  });

  it("a file that cannot be written: one message, exit 74, no stack", async () => {
    const r = await spin("run", example("examples/scenarios/textbook.json"), "--events", file("no/such/folder.jsonl"));
    expect(r.code).toBe(74);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^spin: cannot write the event record ".*folder\.jsonl": no such file\n$/);
  });
});

describe("spin load --events --json", () => {
  it("records both runs; --json has the comparison, every kept log line and the threads", async () => {
    const r = await spin(
      "load",
      `${fixture("logger.ts")}@b`,
      "--scenario",
      fixture("two.json"),
      "--json",
      "--events",
      file("load.jsonl"),
      "--timeline",
      file("load.svg"),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(["withExtensions", "baseline", "comparison", "extensions", "sharedDecisions"]);
    expect(json.comparison.map((c: { app: string; replaced: string[] }) => [c.app, c.replaced])).toEqual([
      ["a", []],
      ["b", ["fifo"]],
    ]);
    const ext = json.extensions[0];
    expect(ext.logs).toHaveLength(ext.logLines);
    expect(ext.logs[0]).toMatchObject({
      event: "PhysAddr.Reclaim",
      position: expect.stringMatching(/logger\.ts:\d+:\d+$/),
    });
    expect(json.withExtensions.threads.map((t: { thread: string }) => t.thread)).toEqual(["ta", "tb"]);
    const records = lines(file("load.jsonl"));
    const runs = (run: string) => records.filter((x) => x.run === run);
    expect(runs("extensions").length + runs("built-in").length).toBe(records.length);
    for (const run of ["extensions", "built-in"]) {
      const seqs = runs(run).map((x) => x.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    // The extension's handler appears in the run with extensions only, and its result is the victim.
    const reclaims = runs("extensions").filter((x) => x.event === "PhysAddr.Reclaim" && x.app === "b");
    expect(reclaims).toHaveLength(ext.invocations);
    for (const x of reclaims) {
      const handlers = x.handlers as { handler: string; result?: { victim: number } }[];
      expect(handlers.map((h) => h.handler)).toEqual(["logger.ts#PhysAddr.Reclaim"]);
      expect((x.victim as { frame: number }).frame).toBe(handlers[0]!.result!.victim);
    }
    expect(runs("built-in").some((x) => JSON.stringify(x).includes("logger"))).toBe(false);
    const svg = fs.readFileSync(file("load.svg"), "utf8");
    expect(svg.match(/<path class="series"/g)).toHaveLength(4 * 2 * 2); // panels × applications × runs
  });
});

describe("docs/EXTENSIONS.md's event record lines", () => {
  it("are lines of the run the doc names", async () => {
    const doc = fs.readFileSync(example("docs/EXTENSIONS.md"), "utf8");
    const shown = doc
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{"run":'));
    expect(shown.length).toBeGreaterThan(0);
    const r = await spin(
      "load",
      example("examples/pagers/loop-aware.ts"),
      "--scenario",
      example("examples/scenarios/write-heavy.json"),
      "--events",
      file("doc.jsonl"),
    );
    expect(r.code).toBe(0);
    const written = new Set(fs.readFileSync(file("doc.jsonl"), "utf8").split("\n"));
    for (const line of shown) expect(written.has(line), line).toBe(true);
  });
});
