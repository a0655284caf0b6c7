/** The readable summary of a run: what `spin run` prints without --json. Names from the scenario or an extension go through `visible`. */
import type { RunReport } from "../kernel/machine/report.js";
import { visible } from "../extensions/visible.js";
import { ms, table } from "./table.js";
import { formatThreads, readAheadLines } from "./run-details.js";

export function formatRunReport(report: RunReport): string {
  const lines: string[] = [];
  const t = report.totals;
  lines.push(`scenario ${visible(report.scenario)}  seed ${report.seed}  frames ${report.frames}`);
  lines.push(`simulated time ${ms(report.simulatedNs)} ms`);
  lines.push("");
  lines.push(
    table(
      [
        "app",
        "pager",
        "sched",
        "refs",
        "faults",
        "major",
        "minor",
        "evict",
        "wback",
        "prefetch",
        "io",
        "cpu ms",
        "done ms",
      ],
      report.apps.map((a) => [
        visible(a.name),
        visible(a.pager),
        visible(a.scheduler),
        a.references,
        a.faults,
        a.majorFaults,
        a.minorFaults,
        a.evictions,
        a.writeBacks,
        a.prefetches,
        a.ioRequests,
        ms(a.cpuNs),
        a.finishedNs < 0 ? "-" : ms(a.finishedNs),
      ]),
      ["left", "left", "left", ...Array<"right">(10).fill("right")],
    ),
  );
  lines.push(
    `total: ${t.references} references, ${t.faults} faults (${t.majorFaults} major, ${t.minorFaults} minor), ${t.evictions} evictions, ${t.writeBacks} write-backs, ${t.prefetches} prefetches`,
  );
  lines.push(
    `disk: ${t.diskReads} reads, ${t.diskWrites} writes, ${t.diskIos} application I/Os, busy ${ms(t.diskBusyNs)} ms`,
  );
  lines.push(...readAheadLines(report, "all applications"));
  if (t.diskReads + t.diskWrites + t.diskIos > 0)
    lines.push(
      `disk queue: requests waited ${ms(t.diskQueueNs / (t.diskReads + t.diskWrites + t.diskIos))} ms on average behind others (longest queue ${t.diskMaxQueue})`,
    );
  if (report.threads.length > 1) lines.push("", formatThreads(report));
  for (const app of report.apps) {
    for (const k of app.killed)
      lines.push(`killed: ${visible(app.name)}/${visible(String(k.thread))}: ${visible(k.reason, 500)}`);
    if (app.badAddress > 0 || app.protectionFaults > 0) {
      lines.push(`${visible(app.name)}: ${app.badAddress} bad-address and ${app.protectionFaults} protection faults`);
    }
  }
  const events = formatEvents(report);
  if (events !== undefined) lines.push("", events);
  if (report.handlers.length > 0) {
    lines.push("");
    lines.push("handlers:");
    for (const h of report.handlers) lines.push(formatHandler(h));
  }
  lines.push("");
  lines.push(formatCheck(report));
  return lines.join("\n");
}

/** The events raised and the default handler's runs; with --timing its own account (DISPATCHER.md: the default keeps one). */
export function formatEvents(report: RunReport): string | undefined {
  const raised = Object.entries(report.events).filter(([, e]) => e.raised > 0);
  if (raised.length === 0) return undefined;
  const timed = raised.some(([, e]) => e.defaultHostNs !== undefined);
  return timed
    ? table(
        ["event", "raised", "default ran", "default run_time_ns", "default worst_ns"],
        raised.map(([name, e]) => [name, e.raised, e.defaultRuns, e.defaultHostNs ?? 0, e.defaultWorstHostNs ?? 0]),
        ["left", "right", "right", "right", "right"],
      )
    : table(
        ["event", "raised", "default ran"],
        raised.map(([name, e]) => [name, e.raised, e.defaultRuns]),
        ["left", "right", "right"],
      );
}

/** An application's bindings' accounts summed (AppAccount), bpftool style; undefined if it installed none. */
export function formatAppAccount(app: RunReport["apps"][number]): string | undefined {
  const a = app.handlerAccount;
  if (a.bindings === 0) return undefined;
  const pairs: [string, string | number][] = [
    ["app", visible(app.name)],
    ["bindings", a.bindings],
  ];
  if (a.unloaded) pairs.push(["unloaded", a.unloaded]);
  if (a.invocations) pairs.push(["run_cnt", a.invocations]);
  if (a.instructions) pairs.push(["instructions", a.instructions]);
  if (a.fuel) pairs.push(["fuel", a.fuel]);
  if (a.chargedNs) pairs.push(["charged_ns", a.chargedNs]);
  if (a.batched) pairs.push(["batched", a.batched]);
  if (a.failures) pairs.push(["failures", a.failures]);
  if (a.hostNs) pairs.push(["run_time_ns", a.hostNs]);
  return `  ${pairs.map(([k, v]) => `${k} ${v}`).join("  ")}`;
}

/** bpftool style: stable `key value` pairs, counters left out while zero. */
export function formatHandler(h: RunReport["handlers"][number]): string {
  const pairs: [string, string | number][] = [
    ["id", h.id],
    ["event", visible(h.event)],
    ["name", visible(h.handler)],
    ["kind", visible(h.kind)],
    ["by", visible(h.principal)],
    ["guard", visible(h.guard)],
    ["options", visible(h.options)],
  ];
  if (!h.installed) pairs.push(["state", "unloaded"]);
  if (h.invocations) pairs.push(["run_cnt", h.invocations]);
  if (h.instructions) pairs.push(["instructions", h.instructions]);
  if (h.fuel) pairs.push(["fuel", h.fuel]);
  if (h.chargedNs) pairs.push(["charged_ns", h.chargedNs]);
  if (h.batched) pairs.push(["batched", h.batched]);
  if (h.failures) pairs.push(["failures", h.failures]);
  for (const [kind, n] of Object.entries(h.faults)) pairs.push([`fault_${kind}`, n]);
  if (h.hostNs) pairs.push(["run_time_ns", h.hostNs]);
  if (h.worstHostNs) pairs.push(["worst_ns", h.worstHostNs]);
  const line = `  ${pairs.map(([k, v]) => `${k} ${v}`).join("  ")}`;
  return h.lastFault ? `${line}\n    last fault: ${visible(h.lastFault, 500)}` : line;
}

export function formatCheck(report: RunReport): string {
  const c = report.check;
  if (c.ok) return "check: ok (kernel invariants hold; every page reads back its last write)";
  const lines = [
    `check: FAILED (kernel bug): ${c.violations.length} invariant violations, ${c.lostWrites.length} lost writes`,
  ];
  for (const v of c.violations.slice(0, 10)) lines.push(`  ${visible(v.invariant)}: ${visible(v.detail, 500)}`);
  for (const l of c.lostWrites.slice(0, 10)) {
    lines.push(
      `  lost write: ${visible(l.app)} page 0x${l.vpn.toString(16)}: expected version ${l.expected}, found ${l.found} (${visible(l.where)})`,
    );
  }
  return lines.join("\n");
}
