/**
 * The backstop of the V8 placements against a fatal V8 abort (extensions/loader/host-process.ts):
 * a run with a `native` or `server` extension runs in a process of its own, so that an abort
 * there (V8's FatalProcessOutOfMemory: SIGABRT, exit status 134) is a report with exit code 4
 * for `spin`, and a verdict for the exercise matrix, instead of the death of `spin` or of the
 * test's own process. The abort is real: the test hook SPIN_TEST_UNBOUNDED_BUILTINS=1 hardens the
 * simulation worker's and the server's realms without the length bounds, so arraylike-sort-abort
 * makes V8's sort size its work array from a length of 2^53-1, as it did before the bounds
 * ("FATAL ERROR: invalid array length Allocation failed - JavaScript heap out of memory").
 * Everything here runs in this test's process: without the backstop, the process dies.
 */
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalogue, runExercise } from "../../extensions/exercise/index.js";
import { SimulationAborted, SimulationPool } from "../../extensions/loader/index.js";
import { abortReport } from "../../extensions/loader/host-process.js";
import { EXIT } from "../../cli/exit-codes.js";
import { spin } from "../cli/run-cli.js";

const EXERCISE = "examples/exercises/arraylike-sort-abort.ts";

/** Run `f` with the realms' length bounds switched off in the processes it starts. */
async function unbounded<T>(f: () => Promise<T>): Promise<T> {
  process.env.SPIN_TEST_UNBOUNDED_BUILTINS = "1";
  try {
    return await f();
  } finally {
    delete process.env.SPIN_TEST_UNBOUNDED_BUILTINS;
  }
}

describe("a fatal V8 abort in a V8 placement", () => {
  it("is `spin load`'s kernel-down report with exit code 4, not the death of spin", async () => {
    const r = await unbounded(() =>
      spin("load", EXERCISE, "--mode", "server", "--scenario", "examples/scenarios/textbook.json"),
    );
    expect(r.code).toBe(EXIT.simulationDied);
    expect(r.stderr).toContain(
      `spin: kernel down: the host process ran out of memory while running ${EXERCISE} (server): V8 aborted it (SIGABRT: "invalid array length Allocation failed - JavaScript heap out of memory")`,
    );
    expect(r.stderr).toMatch(/which alone died; no report\n$/);
    // What V8 printed stays in the dead process's pipe: no native stack reaches the terminal.
    expect(r.stderr).not.toContain("Native stack trace");
    expect(r.stdout).toBe("");
  }, 60_000);

  describe("in the exercise matrix", () => {
    const exercise = loadCatalogue().find((e) => e.file === EXERCISE)!;
    const pool = new SimulationPool();
    afterAll(() => pool.close());

    it("is a verdict: kernel down (by design) in native, an escape in server; the next run gets a new process", async () => {
      const native = await unbounded(() => runExercise(exercise, "native", { pool }));
      expect(native.outcome.stop).toBe("kernel down: heap");
      expect(native.outcome.message).toContain("V8 aborted it (SIGABRT");
      const server = await unbounded(() => runExercise(exercise, "server", { pool }));
      expect(server.outcome).toMatchObject({ stop: "ESCAPED", code: "host abort" });
      expect(server.outcome.message).toMatch(
        /the host process ran out of memory while running \S*arraylike-sort-abort\.ts \(server\)/,
      );
      // The pool's dead process is not reused: the same cell, bounded again, is what its header says.
      const bounded = await runExercise(exercise, "server", { pool });
      expect(bounded.outcome.stop).toBe(exercise.expected.server);
      expect(bounded.hostAlive).toBe(true);
    }, 120_000);
  });

  it("is told from the process's other ends: a crash is an abort too, an exit without V8's word is our bug", () => {
    const what = "x.ts (server)";
    const check = "\n\n#\n# Fatal error in , line 0\n# Check failed: x.\n#\n";
    const crash = abortReport({ code: null, signal: "SIGTRAP" }, check, what, []);
    expect(crash).toBeInstanceOf(SimulationAborted);
    expect((crash as SimulationAborted).outOfMemory).toBe(false);
    expect(crash.message).toContain(
      'kernel down: the host process ended (SIGTRAP: "Check failed: x.") while running x.ts (server)',
    );
    const killed = abortReport({ code: null, signal: "SIGKILL" }, "", what, ["x.ts"]);
    expect(killed.message).toContain("was killed (SIGKILL)");
    const ours = abortReport({ code: 1, signal: null }, "TypeError: oops\n    at f (a.js:1:1)\n", what, []);
    expect(ours).not.toBeInstanceOf(SimulationAborted);
    expect(ours.message).toMatch(
      /^internal: the simulation's process ended \(exit code 1\) before it reported:\nTypeError: oops/,
    );
  });
});
