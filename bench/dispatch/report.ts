/** What `spin bench dispatch` prints: a table, a summary of the dispatcher's aims, and the chart. */
import { renderLineChart } from "../../render/svg-chart.js";
import { table } from "../../render/table.js";
import type { AccountRow, Point, SweepResult } from "./sweep.js";

const us = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function find(r: SweepResult, config: string, n: number): Point | undefined {
  return r.points.find((p) => p.config === config && p.handlers === n);
}

export interface Summary {
  /** native, match one: cost at the largest N / cost at N=1 (aim ≤ 1.5). */
  oneOfManyNative?: { n: number; ratio: number };
  oneOfManyShared?: { n: number; ratio: number };
  oneOfManyOneEach?: { n: number; ratio: number };
  /** All N matching: one sandbox (one crossing) vs N sandboxes (N crossings), at the largest N both have. */
  batchVsCrossings?: { n: number; sharedUs: number; separateUs: number; ratio: number };
  /** A no-op sandboxed handler vs a native one, N=1, match one. */
  sandboxedVsNative?: { sandboxedUs: number; nativeUs: number; ratio: number };
  /** Arming an interrupt handler and a meter per call (bare call armed − bare call). */
  armingUs: number;
}

export function summarize(r: SweepResult): Summary {
  const ratioAt = (config: string) => {
    const ns = r.points.filter((p) => p.config === config).map((p) => p.handlers);
    if (ns.length < 2 || !ns.includes(1)) return undefined;
    const n = Math.max(...ns);
    return { n, ratio: find(r, config, n)!.medianUs / find(r, config, 1)!.medianUs };
  };
  const s: Summary = { armingUs: r.reference.bareCallArmedUs - r.reference.bareCallUs };
  const a = ratioAt("native, match one");
  if (a) s.oneOfManyNative = a;
  const b = ratioAt("sandboxed shared, match one");
  if (b) s.oneOfManyShared = b;
  const c = ratioAt("sandboxed one-sandbox-each, match one");
  if (c) s.oneOfManyOneEach = c;
  const shared = r.points.filter((p) => p.config === "sandboxed shared, match all");
  const each = r.points.filter((p) => p.config === "sandboxed one-sandbox-each, match all");
  const common = shared.map((p) => p.handlers).filter((n) => n > 1 && each.some((q) => q.handlers === n));
  if (common.length > 0) {
    const n = Math.max(...common);
    const sharedUs = find(r, "sandboxed shared, match all", n)!.medianUs;
    const separateUs = find(r, "sandboxed one-sandbox-each, match all", n)!.medianUs;
    s.batchVsCrossings = { n, sharedUs, separateUs, ratio: sharedUs / separateUs };
  }
  const sb = find(r, "sandboxed shared, match one", 1) ?? find(r, "sandboxed one-sandbox-each, match one", 1);
  const nat = find(r, "native, match one", 1);
  if (sb && nat)
    s.sandboxedVsNative = { sandboxedUs: sb.medianUs, nativeUs: nat.medianUs, ratio: sb.medianUs / nat.medianUs };
  return s;
}

function accountTable(rows: readonly AccountRow[], limit = 6): string {
  const shown = rows.length > limit ? [...rows.slice(0, limit - 1)] : [...rows];
  const body = shown.map((a) => [
    a.extension,
    a.bindings,
    a.invocations,
    a.failures,
    a.instructions,
    a.hostUs.toFixed(0),
    Object.entries(a.faults)
      .map(([k, v]) => `${k}:${v}`)
      .join(" ") || "-",
  ]);
  if (rows.length > limit) {
    const rest = rows.slice(limit - 1);
    const sum = (f: (a: AccountRow) => number) => rest.reduce((t, a) => t + f(a), 0);
    body.push([
      `… ${rest.length} more`,
      sum((a) => a.bindings),
      sum((a) => a.invocations),
      sum((a) => a.failures),
      sum((a) => a.instructions),
      sum((a) => a.hostUs).toFixed(0),
      "",
    ]);
  }
  return table(["extension", "bindings", "invocations", "failures", "instructions", "host µs", "faults"], body);
}

export function formatSweep(r: SweepResult): string {
  const lines: string[] = [];
  const o = r.options;
  lines.push(
    `spin bench dispatch: ${r.event}, ${o.events} seeded events × ${o.reps} repetitions (each ≥ 5 ms) after ${o.warmup} warm-up events`,
  );
  lines.push(`machine: ${r.machine.cpus} cores, ${r.machine.cpuModel}, Node ${r.machine.node}`);
  lines.push("");
  lines.push(
    table(
      ["configuration", "N", "matched", "crossings", "µs/event", "min", "max", "µs/handler", "instr/event"],
      r.points.map((p) => [
        p.config,
        p.handlers,
        p.matchedPerEvent,
        p.crossingsPerEvent,
        us(p.medianUs),
        us(p.minUs),
        us(p.maxUs),
        us(p.perHandlerUs),
        p.instructionsPerEvent.toFixed(2),
      ]),
    ),
  );
  lines.push("");
  lines.push("reference points, same run:");
  lines.push(`  bare quickjs-emscripten callFunction, 3 numbers (baseline)    ${us(r.reference.bareCallUs)} µs`);
  lines.push(`  … with interrupt handler + meter/deadline armed per call       ${us(r.reference.bareCallArmedUs)} µs`);
  lines.push(`  SandboxVM.invoke of a no-op handler (no dispatcher)             ${us(r.reference.vmInvokeUs)} µs`);
  const s = summarize(r);
  lines.push("");
  lines.push("aims:");
  const one = (label: string, x: { n: number; ratio: number } | undefined) =>
    x && lines.push(`  ${label}: N=${x.n} with one matching / N=1: ${x.ratio.toFixed(2)}× (aim ≤ 1.5×)`);
  one("native", s.oneOfManyNative);
  one("sandboxed shared", s.oneOfManyShared);
  one("sandboxed one-sandbox-each", s.oneOfManyOneEach);
  if (s.batchVsCrossings) {
    const b = s.batchVsCrossings;
    lines.push(
      `  ${b.n} all-matching handlers: one sandbox (1 crossing) ${us(b.sharedUs)} µs vs ${b.n} sandboxes (${b.n} crossings) ${us(b.separateUs)} µs: ${b.ratio.toFixed(2)}×`,
    );
  }
  if (s.sandboxedVsNative) {
    const v = s.sandboxedVsNative;
    lines.push(
      `  no-op sandboxed handler ${us(v.sandboxedUs)} µs vs native ${us(v.nativeUs)} µs per event: ${v.ratio.toFixed(1)}×`,
    );
  }
  lines.push(`  arming the interrupt handler and meter for untrusted code: ${us(s.armingUs)} µs per call`);
  for (const a of r.accounts) {
    if (a.config.startsWith("native")) continue;
    lines.push("");
    lines.push(
      `accounts, ${a.config}, N=${a.handlers} (binding accounting in the dispatcher; a batch's instructions are charged to its first handler, its host time split evenly):`,
    );
    lines.push(accountTable(a.rows));
  }
  lines.push("");
  lines.push(
    `competing handlers: one extension spins forever (budget 1 poll), three are no-ops; ${r.competition.events} events:`,
  );
  lines.push(accountTable(r.competition.rows));
  return lines.join("\n");
}

export function sweepChart(r: SweepResult): string {
  const configs = [...new Set(r.points.map((p) => p.config))];
  return renderLineChart({
    title: `Dispatch cost of one ${r.event} event vs installed handlers (${r.machine.cpus} cores, Node ${r.machine.node})`,
    xLabel: "installed handlers N (log scale)",
    yLabel: "cost per event, µs (median, log scale)",
    logX: true,
    logY: true,
    series: configs.map((c) => ({
      name: c,
      points: r.points.filter((p) => p.config === c).map((p) => [p.handlers, p.medianUs] as const),
    })),
    references: [
      { name: `bare callFunction ${us(r.reference.bareCallUs)} µs`, y: r.reference.bareCallUs },
      { name: `SandboxVM.invoke ${us(r.reference.vmInvokeUs)} µs`, y: r.reference.vmInvokeUs },
    ],
  });
}
