/**
 * What a run costs the host, bounded whatever the extensions do (red team 2, findings 1, 3, 4, 7):
 * each extension's calls share its host time for the run (`runTimeMs`), after which it is
 * unloaded with a violation of its own kind; an extension is unloaded at its first killed call,
 * so a run of E extensions has at most E kills and E + 1 attempts; a kill's host time counts
 * against the event it happened in, also in the replay; the replay log cannot overflow.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { Kernel } from "../../kernel/machine/kernel.js";
import { EVALUATION_TIMEOUT_MS, createSandboxVM } from "../../sandbox/vm.js";
import { LiveCall, type CallClock, type CallSpec } from "../../sandbox/call-clock.js";
import type { HostValue } from "../../sandbox/marshal.js";
import {
  ExtensionInputError,
  MAX_VIOLATIONS_BOUND,
  builtinPolicies,
  loadExtensions,
  packageRoot,
  runSupervisedWithExtensions,
  supervisedWorkerScript,
} from "../../extensions/loader/index.js";
import { loadWorkload } from "../../workloads/index.js";
import { spin } from "../cli/run-cli.js";
import { fixture, uncheckedMode } from "./helpers.js";

const hostModule = pathToFileURL(fixture("host-functions.mjs")).href;
const textbook = () => loadWorkload(path.join(packageRoot(), "examples", "scenarios", "textbook.json"));
const blockFor = (ms: HostValue | undefined): HostValue => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms));
  return Number(ms);
};

async function inThread(file: string, limits: Record<string, number>) {
  const kernel = new Kernel(textbook(), builtinPolicies);
  const loaded = await loadExtensions(kernel, [{ file: fixture(file) }], {
    mode: uncheckedMode,
    limits,
    hostFunctions: { block: blockFor },
  });
  try {
    const report = kernel.run({ check: true });
    return { report, ext: loaded.reports()[0]! };
  } finally {
    loaded.dispose();
  }
}

describe("each extension's host time for the run", () => {
  it("stops an extension that spins, at its host time for the run, with a host-time violation, and unloads it", async () => {
    const { report, ext } = await inThread("spinner.ts", { budget: 1_000_000, timeoutMs: 60_000, runTimeMs: 150 });
    expect(report.check.ok).toBe(true);
    expect(ext.invocations).toBe(1);
    expect(ext.violationsByKind).toEqual({ "host-time": 1 });
    expect(ext.violations[0]!.message).toBe(
      "guest used up its 150 ms of host time for the run (all its calls together)",
    );
    expect(ext.unloaded?.reason).toBe("its calls used up its host time for the run (150 ms)");
  });

  it("bounds a run whose every call stays under its deadline with no poll (the hold-under-deadline class)", async () => {
    // Each Reclaim holds the host 60 ms, far under its 1,000 ms deadline, and nothing polls: no
    // budget, timeout or kill could ever fire. Textbook has 9 Reclaims: 540 ms of holds.
    const { report, ext } = await inThread("slow.ts", { runTimeMs: 200 });
    expect(report.check.ok).toBe(true);
    expect(ext.violationsByKind).toEqual({ "host-time": 1 });
    expect(ext.invocations).toBeGreaterThanOrEqual(2);
    expect(ext.invocations).toBeLessThan(9);
    expect(ext.unloaded?.reason).toBe("its calls used up its host time for the run (200 ms)");
  });

  it("is a limit with bounds, like the others", async () => {
    const error = await loadExtensions(new Kernel(textbook(), builtinPolicies), [{ file: fixture("fifo.ts") }], {
      mode: uncheckedMode,
      limits: { runTimeMs: 0 },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtensionInputError);
    expect((error as Error).message).toMatch(/runTimeMs must be within \[1, 3600000\], got 0/);
    const r = await spin("load", fixture("fifo.ts"), "--run-time-ms", "0");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--run-time-ms must be an integer from 1 to 3600000 \(ms\), got "0"/);
  });
});

describe("module evaluation's deadline (red team 2, finding 7)", () => {
  it("is at least EVALUATION_TIMEOUT_MS, whatever the handlers' timeout; a handler call gets its own", async () => {
    const specs: CallSpec[] = [];
    let seq = 0;
    const clock: CallClock = {
      begin(spec) {
        specs.push(spec);
        return new LiveCall(++seq, performance.now(), spec);
      },
      end() {},
      now: () => performance.now(),
    };
    const source =
      'import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ handlers: { ev: () => 1 } });\n';
    const made = await createSandboxVM({ source, limits: { timeoutMs: 1 }, callClock: clock });
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    expect(made.value.invoke("ev", 0)).toMatchObject({ ok: true, value: { value: 1 } });
    made.value.dispose();
    expect(specs.map((s) => s.timeoutMs)).toEqual([EVALUATION_TIMEOUT_MS, 1]);
    expect(specs[1]!.runLeftMs).toBeLessThanOrEqual(specs[0]!.runLeftMs!);
  });
});

describe("the replay log of a supervised run (red team 2, finding 7)", () => {
  it("--max-violations is bounded, so the log sized from it cannot overflow", async () => {
    const r = await spin("load", fixture("fifo.ts"), "--max-violations", String(MAX_VIOLATIONS_BOUND + 1));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `--max-violations must be an integer from 1 to ${MAX_VIOLATIONS_BOUND}, got "${MAX_VIOLATIONS_BOUND + 1}"`,
      ),
    );
    const error = await loadExtensions(new Kernel(textbook(), builtinPolicies), [{ file: fixture("fifo.ts") }], {
      mode: uncheckedMode,
      maxViolations: MAX_VIOLATIONS_BOUND + 1,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtensionInputError);
  });
});

describe.skipIf(supervisedWorkerScript() === undefined)("what a supervised run costs the host", () => {
  const limits = { timeoutMs: 200 };

  it("an extension is unloaded at its first killed call: one kill and two workers, not one per violation (finding 3)", async () => {
    const run = await runSupervisedWithExtensions(textbook(), [{ file: fixture("hog.ts") }], {
      mode: uncheckedMode,
      limits,
      check: true,
      hostModule,
    });
    expect(run.host.kills.map((k) => k.kind)).toEqual(["invocation"]);
    expect(run.host.attempts).toBe(2);
    const ext = run.report.extensions[0]!;
    expect(ext.violationsByKind).toEqual({ timeout: 1 });
    expect(ext.unloaded?.reason).toBe(
      "the host watchdog killed one of its calls (it held the host past its deadline and the grace)",
    );
    expect(run.report.check.ok).toBe(true);
  }, 60_000);

  it("E extensions cost at most E kills and E + 1 workers", async () => {
    const requests = [{ file: fixture("hog.ts") }, { file: fixture("hog.ts") }, { file: fixture("fifo.ts") }];
    const run = await runSupervisedWithExtensions(textbook(), requests, {
      mode: uncheckedMode,
      // A deadline fifo.ts's calls cannot reach on a loaded machine (at 200 ms, a fresh clone's CI
      // run at load 6 killed one of them too: three kills): the kills counted are the hogs' only.
      limits: { timeoutMs: 1_000 },
      check: true,
      hostModule,
    });
    expect(run.host.kills.length).toBe(2);
    expect(run.host.attempts).toBeLessThanOrEqual(requests.length + 1);
    expect(run.report.extensions.map((e) => e.unloaded !== undefined)).toEqual([true, true, false]);
  }, 60_000);

  it("a killed call's host time counts against its event in the replay: the next extension's batch finds it over (finding 4)", async () => {
    // Both extensions block on the first Reclaim they run. The first is killed at its 1,000 ms
    // deadline + the margin, past the event's 1,010 ms (at 200/210 ms a loaded machine's slow
    // ordinary call was sometimes a third kill): in the replay the second one's batch on the
    // same event must not start with a fresh cap (before: a second kill on that event, which held
    // the host twice), but fail at once. It blocks, and is killed, on a later event.
    const requests = [{ file: fixture("first-blocker.ts") }, { file: fixture("first-blocker.ts") }];
    const run = await runSupervisedWithExtensions(textbook(), requests, {
      mode: uncheckedMode,
      limits: { timeoutMs: 1_000 },
      eventTimeoutMs: 1_010,
      check: true,
      hostModule,
    });
    const [first, second] = run.report.extensions;
    const at = first!.violations[0]!.atNs;
    expect(first!.violations.map((v) => [v.message, v.atNs])).toEqual([["guest exceeded the 1000 ms deadline", at]]);
    expect(second!.violations[0]).toMatchObject({
      message: "guest exceeded the 1010 ms deadline of its event (all the event's handlers together)",
      atNs: at,
    });
    // One kill per event: the second extension's own kill came at a later one.
    expect(run.host.kills.length).toBe(2);
    expect(second!.violations[1]!.atNs).toBeGreaterThan(at);
    expect(run.report.check.ok).toBe(true);
  }, 60_000);

  it("the host time for the run holds in a supervised run too, killed or not", async () => {
    const run = await runSupervisedWithExtensions(textbook(), [{ file: fixture("slow.ts") }], {
      mode: uncheckedMode,
      limits: { runTimeMs: 200 },
      check: true,
      hostModule,
    });
    const ext = run.report.extensions[0]!;
    expect(ext.violationsByKind).toEqual({ "host-time": 1 });
    expect(ext.unloaded).toBeDefined();
    expect(run.host.kills.every((k) => k.kind === "run")).toBe(true);
    expect(run.host.kills.length).toBeLessThanOrEqual(1);
  }, 60_000);
});
