import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { apiDeclarationFile } from "../../extensions/loader/index.js";
import { fixture } from "./helpers.js";
import { spin } from "../cli/run-cli.js";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "spin-cli-"));

afterEach(() => {
  process.exitCode = undefined;
});

describe("spin check", () => {
  it("prints ok with the verifier's stats", async () => {
    const r = await spin("check", fixture("fifo.ts"));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok .*fifo\.ts \(processed \d+ nodes, \d+ rules, 0 diagnostics\)\n$/);
  });

  it("prints located diagnostics and exits 3", async () => {
    const r = await spin("check", fixture("fifo.ts"), fixture("bad.ts"));
    expect(r.code).toBe(3);
    // At the bad return (line 6), not at the event's name (line 5) as TypeScript puts it (issue 12).
    expect(r.stdout).toMatch(/bad\.ts:6:14 TS2322: PhysAddr\.Reclaim's handler returns /);
    expect(r.stdout).toMatch(/\n6 \| .*\n {2}\| +\^+/);
    expect(r.stdout).toMatch(/rejected .*bad\.ts: 1 problem/);
  });

  it("a missing file: one message, exit 2, no stack", async () => {
    const r = await spin("check", "nope.ts");
    expect(r).toEqual({ code: 2, stdout: "", stderr: "spin: cannot read nope.ts: no such file\n" });
  });
});

describe("spin load", () => {
  it("prints the extension run next to the built-in one, and the accounting", async () => {
    const r = await spin("load", fixture("fifo.ts"), "--scenario", fixture("small.json"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/│ looper │ built-in +│ fifo\/round-robin +│/);
    // The extension's declared name (not its file's), and the built-in pager it took over from.
    expect(r.stdout).toMatch(/│ looper │ extensions │ fifo-ext \(ext\)\/round-robin │/);
    expect(r.stdout).toMatch(/looper: fifo-ext (\d+) faults vs built-in fifo \1 \(±0\.0%\)/);
    expect(r.stdout).toMatch(
      /name fifo-ext {2}file .*fifo\.ts {2}app looper {2}mode typed {2}handlers PhysAddr\.Reclaim#1 {2}run_cnt \d+/,
    );
    expect(r.stdout).not.toMatch(/violations/);
    expect(r.stdout).toMatch(/check: ok/);
  });

  it("--json: both reports and the accounting in one object; file@app attaches to an application", async () => {
    const r = await spin(
      "load",
      `${fixture("thrower.ts")}@b`,
      "--scenario",
      fixture("two.json"),
      "--max-violations",
      "2",
      "--json",
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      withExtensions: { apps: unknown[] };
      baseline: { apps: unknown[] };
      extensions: { app: string; unloaded?: { reason: string } }[];
    };
    expect(j.withExtensions.apps).toHaveLength(2);
    expect(j.baseline.apps).toHaveLength(2);
    expect(j.extensions[0]).toMatchObject({
      app: "b",
      violationCount: 2,
      unloaded: { reason: "2 violations (limit 2)" },
    });
  });

  it("shows violations with TypeScript positions and the unload notice", async () => {
    const r = await spin("load", fixture("thrower.ts"), "--scenario", fixture("small.json"), "--max-violations", "2");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/violations 2 {2}violation_exception 2/);
    expect(r.stdout).toMatch(
      /exception at .*thrower\.ts:5:\d+ on PhysAddr\.Reclaim, t=[\d.]+ ms: guest threw Error: refusing to pick/,
    );
    expect(r.stdout).toMatch(/unloaded at t=[\d.]+ ms by the watchdog: 2 violations \(limit 2\)/);
  });

  it("a rejected extension: diagnostics with a code frame, exit 3", async () => {
    const r = await spin("load", fixture("bad.ts"), "--scenario", fixture("small.json"));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^spin: .*bad\.ts rejected: 1 problem\n.*bad\.ts:6:14 TS2322: /);
    expect(r.stderr).toMatch(/\n6 \| {7}return \{ victim: args\.vpn \};\n {2}\| {14}\^+\n$/);
  });

  it("bad input exits 2 with one message", async () => {
    const cases: [string[], RegExp][] = [
      [["load", "missing.ts", "--scenario", fixture("small.json")], /^spin: cannot read missing\.ts: no such file\n$/],
      [
        ["load", fixture("fifo.ts"), "--scenario", fixture("small.json"), "--app", "nope"],
        /no application named "nope" in scenario small-loop \(applications: looper\)/,
      ],
      [
        ["load", fixture("fifo.ts"), "--scenario", fixture("small.json"), "--trace", "x.trace"],
        /either --scenario or --trace/,
      ],
      [
        ["load", fixture("fifo.ts"), "--budget", "0"],
        /--budget must be an integer from 1 to 1000000 \(interrupt polls\), got "0"/,
      ],
      [
        ["load", fixture("fifo.ts"), "--scenario", fixture("small.json"), "--budget", "2000000"],
        /--budget must be an integer from 1 to 1000000 \(interrupt polls\), got "2000000"/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await spin(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});

describe("spin init", () => {
  it("writes a folder that spin check accepts, and refuses to write into it again", async () => {
    const dir = path.join(tmp(), "ext");
    const r = await spin("init", dir);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual([".vscode", "README.md", "package.json", "pager.ts", "tsconfig.json"]);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")) as {
      compilerOptions: Record<string, unknown>;
    };
    expect(tsconfig.compilerOptions.paths).toEqual({ "spin-kernel/extension": [apiDeclarationFile()] });
    expect(path.isAbsolute(apiDeclarationFile())).toBe(true);
    expect(tsconfig.compilerOptions).toMatchObject({
      strict: true,
      lib: ["ES2022"],
      types: [],
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
    });
    expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toMatch(/npx spin load pager\.ts/);
    const checked = await spin("check", path.join(dir, "pager.ts"));
    expect(checked.code).toBe(0);
    const again = await spin("init", dir);
    expect(again.code).toBe(2);
    // The folder is no longer empty: refused before any file is written (red team 13).
    expect(again.stderr).toMatch(
      /^spin: .*ext is not empty \(5 entries\); spin init makes a new folder or fills an empty one/,
    );
    expect(JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8"))).toEqual(tsconfig);
  });

  it("the example pager decides as the built-in Clock does: the textbook string's 14 faults (FIFO, the scenario's own, has 15), with no violation", async () => {
    const dir = path.join(tmp(), "ext");
    await spin("init", dir);
    const r = await spin(
      "load",
      path.join(dir, "pager.ts"),
      "--scenario",
      "examples/scenarios/textbook.json",
      "--json",
    );
    expect(r.code).toBe(0);
    type App = { pager: string; faults: number };
    const j = JSON.parse(r.stdout) as {
      withExtensions: { apps: App[] };
      baseline: { apps: App[] };
      extensions: { invocations: number; violationCount: number }[];
    };
    const clock = JSON.parse(
      (await spin("run", "examples/scenarios/textbook.json", "--pager", "clock", "--json")).stdout,
    ) as { apps: App[] };
    // The same decisions: every count as the built-in Clock's; the times differ by the extension's
    // work, which simulated time charges (docs/MACHINE.md, "Extensions in simulated time").
    const counts = (app: App): Record<string, unknown> => {
      const { cpuNs, finishedNs, extensionNs, extensionFuel, extensionCalls, handlerAccount, ...rest } = app as App &
        Record<string, number>;
      return rest;
    };
    expect(counts(j.withExtensions.apps[0]!)).toEqual(counts({ ...clock.apps[0]!, pager: "fifo" }));
    expect(j.withExtensions.apps[0]).toMatchObject({ extensionCalls: 11 });
    expect(j.withExtensions.apps[0]!.faults).toBe(14);
    expect(j.baseline.apps[0]!.faults).toBe(15);
    expect(j.extensions[0]).toMatchObject({ invocations: 11, violationCount: 0 });
  });
});
