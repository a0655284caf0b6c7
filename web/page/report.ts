/**
 * The report of a run, as `spin load` prints it (render/extension-report.ts) but as HTML
 * tables: the run with the extension next to the built-in policy, the comparison line, each
 * extension's accounting, its violations (their positions are links into the editor), its log
 * lines, and the kernel's check. Every value is set as text (dom.ts), and every string a scenario
 * or an extension chose goes through `visible` as in the CLI, so a control character or a bidi
 * override is shown as an escape rather than reordering what the reader sees.
 */
import type { ExtensionReport } from "../../extensions/loader/account.js";
import { accountingPairs } from "../../extensions/loader/accounting-pairs.js";
import type { LoadProblem } from "../../extensions/loader/errors.js";
import type { Diagnostic } from "../../extensions/diagnostics.js";
import type { RunReport } from "../../kernel/machine/report.js";
import type { LogLine, RunResultMessage, Verdict } from "../shared/protocol.js";
import { visible } from "../../workloads/visible.js";
import { el } from "./dom.js";

/** Jump the editor to a 1-based line and column. */
export type GoTo = (line: number, column: number) => void;

export function ms(ns: number): string {
  return (ns / 1e6).toFixed(3);
}

function delta(value: number, base: number): string {
  if (base === 0) return value === 0 ? "±0%" : "new";
  const pct = ((value - base) / base) * 100;
  return `${pct > 0 ? "+" : pct < 0 ? "" : "±"}${pct.toFixed(1)}%`;
}

function basename(file: string): string {
  return file.replace(/\\/g, "/").split("/").pop() ?? file;
}

function table(
  head: readonly string[],
  rows: readonly (readonly (string | number | Node)[])[],
  className: string,
): HTMLTableElement {
  return el(
    "table",
    { class: className },
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))),
    el(
      "tbody",
      {},
      ...rows.map((r) =>
        el("tr", {}, ...r.map((c, i) => el("td", { class: typeof c === "number" || i >= 2 ? "num" : undefined }, c))),
      ),
    ),
  );
}

/** `file.ts:12:5` at the end of a position: a link that moves the editor there. */
export function positionLink(position: string | undefined, goTo: GoTo): Node {
  if (position === undefined) return document.createTextNode("(no position)");
  position = visible(position);
  const m = /:(\d+):(\d+)$/.exec(position);
  if (m === null) return document.createTextNode(position);
  const line = Number(m[1]);
  const column = Number(m[2]);
  const a = el("a", { href: "#", class: "position", "data-line": line, "data-column": column }, position);
  a.addEventListener("click", (e) => {
    e.preventDefault();
    goTo(line, column);
  });
  return a;
}

export function renderComparison(r: RunResultMessage): HTMLElement {
  const withExt = r.withExtensions;
  const baseline = r.baseline;
  const rows: (string | number)[][] = [];
  const verdicts: string[] = [];
  withExt.apps.forEach((app, i) => {
    const base = baseline.apps[i]!;
    const exts = r.extensions.filter((e) => e.app === app.name);
    rows.push([
      visible(app.name),
      `built-in ${visible(base.pager)}/${visible(base.scheduler)}`,
      base.faults,
      base.majorFaults,
      base.evictions,
      base.writeBacks,
      base.prefetches,
      base.finishedNs < 0 ? "-" : ms(base.finishedNs),
    ]);
    if (exts.length === 0) return;
    const label = exts.map((e) => `${visible(basename(e.file))}${e.unloaded ? " (unloaded)" : ""}`).join(" + ");
    rows.push([
      visible(app.name),
      label,
      app.faults,
      app.majorFaults,
      app.evictions,
      app.writeBacks,
      app.prefetches,
      app.finishedNs < 0 ? "-" : ms(app.finishedNs),
    ]);
    verdicts.push(
      `${visible(app.name)}: ${label} ${app.faults} faults vs ${visible(base.pager)} ${base.faults} (${delta(app.faults, base.faults)}), ` +
        `${app.majorFaults} vs ${base.majorFaults} major, done at ${ms(app.finishedNs)} vs ${ms(base.finishedNs)} ms (${delta(app.finishedNs, base.finishedNs)})`,
    );
  });
  return el(
    "section",
    { class: "comparison" },
    el(
      "p",
      { class: "run-head" },
      `scenario ${visible(withExt.scenario)}  seed ${withExt.seed}  frames ${withExt.frames}`,
    ),
    el(
      "p",
      {},
      `simulated time ${ms(withExt.simulatedNs)} ms with extensions, ${ms(baseline.simulatedNs)} ms with the built-in policies`,
    ),
    table(["app", "policy", "faults", "major", "evict", "wback", "prefetch", "done ms"], rows, "report-table"),
    ...verdicts.map((v) => el("p", { class: "verdict-line" }, v)),
    el("p", { class: withExt.check.ok ? "check ok" : "check failed" }, `with extensions: ${checkLine(withExt)}`),
    baseline.check.ok ? null : el("p", { class: "check failed" }, `built-in run: ${checkLine(baseline)}`),
  );
}

function checkLine(report: RunReport): string {
  const c = report.check;
  if (c.ok) return "check: ok (kernel invariants hold; every page reads back its last write)";
  return `check: FAILED (kernel bug): ${c.violations.length} invariant violations, ${c.lostWrites.length} lost writes`;
}

/** bpftool style `key value` pairs, then the violations (positions are links) and the unload notice. */
export function renderExtension(e: ExtensionReport, goTo: GoTo): HTMLElement {
  const pairs = accountingPairs(e);
  const violations = e.violations.map((v) =>
    el(
      "li",
      { class: "violation", "data-kind": v.kind },
      `${v.kind} at `,
      positionLink(v.position, goTo),
      ` on ${visible(v.event)}, t=${ms(v.atNs)} ms: ${visible(v.message, 500)}`,
    ),
  );
  return el(
    "div",
    { class: "extension" },
    el("p", { class: "pairs" }, pairs.map(([k, v]) => `${k} ${v}`).join("  ")),
    violations.length > 0 ? el("ul", { class: "violations" }, ...violations) : null,
    e.violationCount > e.violations.length ? el("p", {}, `… ${e.violationCount - e.violations.length} more`) : null,
    e.unloaded
      ? el(
          "p",
          { class: "unloaded" },
          `unloaded at t=${ms(e.unloaded.atNs)} ms by the watchdog: ${visible(e.unloaded.reason, 500)}; the built-in policies decided from then on`,
        )
      : null,
  );
}

/** Each line with its time, event and position (a link into the editor, as a violation's is). */
export function renderLogs(logs: readonly LogLine[], goTo: GoTo): HTMLElement {
  if (logs.length === 0) return el("p", { class: "muted" }, "no log lines (kernel.log writes them)");
  return el(
    "ol",
    { class: "logs" },
    ...logs.map((l) =>
      el(
        "li",
        {},
        el(
          "span",
          { class: "muted" },
          `${visible(l.extension)} t=${ms(l.atNs)} ms ${l.event === null ? "(module)" : visible(l.event)} `,
        ),
        ...(l.position === undefined ? [] : [positionLink(l.position, goTo)]),
        el("span", { class: "muted" }, ": "),
        visible(l.text, 2000),
      ),
    ),
  );
}

export function renderVerdict(v: Verdict): HTMLElement {
  return el(
    "div",
    {
      class: `exercise-verdict ${v.asExpected ? "as-expected" : "unexpected"}`,
      "data-as-expected": String(v.asExpected),
    },
    el("strong", {}, visible(v.label, 500)),
    ` — expected: ${visible(v.expected)} `,
    el("span", { class: "mark" }, v.asExpected ? "✓ as expected" : "✗ not as expected"),
    v.note !== undefined ? el("p", { class: "muted" }, v.note) : null,
  );
}

/** `file:line:col code: message` rows, each a link to its place. */
export function renderDiagnostics(ds: readonly Diagnostic[], severity: "error" | "warning", goTo: GoTo): HTMLElement[] {
  return ds.map((d) => {
    const li = el(
      "li",
      { class: `diagnostic ${severity}`, "data-line": d.line, "data-column": d.column, "data-code": d.code },
      positionLink(`${visible(d.file)}:${d.line}:${d.column}`, goTo),
      " ",
      el("code", {}, visible(d.code)),
      `: ${
        d.source === "typescript"
          ? d.message
              .split("\n")
              .map((l) => visible(l, 2000))
              .join("\n")
          : visible(d.message, 2000)
      }`,
    );
    return li;
  });
}

export function renderProblems(ps: readonly LoadProblem[], goTo: GoTo): HTMLElement[] {
  return ps.map((p) =>
    el(
      "li",
      { class: "diagnostic error", "data-line": p.line, "data-code": p.code },
      p.line > 0 ? positionLink(`${visible(p.file)}:${p.line}:${p.column}`, goTo) : visible(p.file),
      " ",
      el("code", {}, visible(p.code)),
      `: ${visible(p.message, 1000)}`,
    ),
  );
}
