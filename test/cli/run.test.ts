import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listPolicies, pagers, schedulers } from "../../policies/index.js";
import { spin } from "./run-cli.js";

const tmp = mkdtempSync(join(tmpdir(), "spin-run-"));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

describe("spin run", () => {
  it("runs a scenario and prints the summary", async () => {
    const r = await spin("run", "examples/scenarios/textbook.json", "--pager", "lru");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("scenario textbook  seed 1  frames 3");
    expect(r.stdout).toMatch(/│ textbook │ lru\s+│ round-robin │\s+20 │\s+12 │/);
    expect(r.stdout).toContain("check: ok");
  });

  it("writes the same figures as JSON, byte for byte on a second run", async () => {
    const a = await spin("run", "examples/scenarios/two-apps.json", "--json", "--seed", "5");
    const b = await spin("run", "examples/scenarios/two-apps.json", "--json", "--seed", "5");
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(report.seed).toBe(5);
    expect(report.apps).toHaveLength(2);
    expect(report.check.ok).toBe(true);
    expect(report.apps[0]).not.toHaveProperty("hostNs");
  });

  it("runs a trace file, with --frames and --check", async () => {
    const trace = file("t.trace", "# a trace\nR 0x1000\nW 0x2000\nR 1000\nW 0x3000\nR 0x1000\n");
    const r = await spin("run", trace, "--frames", "2", "--pager", "fifo", "--check", "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.frames).toBe(2);
    expect(report.totals.references).toBe(5);
    expect(report.totals.faults).toBe(4);
  });

  it("points at a bad trace line and exits 2 without a stack trace", async () => {
    const trace = file("bad.trace", "R 0x1000\nX 0x2000\n");
    const r = await spin("run", trace);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^spin: ${trace.replace(/[.\\]/g, "\\$&")}:2:1: `));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("names an unknown pager and the known ones", async () => {
    const r = await spin("run", "examples/scenarios/textbook.json", "--pager", "lur");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'spin: unknown pager policy "lur"; did you mean "lru"? Known pager policies: fifo, clock (alias second-chance), lru, random, opt (aliases belady, min), nfu, aging, lfu, wsclock (alias working-set), 2q (alias two-queue), arc\n',
    );
  });

  it("--help names every registered policy in the flags' lines and describes each one (from the registry)", async () => {
    const r = await spin("run", "--help");
    expect(r.code).toBe(0);
    const flat = r.stdout.replace(/\s+/g, " ");
    expect(flat).toContain(
      `--pager <name> page replacement policy for every application (${Object.keys(pagers).join(", ")})`,
    );
    expect(flat).toContain(
      `--scheduler <name> thread scheduler for every application (${Object.keys(schedulers).join(", ")})`,
    );
    for (const l of listPolicies()) expect(r.stdout).toContain(`\n${l.text.split("\n")[0]}\n`);
    expect(r.stdout).toContain("\naging - Tanenbaum's aging");
    expect(r.stdout).toContain("\nstride - deterministic proportional share");
  });

  it("rejects a bad flag value, a missing file and an unknown flag with exit 2", async () => {
    expect((await spin("run", "examples/scenarios/textbook.json", "--frames", "zero")).stderr).toBe(
      'spin: --frames must be an integer from 1 to 16777216, got "zero"\n',
    );
    const missing = await spin("run", "no/such/file.json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^spin: no\/such\/file.json: /);
    const unknown = await spin("run", "examples/scenarios/textbook.json", "--fast");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--fast'");
  });

  it("points at the line and column of a scenario mistake", async () => {
    const scenario = file(
      "s.json",
      '{\n  "frames": 4,\n  "apps": [ { "threads": [ { "workload": { "type": "zip" } } ] } ]\n}\n',
    );
    const r = await spin("run", scenario);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${scenario.replace(/[.\\]/g, "\\$&")}:3:\\d+: .*"zip".*zipf`));
  });

  it("shows host timings only when asked, the default handler's account among them", async () => {
    const r = await spin("run", "examples/scenarios/textbook.json", "--json", "--timing");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { check: { ok: boolean }; events: Record<string, Record<string, number>> };
    expect(j.check.ok).toBe(true);
    // The built-in pager ran 12 times (textbook's evictions): its host time is on record.
    expect(j.events["PhysAddr.Reclaim"]).toMatchObject({ raised: 12, defaultRuns: 12 });
    expect(j.events["PhysAddr.Reclaim"]!.defaultHostNs).toBeGreaterThan(0);
    const text = await spin("run", "examples/scenarios/textbook.json", "--timing");
    expect(text.stdout).toMatch(/│ event +│ raised │ default ran │ default run_time_ns │ default worst_ns │/);
    const plain = await spin("run", "examples/scenarios/textbook.json", "--json");
    expect(JSON.parse(plain.stdout).events["PhysAddr.Reclaim"]).toEqual({ raised: 12, defaultRuns: 12 });
  });
});
