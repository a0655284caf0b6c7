/**
 * The containment matrix as a table (terminal) and as data (--json). Headers are read from files
 * and outcomes quote what an attacker threw: every such string goes through `visible`.
 */
import Table from "cli-table3";
import { visible } from "../extensions/visible.js";
import { cellFailed, type Cell, type MatrixRow, type ModeName } from "../extensions/exercise/run.js";
import type { Exercise } from "../extensions/exercise/catalogue.js";

function plainTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const t = new Table({
    head: [...head],
    style: { head: [], border: [], compact: true },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const r of rows) t.push([...r]);
  return t.toString();
}

const yesNo = (b: boolean | null): string => (b === null ? "-" : b ? "yes" : "NO");

function cellText(c: Cell | undefined): string {
  if (c === undefined) return "(n/a)";
  const mark = c.outcome.stop === "ESCAPED" ? "" : c.asExpected ? "" : `  ≠ expected ${visible(c.expected)}`;
  // The table names the file by its base name; --json keeps the path.
  return `${visible(c.outcome.label.replace(/\bexamples\/exercises\//, ""))}${mark}`;
}

/**
 * attack × mode → where it was stopped, plus the kernel's check and the host per row; with
 * `timing`, the longest guest call of the row too (a host time: it differs from run to run).
 */
export function formatMatrix(rows: readonly MatrixRow[], modes: readonly ModeName[], timing = false): string {
  const head = [
    "exercise",
    "class",
    ...modes.map((m) => `${m}: stopped where`),
    "check ok",
    "host alive",
    ...(timing ? ["longest call"] : []),
    "notes",
  ];
  const body = rows.map((r) => {
    const cells = modes.map((m) => r.cells[m]);
    const present = cells.filter((c): c is Cell => c !== undefined);
    const checkOk = present.every((c) => c.kernelCheckOk !== false)
      ? present.some((c) => c.kernelCheckOk !== null)
        ? "yes"
        : "-"
      : "NO";
    const notes = [
      ...new Set(
        present.flatMap((c) => [
          ...c.checks
            .filter((k) => k.name !== "invariants" && (k.name !== "unloaded" || !k.ok))
            .map((k) => `${k.ok ? "" : "FAILED "}${k.name}: ${visible(k.detail, 300)}`),
          ...(c.unloaded ? [`unloaded: ${visible(shortReason(c.unloaded), 300)}`] : []),
        ]),
      ),
    ];
    return [
      visible(r.name),
      visible(r.attackClass),
      ...cells.map(cellText),
      checkOk,
      yesNo(present.every((c) => c.hostAlive)),
      ...(timing ? [longestCall(present)] : []),
      notes.join("; "),
    ];
  });
  const failed = rows.filter((r) => Object.values(r.cells).some((c) => c !== undefined && cellFailed(c)));
  const unexpected = rows.filter((r) => Object.values(r.cells).some((c) => c !== undefined && !c.asExpected));
  const summary =
    `${rows.length} exercises × ${modes.length} mode${modes.length === 1 ? "" : "s"}: ` +
    `${failed.length === 0 ? "nothing escaped, every check held" : `${failed.length} FAILED (${failed.map((r) => visible(r.name)).join(", ")})`}` +
    (unexpected.length > 0
      ? `; ${unexpected.length} stopped elsewhere than expected (${unexpected.map((r) => visible(r.name)).join(", ")})`
      : "");
  return `${plainTable(head, body)}\n${summary}`;
}

/**
 * The longest host time of one guest call over the row's cells, and the calls the host watchdog
 * killed (a timing figure: it differs from run to run).
 */
function longestCall(cells: readonly Cell[]): string {
  const ran = cells.filter((c) => c.longestCallMs !== null);
  if (ran.length === 0) return "-";
  const ms = Math.max(...ran.map((c) => c.longestCallMs!));
  const kills = cells.reduce((n, c) => n + c.kills, 0);
  return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms${kills > 0 ? ` (${kills} killed)` : ""}`;
}

/** The same as data; host times only with `timing`. */
export function matrixJson(rows: readonly MatrixRow[], modes: readonly ModeName[], timing = false): unknown {
  return {
    modes,
    ok: rows.every((r) => Object.values(r.cells).every((c) => c === undefined || !cellFailed(c))),
    rows: rows.map((r) => ({
      ...r,
      cells: Object.fromEntries(
        Object.entries(r.cells).map(([m, c]) => {
          if (c === undefined) return [m, c];
          const { ms, longestCallMs, kills, ...rest } = c;
          return [m, timing ? { ...rest, ms, longestCallMs, kills } : rest];
        }),
      ),
    })),
  };
}

/** Longest Tries:/Defence: text the list shows. */
const HEADER_MAX = 1000;

export function formatList(exercises: readonly Exercise[]): string {
  return plainTable(
    ["exercise", "class", "tries", "expected defence", "expected stop"],
    exercises.map((e) => [
      visible(e.name),
      visible(e.attackClass),
      wrap(visible(e.tries, HEADER_MAX), 60),
      wrap(visible(e.defence, HEADER_MAX), 50),
      expectedText(e),
    ]),
  );
}

/** The expected stop: one line when every mode expects the same, else one line per mode. */
function expectedText(e: Exercise): string {
  const perMode = Object.entries(e.expected);
  const first = perMode[0]![1];
  return perMode.every(([, x]) => x === first)
    ? visible(first)
    : perMode.map(([m, x]) => `${m}: ${visible(x)}`).join("\n");
}

function shortReason(reason: string): string {
  if (/out of memory/.test(reason)) return "VM died (out of memory)";
  if (/pending jobs/.test(reason)) return "VM retired (jobs left queued)";
  return reason.replace(/ \(limit \d+\)$/, "");
}

function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = "";
  for (const w of text.split(/\s+/)) {
    if (line.length > 0 && line.length + 1 + w.length > width) {
      out.push(line);
      line = w;
    } else line = line.length === 0 ? w : `${line} ${w}`;
  }
  if (line) out.push(line);
  return out.join("\n");
}
