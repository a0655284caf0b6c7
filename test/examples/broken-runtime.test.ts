/**
 * Run-time broken examples through the real loader: each violation is contained, the kernel goes
 * on with its default policy, the run completes with its invariants and nothing lost, and the
 * watchdog unloads the extension.
 */
import { describe, expect, it } from "vitest";
import type { RunReport } from "../../kernel/machine/report.js";
import { runBaseline, runWithExtensions } from "../../extensions/loader/index.js";
import { freeExtensions, scenario } from "./helpers.js";

type Expected = {
  readonly file: string;
  readonly scenario: string;
  readonly kind: string;
  readonly message: string | RegExp;
  /** Where each violation is placed: the guest's position when interrupted, else the handler's. */
  readonly position: string | RegExp;
  /** Violations before the extension is unloaded (and the reason). */
  readonly violations: number;
  readonly reason: string | RegExp;
};

const CASES: readonly Expected[] = [
  {
    file: "examples/broken/infinite-loop.ts",
    // QuickJS names the loop's line, or the handler's first line when the interrupt lands on entry
    // (its arrow, or, in typed mode's fuel-counting rewrite, the entry's count at the handler).
    position: /^examples\/broken\/infinite-loop\.ts:(19:5|19:25|22:34)$/,
    scenario: "textbook",
    kind: "budget",
    message: "guest exceeded its budget of 100 polls (1000000 ticks)",
    violations: 10,
    reason: "10 violations (limit 10)",
  },
  {
    file: "examples/broken/memory-bomb.ts",
    position: "examples/broken/memory-bomb.ts:20:5",
    scenario: "textbook",
    kind: "memory",
    message: "guest ran out of memory",
    violations: 1,
    reason: "its sandbox VM died (out of memory: guest ran out of memory)",
  },
  {
    file: "examples/broken/deep-recursion.ts",
    position: "examples/broken/deep-recursion.ts:23:5",
    scenario: "textbook",
    kind: "stack",
    message: "guest stack overflow",
    violations: 10,
    reason: "10 violations (limit 10)",
  },
  {
    file: "examples/broken/thrown-string.ts",
    position: "examples/broken/thrown-string.ts:21:7",
    scenario: "textbook",
    kind: "exception",
    message: "guest threw string: oops",
    violations: 10,
    reason: "10 violations (limit 10)",
  },
  {
    file: "examples/broken/unresolved-promise.ts",
    position: "examples/broken/unresolved-promise.ts:28:5",
    scenario: "scan-heavy",
    kind: "unresolved-promise",
    message: "handler returned a promise that never settled",
    violations: 10,
    reason: "10 violations (limit 10)",
  },
];

const sameRun = (a: RunReport, b: RunReport) => {
  expect(a.totals).toEqual(b.totals);
  expect(a.simulatedNs).toBe(b.simulatedNs);
};

describe("run-time broken examples are contained", () => {
  it.each(CASES)("$file: $kind violations, unloaded, the run completes as without it", async (c) => {
    // Extension work free in simulated time, so that "as without it" can be exact: what the failed
    // invocations are charged is test/loader/simulated-time.test.ts's business.
    const config = freeExtensions(scenario(c.scenario));
    const report = await runWithExtensions(config, [{ file: c.file }], { check: true });

    // The run completed, with every invariant and nothing lost.
    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    for (const app of report.apps) expect(app.killed).toEqual([]);

    // The default policy decided every time: the same run as with no extension at all.
    sameRun(report, runBaseline(config, { check: true }));

    const [ext] = report.extensions;
    expect(report.extensions).toHaveLength(1);
    expect(ext!.file).toBe(c.file);
    expect(ext!.violationCount).toBe(c.violations);
    expect(ext!.violationsByKind).toEqual({ [c.kind]: c.violations });
    for (const v of ext!.violations) {
      expect(v.kind).toBe(c.kind);
      if (typeof c.message === "string") expect(v.message).toBe(c.message);
      else expect(v.message).toMatch(c.message);
      // A budget interrupt is placed where it caught the guest (the loop); faults with no stack
      // of their own (memory, stack, a thrown string, an unsettled promise) at their handler.
      if (typeof c.position === "string") expect(v.position).toBe(c.position);
      else expect(v.position).toMatch(c.position);
    }
    expect(ext!.unloaded).toBeDefined();
    expect(ext!.unloaded!.reason).toEqual(c.reason);
    expect(ext!.unloaded!.violations).toBe(c.violations);
    expect(ext!.unloaded!.atNs).toBe(ext!.violations[c.violations - 1]!.atNs);
  });

  it("a thrown Error is reported at its TypeScript line (as thrown-string.ts's string is, at its throw)", async () => {
    // A copy of fifo.ts whose handler throws an Error on its third call: the position of the
    // `throw` in the TypeScript source appears in the report.
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-examples-"));
    const file = path.join(dir, "throws.ts");
    fs.writeFileSync(
      file,
      [
        'import { defineExtension } from "spin-kernel/extension";',
        "const calls = { n: 0 };",
        "export default defineExtension({",
        "  handlers: {",
        '    "PhysAddr.Reclaim": (args) => {',
        "      calls.n++;",
        '      if (calls.n === 3) throw new Error("third time");',
        "      const first = args.resident[0];",
        '      if (first === undefined) throw new Error("none");',
        "      return { victim: first.frame };",
        "    },",
        "  },",
        "});",
        "",
      ].join("\n"),
    );
    try {
      const report = await runWithExtensions(scenario("textbook"), [{ file }], { check: true });
      expect(report.check.ok).toBe(true);
      const [v] = report.extensions[0]!.violations;
      expect(v).toMatchObject({ kind: "exception", message: "guest threw Error: third time" });
      expect(v!.position).toMatch(/throws\.ts:7:\d+$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
