/** Plain tables (no colour, no terminal codes) so that output is the same on a terminal and in a file. */
import Table from "cli-table3";
import { outputWidth } from "./width.js";

/**
 * The most rows a text table shows; the rest are counted in one line under it (`--json` has every
 * row). cli-table3 lays a table out in time quadratic in its rows (each cell is checked against
 * every cell above it: cli-table/cli-table3#68) and its linear cost is about 0.5 ms per 13-cell
 * row: 100,000 applications took minutes and 2 GB to print, for a table nobody reads.
 */
export const MAX_TABLE_ROWS = 1000;

export function table(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  align?: readonly ("left" | "right")[],
): string {
  const t = new Table({
    head: [...head],
    style: { head: [], border: [], compact: true },
    colAligns: align ? [...align] : head.map((_, i) => (i === 0 ? "left" : "right")),
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  const shown = rows.length > MAX_TABLE_ROWS ? rows.slice(0, MAX_TABLE_ROWS) : rows;
  for (const row of shown) for (const line of rowLines(row)) t.push(line);
  const more = rows.length - shown.length;
  const width = outputWidth();
  let text = t.toString();
  if (width !== undefined && widest(text) > width) text = records(head, shown, width);
  return more > 0
    ? `${text}\n… ${more} more rows not shown (the first ${MAX_TABLE_ROWS} are; --json has them all)`
    : text;
}

/**
 * A row whose cells hold several lines, as one row per line (a cell with fewer lines is blank
 * below them): in a compact table (no rule between rows) this draws the same lines, and
 * cli-table3 stays linear. Given a multi-line cell it is quadratic in the cell's length (each
 * drawn line truncates the whole content, one character at a time, for a debug message): a wrapped
 * `spin exercise list` took 3.4 s to lay out, and now takes milliseconds.
 */
function rowLines(row: readonly (string | number)[]): string[][] {
  const cells = row.map((c) => String(c).split("\n"));
  const height = Math.max(1, ...cells.map((c) => c.length));
  return Array.from({ length: height }, (_, i) => cells.map((c) => c[i] ?? ""));
}

/** Columns of the longest line (a box-drawing character is one column). */
function widest(text: string): number {
  let most = 0;
  for (const line of text.split("\n")) most = Math.max(most, [...line].length);
  return most;
}

/**
 * A table too wide for the terminal, as one record per row: `head: value` pairs packed into lines
 * of at most `width` columns, a row's further lines indented. A terminal would wrap the table's
 * lines into a grid no one can read.
 */
export function records(
  head: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  width: number,
): string {
  const lines: string[] = [];
  for (const row of rows) {
    let line = "";
    for (const [i, cell] of row.entries()) {
      const pair = `${head[i] ?? ""}: ${String(cell).trim()}`;
      if (line === "") line = pair;
      else if ([...line].length + 2 + [...pair].length <= width) line += `  ${pair}`;
      else {
        lines.push(line);
        line = `  ${pair}`;
      }
    }
    lines.push(line);
  }
  return lines.join("\n");
}

export function ms(ns: number): string {
  return (ns / 1e6).toFixed(3);
}
