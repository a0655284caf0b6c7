/**
 * The host watchdog (extensions/loader/supervised-run.ts): a guest call that holds the host
 * beyond anything the sandbox can interrupt (here a host function that blocks the thread) is
 * killed with its worker, and a fresh worker replays the run to it and fails it as a timeout.
 * The report is the report of the same run in one thread where that call failed at its
 * deadline without running; it is the same bytes every time; and the simulation's own death
 * (its heap) is a clear error, not a crash of the CLI.
 */
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { MachineConfig } from "../../kernel/config.js";
import { Kernel } from "../../kernel/machine/kernel.js";
import { LiveCall, type CallClock, type CallSpec, type GuestCall } from "../../sandbox/call-clock.js";
import {
  GRACE_MS,
  SimulationDied,
  builtinPolicies,
  loadExtensions,
  runSupervisedWithExtensions,
  type ExtensionRunReport,
} from "../../extensions/loader/index.js";
import { loadWorkload } from "../../workloads/index.js";
import { classify } from "../../cli/user-error.js";
import { EXIT } from "../../cli/exit-codes.js";
import { packageRoot } from "../../extensions/loader/paths.js";
import path from "node:path";
import { fixture, uncheckedMode } from "./helpers.js";

const hostModule = pathToFileURL(fixture("host-functions.mjs")).href;
const textbook = (): MachineConfig => loadWorkload(path.join(packageRoot(), "examples", "scenarios", "textbook.json"));
const TIMEOUT_MS = 200;
const limits = { timeoutMs: TIMEOUT_MS };

/** The in-thread run where the calls `killed` fail with a timeout without running, as a kill leaves them. */
async function runWithCallsFailed(
  config: MachineConfig,
  file: string,
  killed: ReadonlySet<number>,
): Promise<ExtensionRunReport> {
  let seq = 0;
  const clock: CallClock = {
    begin(spec: CallSpec): GuestCall {
      const n = ++seq;
      return killed.has(n)
        ? { seq: n, killed: "invocation", expired: () => "invocation" }
        : new LiveCall(n, performance.now(), spec);
    },
    end() {},
    now: () => performance.now(),
  };
  const kernel = new Kernel(config, builtinPolicies);
  // The blocking host function is never reached here: the calls that would block are failed first.
  const never = (): never => {
    throw new Error("the blocking call ran in the comparison run");
  };
  const loaded = await loadExtensions(kernel, [{ file }], {
    mode: uncheckedMode,
    limits,
    callClock: clock,
    hostFunctions: { block: never },
  });
  try {
    const report = kernel.run({ check: true });
    return { ...report, extensions: loaded.reports() };
  } finally {
    loaded.dispose();
  }
}

describe("the host watchdog", () => {
  it("kills a call blocked beyond any interrupt, replays the run, and reports what a stop at the deadline gives", async () => {
    const config = textbook();
    const file = fixture("blocker.ts");
    const run = await runSupervisedWithExtensions(config, [{ file }], {
      mode: uncheckedMode,
      limits,
      check: true,
      hostModule,
    });

    // Every call that blocked was killed, within its deadline and the grace.
    expect(run.host.kills.length).toBeGreaterThan(0);
    for (const k of run.host.kills) {
      expect(k.kind).toBe("invocation");
      expect(k.heldMs).toBeGreaterThanOrEqual(TIMEOUT_MS);
      expect(k.heldMs).toBeLessThanOrEqual(TIMEOUT_MS + GRACE_MS);
    }
    expect(run.host.attempts).toBe(run.host.kills.length + 1);
    expect(run.host.longestCallMs).toBeLessThanOrEqual(TIMEOUT_MS + GRACE_MS);

    // Each killed call is a timeout violation at the handler; the default policy decided, and the
    // kernel's check holds.
    const ext = run.report.extensions[0]!;
    expect(ext.violationsByKind).toEqual({ timeout: run.host.kills.length });
    for (const v of ext.violations) {
      expect(v.message).toBe(`guest exceeded the ${TIMEOUT_MS} ms deadline`);
      expect(v.position).toMatch(/blocker\.ts:\d+:\d+$/);
    }
    expect(run.report.check.ok).toBe(true);

    // The same run in one thread, with those calls failed at their deadline: the same report.
    const same = await runWithCallsFailed(config, file, new Set(run.host.kills.map((k) => k.seq)));
    expect(JSON.stringify(run.report)).toBe(JSON.stringify(same));
  }, 60_000);

  it("gives the same bytes twice, kills and all", async () => {
    const config = textbook();
    const request = [{ file: fixture("blocker.ts") }];
    const options = { mode: uncheckedMode, limits, check: true, hostModule };
    const a = await runSupervisedWithExtensions(config, request, options);
    const b = await runSupervisedWithExtensions(config, request, options);
    expect(a.host.kills.length).toBeGreaterThan(0);
    expect(b.host.kills.map((k) => k.seq)).toEqual(a.host.kills.map((k) => k.seq));
    expect(JSON.stringify(b.report)).toBe(JSON.stringify(a.report));
  }, 60_000);

  it("a simulation that exhausts its heap is a clear error (exit 4), not an internal one", async () => {
    const error = await runSupervisedWithExtensions(textbook(), [{ file: fixture("grower.ts") }], {
      mode: uncheckedMode,
      hostModule,
      heapMb: 64,
      limits: { timeoutMs: 60_000 },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SimulationDied);
    expect((error as Error).message).toMatch(/ran out of memory \(its heap limit is 64 MiB\)/);
    expect(classify(error)).toEqual({ code: EXIT.simulationDied, message: (error as Error).message });
  }, 60_000);
});
