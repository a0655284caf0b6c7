import { describe, expect, it } from "vitest";
import { Kernel } from "../../kernel/machine/kernel.js";
import {
  ExtensionInputError,
  ExtensionLoadError,
  builtinPolicies,
  loadExtensions,
  runBaseline,
  runWithExtensions,
} from "../../extensions/loader/index.js";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { loadWorkload } from "../../workloads/index.js";
import { fixture, uncheckedMode } from "./helpers.js";

const small = () => loadWorkload(fixture("small.json"));
const two = () => loadWorkload(fixture("two.json"));

describe("loading and running an extension", () => {
  it("a FIFO pager extension is invoked and decides: same faults as the built-in FIFO", async () => {
    const config = small();
    const report = await runWithExtensions(config, [{ file: fixture("fifo.ts") }]);
    const base = runBaseline(config);
    const [ext] = report.extensions;
    expect(ext).toMatchObject({ name: "fifo-ext", app: "looper", mode: "typed", violationCount: 0 });
    expect(ext!.invocations).toBeGreaterThan(0);
    expect(ext!.invocations).toBe(report.apps[0]!.evictions);
    expect(ext!.handlers).toEqual([{ event: "PhysAddr.Reclaim", bindingId: 1 }]);
    // cancel is the default: the built-in pager never ran while the extension decided.
    expect(report.events["PhysAddr.Reclaim"]!.defaultRuns).toBe(0);
    expect(report.apps[0]!.faults).toBe(base.apps[0]!.faults);
    expect(report.apps[0]!.evictions).toBe(base.apps[0]!.evictions);
    expect(report.apps[0]!.writeBacks).toBe(base.apps[0]!.writeBacks);
    expect(report.check.ok).toBe(true);
    expect(report.handlers.find((h) => h.kind === "sandboxed")).toMatchObject({
      principal: "looper",
      guard: "space=0",
      options: "cancel",
    });
  });

  it("is deterministic: two runs give identical JSON", async () => {
    const a = await runWithExtensions(two(), [
      { file: fixture("fifo.ts"), app: "b" },
      { file: fixture("spy.ts"), app: "a" },
    ]);
    const b = await runWithExtensions(two(), [
      { file: fixture("fifo.ts"), app: "b" },
      { file: fixture("spy.ts"), app: "a" },
    ]);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it("rejects an extension that does not type check (ExtensionRejected with positions)", async () => {
    const err = await runWithExtensions(small(), [{ file: fixture("bad.ts") }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtensionRejected);
    expect((err as ExtensionRejected).diagnostics[0]).toMatchObject({ line: 6, column: 14, code: "TS2322" });
  });

  it("reports input mistakes as ExtensionInputError", async () => {
    await expect(runWithExtensions(small(), [{ file: fixture("missing.ts") }])).rejects.toThrow(
      /cannot read .*missing\.ts: no such file/,
    );
    await expect(runWithExtensions(small(), [{ file: fixture("fifo.ts"), app: "nope" }])).rejects.toBeInstanceOf(
      ExtensionInputError,
    );
    await expect(runWithExtensions(small(), [{ file: fixture("fifo.ts") }], { limits: { budget: 0 } })).rejects.toThrow(
      /budget must be within/,
    );
  });

  it("a refused guard is a load error located in the TypeScript source", async () => {
    const kernel = new Kernel(two(), builtinPolicies);
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-loader-"));
    const file = path.join(dir, "guard.ts");
    // Thread 1 belongs to application b: a guard on it from a's extension must be refused.
    fs.writeFileSync(
      file,
      `import { defineExtension } from "spin-kernel/extension";\nconst other = JSON.parse("1");\nexport default defineExtension({\n  handlers: {\n    "Strand.Block": { handler: () => undefined, guard: { thread: other } },\n  },\n});\n`,
    );
    const err = await loadExtensions(kernel, [{ file, app: "a" }], { mode: uncheckedMode }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtensionLoadError);
    expect((err as ExtensionLoadError).problems[0]).toMatchObject({ line: 5, column: 5, code: "load/unauthorized" });
    expect((err as ExtensionLoadError).message).toMatch(/not one of its threads/);
    expect(kernel.dispatcher.bindings()).toEqual([]);
  });
});

describe("confinement", () => {
  it("an extension attached to a never sees b's events", async () => {
    const kernel = new Kernel(two(), builtinPolicies);
    const loaded = await loadExtensions(kernel, [{ file: fixture("spy.ts"), app: "a" }]);
    const report = kernel.run();
    const logs = loaded.extensions[0]!.vm.logs.map((l) => l.text);
    loaded.dispose();
    expect(logs.some((t) => t.startsWith("fault"))).toBe(true);
    expect(logs.some((t) => t.startsWith("reclaim"))).toBe(true);
    expect(logs.every((t) => t.endsWith("space=0"))).toBe(true);
    expect(report.check.ok).toBe(true);
  });

  it("a handler returning another application's frame is refused as invalid-result", async () => {
    const report = await runWithExtensions(two(), [{ file: fixture("steal.ts"), app: "a" }], {
      mode: uncheckedMode,
      maxViolations: 1000,
    });
    const ext = report.extensions[0]!;
    expect(ext.violationCount).toBeGreaterThan(0);
    expect(ext.violationsByKind).toEqual({ "invalid-result": ext.violationCount });
    expect(ext.violations[0]!.message).toMatch(/victim frame \d+ does not belong to a \(owner: b\)/);
    expect(ext.unloaded).toBeUndefined();
    // every refused decision fell back to the built-in pager
    expect(report.events["PhysAddr.Reclaim"]!.defaultRuns).toBeGreaterThanOrEqual(ext.violationCount);
    expect(report.check.ok).toBe(true);
  });
});

describe("watchdog", () => {
  it("unloads an extension after K violations; the run completes with the defaults", async () => {
    const config = small();
    const report = await runWithExtensions(config, [{ file: fixture("thrower.ts") }], {
      maxViolations: 3,
      check: true,
    });
    const base = runBaseline(config);
    const ext = report.extensions[0]!;
    expect(ext.violationCount).toBe(3);
    expect(ext.violationsByKind).toEqual({ exception: 3 });
    expect(ext.violations[0]!.kind).toBe("exception");
    // the throw in pick(), mapped back from the transpiled JavaScript to the TypeScript line
    expect(ext.violations[0]!.position).toMatch(
      new RegExp(`^${fixture("thrower.ts").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:5:\\d+$`),
    );
    expect(ext.violations[0]!.message).toMatch(/refusing to pick among \d+ pages/);
    expect(ext.unloaded).toMatchObject({ reason: "3 violations (limit 3)", violations: 3 });
    expect(ext.unloaded!.atNs).toBeGreaterThan(0);
    // The binding was taken back, and its account survives the unload (issue 11).
    expect(report.handlers.filter((h) => h.kind === "sandboxed")).toEqual([
      expect.objectContaining({ installed: false, invocations: 3, failures: 3, faults: { exception: 3 } }),
    ]);
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    // the built-in FIFO decided every time (the thrower failed before deciding anything)
    expect(report.apps[0]!.faults).toBe(base.apps[0]!.faults);
  });

  it("budget faults count as violations", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-loader-"));
    const file = path.join(dir, "spin.ts");
    fs.writeFileSync(
      file,
      `import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({\n  handlers: {\n    "Translation.PageNotPresent": (args) => {\n      let x = 0;\n      for (let i = 0; i < 1e9; i++) x += i;\n      return x > 0 ? {} : { prefetch: [args.vpn] };\n    },\n  },\n});\n`,
    );
    const report = await runWithExtensions(small(), [{ file }], { limits: { budget: 1 }, maxViolations: 2 });
    const ext = report.extensions[0]!;
    expect(ext.violationsByKind).toEqual({ budget: 2 });
    expect(ext.instructions).toBeGreaterThanOrEqual(2);
    expect(ext.unloaded?.reason).toBe("2 violations (limit 2)");
    expect(report.check.ok).toBe(true);
  });
});
