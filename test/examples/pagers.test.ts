/** The example pagers behave as their headers say (exact figures: the simulator is deterministic). */
import { describe, expect, it } from "vitest";
import { runBaseline, runWithExtensions } from "../../extensions/loader/index.js";
import { runNative } from "./native-harness.js";
import { abs, scenario } from "./helpers.js";

describe("examples/pagers", () => {
  it("fifo.ts gives the textbook 15 faults, like the built-in FIFO", async () => {
    const config = scenario("textbook", { pager: "fifo" });
    const report = await runWithExtensions(config, [{ file: "examples/pagers/fifo.ts" }], { check: true });
    const builtin = runBaseline(config, { check: true });
    expect(report.check.ok).toBe(true);
    expect(report.totals.faults).toBe(15);
    expect(report.totals).toEqual(builtin.totals);
    expect(report.extensions[0]).toMatchObject({ name: "fifo", invocations: 12, violationCount: 0 });
    expect(report.extensions[0]!.unloaded).toBeUndefined();
  });

  // textbook.json says fifo: the extension replaces whatever the scenario configures.
  it("clock.ts reproduces the built-in Clock (textbook: 14 faults, through the sandbox)", async () => {
    // textbook.json says fifo: the extension replaces whatever the scenario configures.
    const config = scenario("textbook", { pager: "clock" });
    const report = await runWithExtensions(config, [{ file: "examples/pagers/clock.ts" }], { check: true });
    expect(report.check.ok).toBe(true);
    expect(report.extensions[0]).toMatchObject({ name: "clock", violationCount: 0 });
    expect(runBaseline(config).totals.faults).toBe(14);
    expect(report.totals).toEqual(runBaseline(config).totals);
  });

  it("clock.ts reproduces the built-in Clock on looping.json: 17,880 faults, 1,673 write-backs", async () => {
    // 17,816 reclaims take several seconds through the sandbox; the same handler run natively
    // gives the same decisions (the sandbox adds containment, not semantics) in well under one.
    const config = scenario("looping");
    const native = await runNative(config, abs("examples/pagers/clock.ts"));
    const builtin = runBaseline(scenario("looping", { pager: "clock" }));
    expect(builtin.totals.faults).toBe(17_880);
    expect(builtin.totals.writeBacks).toBe(1_673);
    expect(native.totals).toEqual(builtin.totals);
    expect(native.simulatedNs).toBe(builtin.simulatedNs);
    expect(native.check.ok).toBe(true);
  });

  it("loop-aware.ts beats the built-in Clock on looping.json: 3,056 vs 17,880 faults", async () => {
    const config = scenario("looping");
    const report = await runWithExtensions(config, [{ file: "examples/pagers/loop-aware.ts" }]);
    const clock = runBaseline(scenario("looping", { pager: "clock" }));
    const opt = runBaseline(scenario("looping", { pager: "opt" }));

    expect(report.check).toEqual({ ok: true, violations: [], lostWrites: [] });
    expect(clock.totals.faults).toBe(17_880);
    expect(report.totals.faults).toBe(3_056);
    expect(report.totals.writeBacks).toBe(648);
    expect(clock.totals.writeBacks).toBe(1_673);
    expect(opt.totals.faults).toBe(2_608); // the optimum, for scale
    expect(report.simulatedNs).toBe(12_908_305_800); // with its 2,992 invocations charged (typed: a system call plus fuel)
    expect(clock.simulatedNs).toBe(81_335_843_873);

    const ext = report.extensions[0]!;
    expect(ext).toMatchObject({ name: "loop-aware", invocations: 2_992, violationCount: 0 });
    expect(ext.unloaded).toBeUndefined();
    expect(ext.logLines).toBe(1); // one switch, LRU → MRU, early in the first loop phase
  });
});
