/**
 * What `spin load` prints: the run with extensions next to the built-in defaults, then each
 * extension's accounting. Every string an extension, a scenario or the command line chose (names,
 * files, messages) goes through `visible` here: one line per record, whatever it contains.
 */
import type { RunReport } from "../kernel/machine/report.js";
import { visible } from "../extensions/visible.js";
import type { ExtensionReport, ExtensionRunReport } from "../extensions/loader/index.js";
import { accountingPairs } from "../extensions/loader/accounting-pairs.js";
import { sharedDecisions, type SharedDecision } from "../extensions/loader/shared-decisions.js";
import { formatCheck } from "./run-report.js";
import { ms, table } from "./table.js";

export function formatComparison(withExt: ExtensionRunReport, baseline: RunReport): string {
  const lines: string[] = [];
  lines.push(`scenario ${visible(withExt.scenario)}  seed ${withExt.seed}  frames ${withExt.frames}`);
  lines.push(
    `simulated time ${ms(withExt.simulatedNs)} ms with extensions, ${ms(baseline.simulatedNs)} ms with the built-in policies`,
  );
  lines.push("");
  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  withExt.apps.forEach((app, i) => {
    const base = baseline.apps[i]!;
    const exts = withExt.extensions.filter((e) => e.app === app.name);
    const appName = visible(app.name);
    const builtin = `built-in ${visible(base.pager)}/${visible(base.scheduler)}`;
    rows.push([
      appName,
      builtin,
      base.faults,
      base.majorFaults,
      base.evictions,
      base.writeBacks,
      base.prefetches,
      ms(base.extensionNs),
      base.finishedNs < 0 ? "-" : ms(base.finishedNs),
    ]);
    if (exts.length === 0) return;
    const label = exts.map((e) => `${visible(basename(e.file))}${e.unloaded ? " (unloaded)" : ""}`).join(" + ");
    rows.push([
      appName,
      label,
      app.faults,
      app.majorFaults,
      app.evictions,
      app.writeBacks,
      app.prefetches,
      ms(app.extensionNs),
      app.finishedNs < 0 ? "-" : ms(app.finishedNs),
    ]);
    verdicts.push(
      `${appName}: ${label} ${app.faults} faults vs ${visible(base.pager)} ${base.faults} (${delta(app.faults, base.faults)}), ` +
        `${app.majorFaults} vs ${base.majorFaults} major, done at ${ms(app.finishedNs)} vs ${ms(base.finishedNs)} ms (${delta(app.finishedNs, base.finishedNs)})`,
    );
  });
  lines.push(
    table(["app", "policy", "faults", "major", "evict", "wback", "prefetch", "ext ms", "done ms"], rows, [
      "left",
      "left",
      ...Array<"right">(7).fill("right"),
    ]),
  );
  lines.push(...verdicts);
  lines.push("");
  lines.push("extensions:");
  for (const e of withExt.extensions) lines.push(formatExtension(e));
  for (const s of sharedDecisions(withExt.extensions)) lines.push(formatSharedDecision(s));
  lines.push("");
  lines.push(`with extensions: ${formatCheck(withExt)}`);
  if (!baseline.check.ok) lines.push(`built-in run: ${formatCheck(baseline)}`);
  return lines.join("\n");
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
  return lines.join("\n");
}

function delta(value: number, base: number): string {
  if (base === 0) return value === 0 ? "±0%" : "new";
  const pct = ((value - base) / base) * 100;
  return `${pct > 0 ? "+" : pct < 0 ? "" : "±"}${pct.toFixed(1)}%`;
}

function basename(file: string): string {
  return file.replace(/\\/g, "/").split("/").pop() ?? file;
}
