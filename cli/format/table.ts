/** Plain tables (no colour, no terminal codes) so that output is the same on a terminal and in a file. */
import Table from "cli-table3";

export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[], align?: readonly ("left" | "right")[]): string {
  const t = new Table({
    head: [...head],
    style: { head: [], border: [], compact: true },
    colAligns: align ? [...align] : head.map((_, i) => (i === 0 ? "left" : "right")),
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of rows) t.push(row.map(String));
  return t.toString();
}

export function ms(ns: number): string {
  return (ns / 1e6).toFixed(3);
}
