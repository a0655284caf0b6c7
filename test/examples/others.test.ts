/** The scheduler, prefetch and reclaim examples behave as their headers say. */
import { describe, expect, it } from "vitest";
import { runBaseline, runWithExtensions } from "../../extensions/loader/index.js";
import { freeExtensions, scenario } from "./helpers.js";

describe("examples/schedulers/priority.ts", () => {
  it("gives exactly the built-in priority scheduler's run on threads.json, not round robin's", async () => {
    // Configure round robin: the extension's decisions replace it.
    // Extension work free in simulated time: the same decisions give the very same run.
    const report = await runWithExtensions(
      freeExtensions(scenario("threads", { scheduler: "rr" })),
      [{ file: "examples/schedulers/priority.ts" }],
      { check: true },
    );
    const priority = runBaseline(scenario("threads", { scheduler: "priority" }));
    const rr = runBaseline(scenario("threads", { scheduler: "rr" }));

    expect(report.check.ok).toBe(true);
    expect(report.totals).toEqual(priority.totals);
    expect(report.simulatedNs).toBe(priority.simulatedNs);
    expect(report.simulatedNs).toBe(4_130_988_561);
    expect(rr.simulatedNs).toBe(17_867_777_161);
    expect(report.totals.majorFaults).toBe(0);
    expect(rr.totals.majorFaults).toBe(215);
    const ext = report.extensions[0]!;
    expect(ext).toMatchObject({ name: "priority", violationCount: 0 });
    expect(ext.invocations).toBe(report.events["Strand.Resume"]!.raised);
  });
});

describe("examples/prefetch/sequential.ts", () => {
  it("prefetches on scan-heavy.json and blocks far less: 288 vs 1,024 faults, 425 vs 976 blocks", async () => {
    const config = scenario("scan-heavy");
    const report = await runWithExtensions(config, [{ file: "examples/prefetch/sequential.ts" }], { check: true });
    const base = runBaseline(config);

    expect(report.check.ok).toBe(true);
    expect(report.totals.prefetches).toBe(778);
    expect(base.totals.prefetches).toBe(0);
    expect(report.totals.faults).toBe(288);
    expect(report.totals.majorFaults).toBe(32);
    expect(base.totals.faults).toBe(1_024);
    expect(base.totals.majorFaults).toBe(768);
    expect(report.events["Strand.Block"]!.raised).toBe(425);
    expect(base.events["Strand.Block"]!.raised).toBe(976);
    expect(report.simulatedNs).toBe(4_926_912_303); // its invocations charged in simulated time
    expect(base.simulatedNs).toBe(6_744_011_420);
    const ext = report.extensions[0]!;
    expect(ext.handlers.map((h) => h.event).sort()).toEqual(["Disk.IOComplete", "Translation.PageNotPresent"]);
    expect(ext.violationCount).toBe(0);
  });
});

describe("examples/reclaim/own-victim.ts", () => {
  it("writes back less than the built-in Clock on write-heavy.json: 712 vs 1,920", async () => {
    const config = scenario("write-heavy");
    const report = await runWithExtensions(config, [{ file: "examples/reclaim/own-victim.ts" }]);
    const clock = runBaseline(config);

    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    expect(clock.totals.writeBacks).toBe(1_920);
    expect(clock.totals.faults).toBe(12_957);
    expect(clock.simulatedNs).toBe(16_148_925_875);
    expect({
      writeBacks: report.totals.writeBacks,
      faults: report.totals.faults,
      majorFaults: report.totals.majorFaults,
      simulatedNs: report.simulatedNs,
    }).toEqual({ writeBacks: 712, faults: 14_129, majorFaults: 693, simulatedNs: 6_073_016_712 });
    expect(report.extensions[0]).toMatchObject({ name: "clean-first", violationCount: 0 });
  });
});
