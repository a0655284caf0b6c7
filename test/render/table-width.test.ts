/** Tables fit the terminal they are shown in (a record per row when the grid is too wide); files and pipes get the grid. */
import Table from "cli-table3";
import { afterEach, describe, expect, it } from "vitest";
import { records, table } from "../../render/table.js";
import { setOutputWidth } from "../../render/width.js";
import { spin } from "../cli/run-cli.js";

const columns = (line: string) => [...line].length;
const head = ["app", "run", "policy", "faults", "major", "evict", "wback", "prefetch", "ext ms", "done ms"];
const rows = [
  ["server", "built-in", "clock/priority", 1159, 0, 1111, 32, 0, "0.000", "4130.989"],
  ["server", "extensions", "clock (ext)/priority", 1159, 0, 1111, 32, 0, "6.023", "4131.007"],
];

afterEach(() => setOutputWidth(undefined));

describe("tables at the terminal's width", () => {
  it("a grid wider than the width becomes records of head: value pairs, every value kept, no line too long", () => {
    const grid = table(head, rows);
    expect(Math.max(...grid.split("\n").map(columns))).toBeGreaterThan(80);
    setOutputWidth(80);
    const fitted = table(head, rows);
    expect(fitted).toBe(records(head, rows, 80));
    for (const line of fitted.split("\n")) expect(columns(line), line).toBeLessThanOrEqual(80);
    for (const row of rows) for (const [i, cell] of row.entries()) expect(fitted).toContain(`${head[i]}: ${cell}`);
    // Each row starts a line; its further lines are indented.
    expect(fitted.split("\n").filter((l) => l.startsWith("app: "))).toHaveLength(rows.length);
    // A grid that fits is left as it is.
    setOutputWidth(200);
    expect(table(head, rows)).toBe(grid);
    // No width (a file, a pipe) or a nonsense one: the grid.
    setOutputWidth(undefined);
    expect(table(head, rows)).toBe(grid);
    setOutputWidth(3);
    expect(table(head, rows)).toBe(grid);
  });

  it("spin fits its tables to a terminal of 80 columns, and writes the grid to a pipe", async () => {
    const stdout = process.stdout as { isTTY?: boolean; columns?: number };
    const saved = { isTTY: stdout.isTTY, columns: stdout.columns };
    let atTerminal: string;
    try {
      stdout.isTTY = true;
      stdout.columns = 80;
      atTerminal = (await spin("run", "examples/scenarios/threads.json")).stdout;
    } finally {
      stdout.isTTY = saved.isTTY;
      stdout.columns = saved.columns;
    }
    const piped = (await spin("run", "examples/scenarios/threads.json")).stdout;
    const gridLines = (text: string) => text.split("\n").filter((l) => /^[┌│└]/.test(l));
    expect(Math.max(...gridLines(piped).map(columns))).toBeGreaterThan(80);
    // Every grid left at the terminal fits it; the wide ones became records.
    for (const line of gridLines(atTerminal)) expect(columns(line), line).toBeLessThanOrEqual(80);
    expect(atTerminal).toContain("app: server  pager: clock  sched: priority");
  });
});

describe("multi-line cells", () => {
  it("draw the lines cli-table3 draws for them (one row per line in the compact table)", () => {
    const multiHead = ["exercise", "tries", "n"];
    const long = Array.from({ length: 40 }, (_, i) => `word${i} — wrapped`).join("\n");
    const multi = [
      ["a", "one line", 1],
      ["b\nsecond", "x\ny\nz", 22],
      ["c", long, 333],
      ["", "\n", 0],
    ];
    const direct = new Table({
      head: multiHead,
      style: { head: [], border: [], compact: true },
      colAligns: ["left", "right", "right"],
      chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    });
    for (const row of multi) direct.push(row.map(String));
    expect(table(multiHead, multi, ["left", "right", "right"])).toBe(direct.toString());
  });
});
