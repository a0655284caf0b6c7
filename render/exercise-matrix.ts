/**
 * The containment matrix as a table (terminal) and as data (--json). Headers are read from files
 * and outcomes quote what an attacker threw: every such string goes through `visible`.
 */
import { visible } from "../extensions/visible.js";
import { table } from "./table.js";
import { cellFailed, type Cell, type MatrixRow, type ModeName } from "../extensions/exercise/run.js";
import type { Exercise } from "../extensions/exercise/catalogue.js";

/** Every column left-aligned (they hold words); fitted to the terminal as every table is (table.ts). */
function plainTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return table(
    head,
    rows,
    head.map(() => "left"),
  );
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

/** Narrowest the table's two long columns (tries, expected defence) may be: below, one block per exercise. */
const TRIES_MIN = 30;
const DEFENCE_MIN = 24;

export interface ListLayout {
  /**
   * The columns to fit (a terminal's width). Absent: the full table, as wide as its text needs
   * (`--wide`, or output to a file or a pipe).
   */
  readonly width?: number;
}

/**
 * Every exercise: its class, what it tries, the defence expected to stop it, the expected stop.
 * With a `width`, the table's two long columns are wrapped to fit it; where even then the table
 * would be wider, each exercise is a block of lines instead of a table row.
 */
export function formatList(exercises: readonly Exercise[], layout: ListLayout = {}): string {
  const rows = exercises.map((e) => ({
    name: visible(e.name),
    attackClass: visible(e.attackClass),
    tries: visible(e.tries, HEADER_MAX),
    defence: visible(e.defence, HEADER_MAX),
    expected: expectedText(e),
  }));
  // Each column adds its text, a space either side and a border; the table one more border.
  const chrome = 5 * 3 + 1;
  const longest = (pick: (r: (typeof rows)[number]) => string, header: string, cap: number) =>
    Math.min(
      cap,
      Math.max(
        header.length,
        ...rows.flatMap((r) =>
          pick(r)
            .split("\n")
            .map((l) => l.length),
        ),
      ),
    );
  const nameW = longest((r) => r.name, "exercise", 40);
  const classW = longest((r) => r.attackClass, "class", 24);
  const expectedW = longest((r) => r.expected, "expected stop", 36);
  let triesW = 60;
  let defenceW = 50;
  const width = layout.width;
  if (width !== undefined) {
    // What is left after the short columns goes to the two long ones, 3:2.
    const left = width - chrome - nameW - classW - expectedW;
    if (left < TRIES_MIN + DEFENCE_MIN) return listBlocks(rows, Math.max(width, 20));
    triesW = Math.min(triesW, Math.floor((left * 3) / 5));
    defenceW = Math.min(defenceW, left - triesW);
  }
  return plainTable(
    ["exercise", "class", "tries", "expected defence", "expected stop"],
    rows.map((r) => [
      wrap(r.name, nameW),
      wrap(r.attackClass, classW),
      wrap(r.tries, triesW),
      wrap(r.defence, defenceW),
      r.expected
        .split("\n")
        .map((l) => wrap(l, expectedW))
        .join("\n"),
    ]),
  );
}

/** The narrow layout: one block per exercise, every line within `width` columns. */
function listBlocks(
  rows: readonly { name: string; attackClass: string; tries: string; defence: string; expected: string }[],
  width: number,
): string {
  const field = (label: string, text: string) => {
    const indent = "    ";
    return `  ${label}:\n${wrap(text, width - indent.length)
      .split("\n")
      .map((l) => indent + l)
      .join("\n")}`;
  };
  return rows
    .map((r) =>
      [
        wrap(`${r.name} (${r.attackClass})`, width),
        field("tries", r.tries),
        field("expected defence", r.defence),
        field("expected stop", r.expected.replace(/\n/g, "; ")),
      ].join("\n"),
    )
    .join("\n\n");
}

/** The list as data (`spin exercise list --json`): each header as it was read, the file's path. */
export function listJson(exercises: readonly Exercise[]): unknown[] {
  return exercises.map((e) => ({
    name: e.name,
    file: e.file,
    class: e.attackClass,
    tries: e.tries,
    defence: e.defence,
    expected: e.expected,
    scenario: e.scenario,
    ...(e.app !== undefined ? { app: e.app } : {}),
    with: e.with,
    checks: e.checks,
  }));
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

/** Words to lines of at most `width` characters; a word longer than a line is cut into pieces that fit. */
export function wrap(text: string, width: number): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line.length > 0 && line.length + 1 + word.length > width) {
      out.push(line);
      line = "";
    }
    // Here either the word fits after `line`, or `line` is empty and the word is cut.
    let rest = word;
    while (rest.length > width) {
      out.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    line = line.length === 0 ? rest : `${line} ${rest}`;
  }
  if (line) out.push(line);
  return out.join("\n");
}
