import { afterAll, describe, expect, it } from "vitest";
import { warmedWorker } from "../../extensions/check/time-limit.js";
import { stopTypeCheckWorker, typeCheckWorkerGeneration } from "../../extensions/check/timeout.js";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { runWithExtensions } from "../../extensions/loader/index.js";
import { modeSpecNamed } from "../../extensions/loader/mode-names.js";
import { loadWorkload } from "../../workloads/index.js";
import { spin } from "../cli/run-cli.js";

afterAll(() => stopTypeCheckWorker());

describe("the type check has a time limit (type-level bombs)", () => {
  it("loading refuses an extension whose type check does not finish within the limit (typecheck-timeout), and the next extension loads in a fresh worker", async () => {
    const config = loadWorkload("examples/scenarios/textbook.json");
    const error = await runWithExtensions(config, [{ file: "examples/exercises/type-bomb.ts" }], {
      typeCheckLimitMs: 1500,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtensionRejected);
    expect((error as ExtensionRejected).diagnostics.map((d) => d.code)).toEqual(["typecheck-timeout"]);
    expect((error as ExtensionRejected).message).toContain("type check exceeded 1500 ms");
    const ok = await runWithExtensions(config, [{ file: "examples/pagers/fifo.ts" }]);
    expect(ok.totals.faults).toBe(15);
  });

  it("a source refused in its type check is refused again at once in every placement, with the same limit only", async () => {
    // The type check is the part every placement shares: before, `spin exercise run type-bomb
    // --mode all` spent the limit four times.
    const config = loadWorkload("examples/scenarios/textbook.json");
    const bomb = "examples/exercises/type-bomb.ts";
    const refusal = (e: unknown) => (e as ExtensionRejected).diagnostics.map((d) => `${d.code}: ${d.message}`);
    const first = await runWithExtensions(config, [{ file: bomb }], { typeCheckLimitMs: 700 }).catch((e) => e);
    expect(first).toBeInstanceOf(ExtensionRejected);
    // Which worker a check ran in: every check that runs needs one, and the limit ends it.
    const workerOfACheck = async () => {
      await runWithExtensions(config, [{ file: "examples/pagers/fifo.ts" }]);
      const generation = typeCheckWorkerGeneration()!;
      await stopTypeCheckWorker();
      return generation;
    };
    const before = await workerOfACheck();
    for (const placement of ["sfi", "native", "server"] as const) {
      const again = await runWithExtensions(config, [{ file: bomb, placement: modeSpecNamed(placement) }], {
        typeCheckLimitMs: 700,
      }).catch((e) => e);
      expect(refusal(again), placement).toEqual(refusal(first));
    }
    // No worker was started for the three refusals.
    expect(await workerOfACheck()).toBe(before + 1);
    // Another limit is another check, in a worker of its own.
    const other = await runWithExtensions(config, [{ file: bomb }], { typeCheckLimitMs: 701 }).catch((e) => e);
    expect(refusal(other)[0]).toContain("type check exceeded 701 ms");
    expect(await workerOfACheck()).toBe(before + 3);
  });

  it("a fresh worker's start-up (loading the libs) is not counted against the limit: each worker is warmed before its first limited check", async () => {
    // Before: the warm-up was remembered across workers, so the worker started after
    // stopTypeCheckWorker (a test's afterAll, the exercise runner after each run) paid for loading
    // TypeScript's libs inside the limit, and on a busy machine a student's first `spin exercise
    // run` was refused (type-check time limit, 3000 ms) for a handler of one line.
    const config = loadWorkload("examples/scenarios/textbook.json");
    await runWithExtensions(config, [{ file: "examples/pagers/fifo.ts" }]);
    const first = typeCheckWorkerGeneration()!;
    expect(warmedWorker()).toBe(first);
    await stopTypeCheckWorker();
    expect(typeCheckWorkerGeneration()).toBeUndefined();
    const ok = await runWithExtensions(config, [{ file: "examples/pagers/fifo.ts" }]);
    expect(ok.totals.faults).toBe(15);
    expect(typeCheckWorkerGeneration()).toBe(first + 1);
    expect(warmedWorker()).toBe(first + 1);
  });

  it("spin check --type-check-limit-ms reports it at the file with exit code 3", async () => {
    const r = await spin("check", "--type-check-limit-ms", "1500", "examples/exercises/type-bomb.ts");
    expect(r.code).toBe(3);
    expect(r.stdout).toContain("examples/exercises/type-bomb.ts:1:1 typecheck-timeout: type check exceeded 1500 ms");
    expect(r.stdout).toContain("rejected examples/exercises/type-bomb.ts: the type check did not finish");
  });

  it("--type-check-limit-ms of spin check and spin load takes whole milliseconds from 1 to 600000 (exit 2 otherwise)", async () => {
    for (const command of ["check", "load"]) {
      const r = await spin(command, "--type-check-limit-ms", "0", "examples/pagers/fifo.ts");
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('spin: --type-check-limit-ms must be an integer from 1 to 600000 (ms), got "0"\n');
    }
  });
});
