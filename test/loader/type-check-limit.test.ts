import { describe, expect, it } from "vitest";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { runWithExtensions } from "../../extensions/loader/index.js";
import { loadWorkload } from "../../workloads/index.js";
import { spin } from "../cli/run-cli.js";

describe("the type check has a time limit (type-level bombs)", () => {
  it("spin load refuses an extension whose type check does not finish, and the process goes on", async () => {
    const config = loadWorkload("examples/scenarios/textbook.json");
    const started = performance.now();
    const error = await runWithExtensions(config, [{ file: "examples/exercises/type-bomb.ts" }], { typeCheckLimitMs: 1500 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtensionRejected);
    expect((error as ExtensionRejected).diagnostics.map((d) => d.code)).toEqual(["typecheck-timeout"]);
    expect((error as ExtensionRejected).message).toContain("type check exceeded 1500 ms");
    expect(performance.now() - started).toBeLessThan(60_000);
    // The next extension loads normally (a fresh worker).
    const ok = await runWithExtensions(config, [{ file: "examples/pagers/fifo.ts" }]);
    expect(ok.totals.faults).toBe(15);
  });

  it("spin check reports it with exit code 3", async () => {
    const r = await spin("check", "examples/exercises/type-bomb.ts");
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("typecheck-timeout: type check exceeded 10000 ms");
  });
});
