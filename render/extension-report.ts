/**
 * What `spin load` prints: the run with extensions next to the built-in defaults, then each
 * extension's accounting. Every string an extension, a scenario or the command line chose (names,
 * files, messages) goes through `visible` here: one line per record, whatever it contains.
 */
import type { RunReport } from "../kernel/machine/report.js";
import { compareRuns, type AppComparison, type RunFigures } from "../extensions/loader/comparison.js";
import { visible } from "../extensions/visible.js";
import type { ExtensionReport, ExtensionRunReport } from "../extensions/loader/index.js";
import { accountingPairs } from "../extensions/loader/accounting-pairs.js";
import { sharedDecisions, type SharedDecision } from "../extensions/loader/shared-decisions.js";
import { formatAppAccount, formatCheck, formatEvents, formatHandler } from "./run-report.js";
import { ms, table } from "./table.js";
import { diskLines, readAheadLines, THREAD_ALIGN, THREAD_HEAD, threadRow } from "./run-details.js";

export function formatComparison(withExt: ExtensionRunReport, baseline: RunReport): string {
  const lines: string[] = [];
  lines.push(`scenario ${visible(withExt.scenario)}  seed ${withExt.seed}  frames ${withExt.frames}`);
  lines.push(
    `simulated time ${ms(withExt.simulatedNs)} ms with extensions, ${ms(baseline.simulatedNs)} ms with the built-in policies`,
  );
  lines.push("");
  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  const done = (ns: number) => (ns < 0 ? "-" : ms(ns));
  for (const c of compareRuns(withExt, baseline)) {
    const appName = visible(c.app);
    const b = c.baseline;
    const w = c.withExtensions;
    rows.push([appName, "built-in", `${visible(b.pager)}/${visible(b.scheduler)}`, ...cells(b)]);
    rows.push([appName, "extensions", extensionPolicy(c), ...cells(w)]);
    const faults = `${w.faults} faults vs ${b.faults} (${delta(w.faults, b.faults)}), ${w.majorFaults} vs ${b.majorFaults} major`;
    const finish = `done at ${done(w.doneNs)} vs ${done(b.doneNs)} ms (${delta(w.doneNs, b.doneNs)})`;
    if (c.extensions.length === 0) {
      verdicts.push(`${appName} (no extension, shares the machine): ${faults}, ${finish}`);
    } else {
      // "built-in" before the replaced policy: an extension may share a built-in policy's name.
      const replaced = c.replaced.length > 0 ? c.replaced.map((r) => visible(r)).join(" + ") : "policies";
      verdicts.push(
        `${appName}: ${extensionNames(c)} ${w.faults} faults vs built-in ${replaced} ${b.faults} (${delta(w.faults, b.faults)}), ` +
          `${w.majorFaults} vs ${b.majorFaults} major, ${finish}`,
      );
    }
  }
  lines.push(
    table(["app", "run", "policy", "faults", "major", "evict", "wback", "prefetch", "ext ms", "done ms"], rows, [
      "left",
      "left",
      "left",
      ...Array<"right">(7).fill("right"),
    ]),
  );
  lines.push(...verdicts);
  const contention = [
    ...readAheadLines(withExt, "with extensions"),
    ...readAheadLines(baseline, "built-in"),
    ...diskLines(withExt, "with extensions"),
    ...diskLines(baseline, "built-in"),
  ];
  if (contention.length > 0) lines.push("", ...contention);
  if (withExt.threads.length > 1) lines.push("", formatThreadComparison(withExt, baseline));
  lines.push("");
  lines.push("extensions:");
  for (const e of withExt.extensions) lines.push(formatExtension(e));
  for (const s of sharedDecisions(withExt.extensions)) lines.push(formatSharedDecision(s));
  // With --timing, the whole of the dispatcher's accounts: each binding (unloaded ones marked),
  // each application's, and the default handlers' (their host time is what --timing adds).
  if (withExt.handlers.some((h) => h.hostNs !== undefined)) lines.push("", ...formatAccounts(withExt));
  lines.push("");
  lines.push(`with extensions: ${formatCheck(withExt)}`);
  if (!baseline.check.ok) lines.push(`built-in run: ${formatCheck(baseline)}`);
  return lines.join("\n");
}

/** The accounts of the run with extensions: per binding, per application, the default handlers'. */
function formatAccounts(report: ExtensionRunReport): string[] {
  const lines = ["bindings:", ...report.handlers.map(formatHandler), "applications:"];
  for (const app of report.apps) {
    const line = formatAppAccount(app);
    if (line !== undefined) lines.push(line);
  }
  const events = formatEvents(report);
  if (events !== undefined) lines.push("default handlers:", events);
  return lines;
}

/** Two extensions decide one event of one application: only the last result counts. */
export function formatSharedDecision(s: SharedDecision): string {
  const files = s.files.map((f) => visible(basename(f)));
  return (
    `  note: ${files.join(" and ")} both handle ${s.event} for ${visible(s.app)}: each runs, and the kernel uses the ` +
    `result of the one that runs last (SPIN's default result handler: the last result wins; the order is ` +
    `installation order, with options first and last); the other's decisions are discarded`
  );
}

const cells = (f: RunFigures) => [
  f.faults,
  f.majorFaults,
  f.evictions,
  f.writeBacks,
  f.prefetches,
  ms(f.extensionNs),
  f.doneNs < 0 ? "-" : ms(f.doneNs),
];

function extensionNames(c: AppComparison): string {
  return c.extensions.map((e) => `${visible(e.name)}${e.unloaded ? " (unloaded)" : ""}`).join(" + ");
}

/** What decided in the run with extensions: pager/scheduler, then extensions that replaced neither (read-ahead, observers). */
function extensionPolicy(c: AppComparison): string {
  // An extension's part is marked `(ext)`: it may share a built-in policy's name (`priority`).
  const part = (decided: string, byExtension: boolean) => `${visible(decided)}${byExtension ? " (ext)" : ""}`;
  const p = c.policy;
  const base = `${part(p.pager, p.byExtension.pager)}/${part(p.scheduler, p.byExtension.scheduler)}`;
  const named = new Set([
    ...(p.byExtension.pager ? p.pager.split("+") : []),
    ...(p.byExtension.scheduler ? p.scheduler.split("+") : []),
  ]);
  const others = c.extensions.filter((e) => !named.has(e.name));
  const unloaded = c.extensions.some((e) => e.unloaded) ? " (unloaded)" : "";
  return `${[base, ...others.map((e) => `${visible(e.name)} (ext)`)].join(" + ")}${unloaded}`;
}

/** Per-thread figures of both runs, side by side (shown when the run has more than one thread). */
function formatThreadComparison(withExt: RunReport, baseline: RunReport): string {
  const rows: (string | number)[][] = [];
  withExt.threads.forEach((t, i) => {
    const b = baseline.threads[i]!;
    rows.push(threadRow(b, "built-in"), threadRow(t, "extensions"));
  });
  return table(THREAD_HEAD, rows, THREAD_ALIGN);
}

/** How much of a violation's message the report shows (the sandbox keeps up to 2,000 characters). */
const MESSAGE_MAX = 500;

/** bpftool style: `key value` pairs, zero counters left out, then violations and the unload notice. */
export function formatExtension(e: ExtensionReport): string {
  const lines = [
    `  ${accountingPairs(e)
      .map(([k, v]) => `${k} ${v}`)
      .join("  ")}`,
  ];
  for (const v of e.violations) {
    lines.push(
      `    ${v.kind} at ${v.position === undefined ? "(no position)" : visible(v.position)} on ${visible(v.event)}, t=${ms(v.atNs)} ms: ${visible(v.message, MESSAGE_MAX)}`,
    );
  }
  if (e.violationCount > e.violations.length) lines.push(`    ... ${e.violationCount - e.violations.length} more`);
  if (e.unloaded) {
    lines.push(
      `    unloaded at t=${ms(e.unloaded.atNs)} ms by the watchdog: ${visible(e.unloaded.reason, MESSAGE_MAX)}; the built-in policies decided from then on`,
    );
  }
  lines.push(...formatLog(e));
  return lines.join("\n");
}

/** How many of an extension's log lines the text report shows (`--json` has every kept line). */
export const LOG_LINES_SHOWN = 10;
/** How much of one log line the text report shows (the sandbox keeps up to 1,024 characters). */
const LOG_TEXT_MAX = 300;

/** The first LOG_LINES_SHOWN `kernel.log` lines, each with its time, event and place, then what is left out. */
function formatLog(e: ExtensionReport): string[] {
  const lines = e.logs.slice(0, LOG_LINES_SHOWN).map((l) => {
    const where =
      l.position !== undefined ? ` ${visible(l.position)}` : l.fromJob === true ? " (from a promise job)" : "";
    return `    log t=${ms(l.atNs)} ms ${l.event === null ? "(module)" : visible(l.event)}${where}: ${visible(l.text, LOG_TEXT_MAX)}`;
  });
  const more = e.logs.length - Math.min(e.logs.length, LOG_LINES_SHOWN);
  const notes: string[] = [];
  if (more > 0) notes.push(`${more} more log line${more === 1 ? "" : "s"} in --json`);
  if (e.logDropped > 0)
    notes.push(`${e.logDropped} dropped past the sandbox's limit (${e.logs.length} kept; only counted)`);
  if (notes.length > 0) lines.push(`    ... ${notes.join("; ")}`);
  return lines;
}

function delta(value: number, base: number): string {
  if (base === 0) return value === 0 ? "±0%" : "new";
  const pct = ((value - base) / base) * 100;
  return `${pct > 0 ? "+" : pct < 0 ? "" : "±"}${pct.toFixed(1)}%`;
}

function basename(file: string): string {
  return file.replace(/\\/g, "/").split("/").pop() ?? file;
}
