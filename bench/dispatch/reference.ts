/**
 * The yardsticks a dispatch sweep is read against (a bare QuickJS call, armed and not, a sandbox
 * VM's invoke, one clock read), the competition of a spinning handler with well-behaved ones, and
 * the accounts of bindings as rows.
 */
import type { Histogram } from "hdr-histogram-js";
import { bareCallFunction } from "../bare-call.js";
import type { Binding, Principal } from "../../kernel/dispatcher/binding.js";
import { FuelTally, SandboxHandlerDomain } from "../../sandbox/handler.js";
import { rewriteCountingFuel } from "../../extensions/sfi/fuel-count.js";
import { createSandboxVM } from "../../sandbox/vm.js";
import { median, microsPerCall } from "../stats.js";
import { distributionOf, latencyHistogram, recordNs } from "../latency.js";
import { STREAM_THREADS, eventStream } from "./events.js";
import { makeDispatcher, type VmPool } from "./vm-pool.js";
import type { AccountRow, SweepResult } from "./result.js";

const PAGE_FAULT = "Translation.PageNotPresent" as const;
/** Reference rounds: enough pairs for a 95% interval of the median difference. */
const REFERENCE_ROUNDS = 7;

const SPINNER_SOURCE = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ name: "spinner", handlers: {
  "${PAGE_FAULT}": (args) => { for (;;) {} },
} });`;

const QUICKJS_NOOP = `import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ name: "noop", handlers: { "${PAGE_FAULT}": (args) => ({}) } });`;

/** A binding on the swept event with its extension and application. */
export interface BoundHandler {
  binding: Binding;
  extension: string;
  app: number;
}

export function accountRows(bindings: readonly BoundHandler[], latency?: Map<Binding, Histogram>): AccountRow[] {
  return bindings.map(({ binding: b, extension, app }) => {
    const faults: Record<string, number> = {};
    for (const [k, v] of b.account.faultsByKind) faults[k] = v;
    const h = latency?.get(b);
    return {
      extension,
      binding: b.handler.name,
      app,
      invocations: b.account.invocations,
      failures: b.account.failures,
      instructions: b.account.instructions,
      fuel: b.account.fuel,
      hostUs: b.account.hostNs / 1000,
      faults,
      latency: h ? distributionOf(h) : distributionOf(latencyHistogram(2)),
    };
  });
}

/** Per-call µs of `fn` over `iterations` calls after a warm-up: the median of 5 blocks. */
const perCallUs = (iterations: number, fn: (i: number) => void): number => microsPerCall(iterations, fn, 5);

/** One `performance.now()` read, µs: the median of blocks of back-to-back reads. */
export function clockReadUs(): number {
  let sink = 0;
  return (
    perCallUs(100_000, () => {
      sink += performance.now();
    }) + (sink < 0 ? 1 : 0)
  );
}

export async function measureReference(): Promise<SweepResult["reference"]> {
  const bare = await bareCallFunction();
  const rt = bare.runtime;
  const call = bare.call;
  const iterations = 10_000;
  // What the sandbox adds for untrusted code around each call: an interrupt handler (QuickJS
  // calls it every 10,000 ticks) and a fresh meter with a deadline read from the host clock.
  // Armed and unarmed blocks alternate, medians of each.
  let meter = { polls: 0, budget: 100, deadline: 0 };
  const interrupt = () => {
    meter.polls++;
    return meter.polls > meter.budget || performance.now() > meter.deadline;
  };
  const armedCall = (i: number) => {
    meter = { polls: 0, budget: 100, deadline: performance.now() + 250 };
    call(i);
  };
  const plain: number[] = [];
  const armed: number[] = [];
  for (let round = 0; round < REFERENCE_ROUNDS; round++) {
    rt.removeInterruptHandler();
    plain.push(perCallUs(iterations, call));
    rt.setInterruptHandler(interrupt);
    armed.push(perCallUs(iterations, armedCall));
  }
  rt.removeInterruptHandler();
  bare.dispose();

  const vm = await createSandboxVM({ source: QUICKJS_NOOP, filename: "noop.js" });
  if (!vm.ok) throw new Error(`bench setup: sandbox VM failed: ${vm.error.message}`);
  const args = eventStream(PAGE_FAULT, 256, 1, { apps: 1, threads: STREAM_THREADS, resident: 0 }).map((e) => e.args());
  const vmInvokeUs = perCallUs(iterations / 4, (i) => {
    const r = vm.value.invokeMany([{ event: PAGE_FAULT, index: 0, args: args[i & 255] }]);
    if (!r.ok || !r.value.results[0]!.ok) throw new Error("bench: no-op handler failed");
  });
  vm.value.dispose();
  return {
    clockReadUs: clockReadUs(),
    bareCallUs: median(plain),
    bareCallArmedUs: median(armed),
    bareCallRoundsUs: plain,
    bareCallArmedRoundsUs: armed,
    vmInvokeUs,
  };
}

export async function measureCompetition(pool: VmPool): Promise<SweepResult["competition"]> {
  const dispatcher = makeDispatcher(PAGE_FAULT, "last");
  const bindings: BoundHandler[] = [];
  // Fuel counted as typed counts it (the fuel pass in counting mode, reported to a tally), so the
  // accounts show each handler's work: the spinner's too, stopped by its budget's interrupt.
  const boot = async (source: string, name: string, budget?: number) => {
    const counted = rewriteCountingFuel(`${name}.ts`, source);
    const fuel = new FuelTally();
    const r = await createSandboxVM({
      source: counted.js,
      filename: `${name}.js`,
      hostFunctions: { sfiFuel: fuel.report },
      ...(budget !== undefined ? { limits: { budget } } : {}),
    });
    if (!r.ok) throw new Error(`bench setup: ${name} VM failed: ${r.error.message}`);
    pool.all.push(r.value);
    return new SandboxHandlerDomain(r.value, { sourceFile: `${name}.ts`, mapPosition: counted.mapPosition, fuel });
  };
  const principal = (name: string): Principal => ({ kind: "application", space: 0, name });
  const spinner = await boot(SPINNER_SOURCE, "spinner", 1);
  bindings.push({
    binding: dispatcher.install(PAGE_FAULT, spinner.handler(PAGE_FAULT, 0, "spinner"), {
      principal: principal("spinner"),
      options: { cancel: true },
    }),
    extension: "spinner",
    app: 0,
  });
  for (let i = 0; i < 3; i++) {
    const d = await boot(QUICKJS_NOOP, `ext${i}`);
    bindings.push({
      binding: dispatcher.install(PAGE_FAULT, d.handler(PAGE_FAULT, 0, `ext${i}`), {
        principal: principal(`ext${i}`),
        options: { cancel: true },
      }),
      extension: `ext${i}`,
      app: 0,
    });
  }
  const latency = new Map<Binding, Histogram>();
  for (const { binding } of bindings) {
    const h = latencyHistogram(2);
    latency.set(binding, h);
    binding.account.observeHostNs = (ns) => recordNs(h, ns);
  }
  const events = eventStream(PAGE_FAULT, 20, 99, { apps: 1, threads: STREAM_THREADS, resident: 0 });
  for (const e of events) dispatcher.raise(PAGE_FAULT, e.key, e.args as never);
  return { events: events.length, rows: accountRows(bindings, latency) };
}
