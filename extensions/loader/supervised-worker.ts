/**
 * Worker-thread entry of a supervised run (supervised-run.ts): the kernel, the built-in policies
 * and a sandbox VM per prepared extension, no TypeScript compiler. It runs the simulation once
 * with the supervisor's replay plan and posts the result as data.
 *
 * Started for one job (its workerData is the job), it ends when the job is done. Started warm
 * for a pool (simulation-pool.ts: workerData `{ pooled, quickjs }`), it runs one job per
 * message, each from nothing: a new kernel, new VMs (each a new QuickJS instance with its own
 * memory; a native VM a new Compartment; a server VM a new thread), a new clock, nothing kept
 * from the job before but the modules' pure memos. After each job it says whether it is idle or
 * what it left behind (leftAfterJob: a handle, a server thread, the hardened realm's state away
 * from rest, a taint of the job), and only an idle worker is given another job.
 *
 * Positions in faults are mapped to the TypeScript source by the main thread, which holds each
 * extension's source map (a mode's map is a function, not data): the worker asks and waits on a
 * shared flag. It only asks between guest calls, never while the supervisor could be timing one.
 */
import { parentPort, workerData } from "node:worker_threads";
import { Kernel } from "../../kernel/machine/kernel.js";
import { builtinPolicies } from "../../policies/index.js";
import { useCompiledQuickJS } from "../../sandbox/engine.js";
import { leaveBuiltinsUnboundedForTest } from "../../sandbox/native/realm.js";
import type { PositionMapper } from "../../sandbox/handler.js";
import type { HostFunction } from "../../sandbox/marshal.js";
import type { RunReport } from "../../kernel/machine/report.js";
import { AttachedExtensions, bootProblems, locator, resultLocator } from "./attach.js";
import { EventFile, OutputFileError } from "./event-file.js";
import { ExtensionInputError, ExtensionLoadError } from "./errors.js";
import { Heartbeat, SupervisedClock } from "./heartbeat.js";
import { PLACEMENTS, type PlacementName } from "./mode-names.js";
import { leftAfterJob, startJobAsFresh } from "./worker-leftovers.js";
import type { PoolJob, PooledWorkerData, WorkerInput, WorkerMessage, VmSummary } from "./supervised-protocol.js";

const port = parentPort;
if (port === null) throw new Error("supervised-worker.js runs as a worker thread");
const post = (m: WorkerMessage): void => port.postMessage(m);

/** Ask the main thread for a source position; cached (the same place faults again and again). */
function remoteMapper(extension: number, reply: Int32Array): PositionMapper {
  const cache = new Map<string, { line: number; column: number } | undefined>();
  return (line, column) => {
    const key = `${line}:${column}`;
    if (cache.has(key)) return cache.get(key);
    Atomics.store(reply, 0, 0);
    post({ type: "map", extension, line, column });
    // The main thread is idle while the simulation runs; 10 s is only a guard against a bug.
    Atomics.wait(reply, 0, 0, 10_000);
    const found = Atomics.load(reply, 0) === 1 && reply[1] === 1 ? { line: reply[2]!, column: reply[3]! } : undefined;
    cache.set(key, found);
    return found;
  };
}

/**
 * Run one job; what in it makes this thread unfit for another job (empty: nothing). Only the
 * `native` placement runs guest code on this thread: a V8 stack overflow can stop our own code
 * between any two steps (mid-update of a count this realm keeps), so a job in which a native VM
 * overflowed its stack, had a call killed, or failed to load taints the thread.
 */
async function runJob(input: WorkerInput): Promise<string[]> {
  startJobAsFresh();
  if (input.quickjs !== undefined) useCompiledQuickJS(input.quickjs);
  if (process.env.SPIN_TEST_UNBOUNDED_BUILTINS === "1") leaveBuiltinsUnboundedForTest();
  const clock = new SupervisedClock(new Heartbeat(input.heartbeat), { kills: input.kills });
  let hostFunctions: Record<string, HostFunction> | undefined;
  if (input.hostModule !== undefined) {
    hostFunctions = ((await import(input.hostModule)) as { default: Record<string, HostFunction> }).default;
  }
  const natives = input.extensions.some((e) => isNativePlacement(e.mode));
  const o = input.options;
  const reply = new Int32Array(input.mapReply);
  const job = input.job;
  if (job.job === "check") {
    const problems: Awaited<ReturnType<typeof bootProblems>> = [];
    for (const [i, ext] of input.extensions.entries()) {
      problems.push(
        ...(await bootProblems(
          {
            file: ext.file,
            mode: ext.mode,
            js: ext.js,
            mapPosition: remoteMapper(i, reply),
            locate: locator(ext.locations),
          },
          { limits: o.limits, callClock: clock },
        )),
      );
    }
    post({ type: "checked", problems });
    return natives && problems.length > 0 ? ["a native extension that failed its load-time check"] : [];
  }
  const kernel = new Kernel(job.config, builtinPolicies);
  const set = new AttachedExtensions(kernel, {
    limits: o.limits,
    maxViolations: o.maxViolations,
    timing: o.timing,
    eventTimeoutMs: o.eventTimeoutMs,
    callClock: clock,
    ...(hostFunctions ? { hostFunctions } : {}),
  });
  try {
    for (const [i, ext] of input.extensions.entries()) {
      await set.attach({
        ...ext,
        mapPosition: remoteMapper(i, reply),
        locate: locator(ext.locations),
        locateResult: resultLocator(ext.locations),
      });
    }
  } catch (error) {
    set.unloadAll("load of another extension failed");
    const taints = natives ? ["a run with a native extension that failed to load"] : [];
    if (error instanceof ExtensionLoadError) {
      post({ type: "load-error", problems: [...error.problems] });
      return taints;
    }
    if (error instanceof ExtensionInputError) {
      post({ type: "input-error", message: error.message });
      return taints;
    }
    throw error;
  }
  set.watch();
  // Each attempt (a replay after a kill) writes the record from the start: the same bytes again.
  let events: EventFile | undefined;
  let report: RunReport;
  try {
    events = o.eventsFile === undefined ? undefined : new EventFile(o.eventsFile, { run: "extensions" });
    report = kernel.run({
      check: o.check,
      timing: o.timing,
      timeline: o.timeline,
      onProgress: (done, total) => post({ type: "progress", done, total }),
      ...(events ? { onEvent: events.write } : {}),
    });
    events?.close();
  } catch (error) {
    set.dispose();
    if (error instanceof OutputFileError) {
      post({ type: "output-error", message: error.message });
      return nativeTaints(set);
    }
    throw error;
  }
  const vms: VmSummary[] = set.extensions.map((e) => ({
    logs: e.vm.logs.map((l) => l.text),
    logDropped: e.vm.stats.logDropped,
    memoryUsed: e.vm.memoryUsage() ?? null,
    memoryLimit: e.vm.limits.memoryBytes,
  }));
  const extensions = set.reports();
  const taints = nativeTaints(set);
  set.dispose();
  post({ type: "done", report: { ...report, extensions }, vms });
  return taints;
}

/** Whether a placement runs its guest on this thread (`native`: a Compartment of this realm). */
function isNativePlacement(mode: string): boolean {
  return Object.hasOwn(PLACEMENTS, mode) && PLACEMENTS[mode as PlacementName].engine === "compartment";
}

/** What the native VMs of a job did that taints this thread (runJob); read before they are disposed. */
function nativeTaints(set: AttachedExtensions): string[] {
  const taints: string[] = [];
  for (const e of set.extensions) {
    if (!isNativePlacement(e.mode)) continue;
    const stats = e.vm.stats;
    if (stats.faults.stack > 0) taints.push(`${e.name}: a stack overflow in this thread (native)`);
    if (stats.killedCalls > 0) taints.push(`${e.name}: a call killed by the watchdog (native)`);
    if (e.vm.state === "dead") taints.push(`${e.name}: its VM died (native)`);
  }
  return taints;
}

const start = workerData as WorkerInput | PooledWorkerData;
if ("pooled" in start) {
  if (start.quickjs !== undefined) useCompiledQuickJS(start.quickjs);
  port.on("message", (m: PoolJob) => {
    runJob(m.input).then(
      async (taints) => {
        const left = await leftAfterJob(taints);
        post({ type: "idle", ...(left.length > 0 ? { leftBehind: left } : {}) });
      },
      (error: unknown) =>
        // As a worker started for one job: the error ends the thread, and the supervisor sees it.
        setImmediate(() => {
          throw error;
        }),
    );
  });
} else {
  await runJob(start);
}
