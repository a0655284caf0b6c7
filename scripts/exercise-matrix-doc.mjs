#!/usr/bin/env node
// Rewrites docs/EXERCISES.md's matrix from a real run of every exercise in every placement:
// `node scripts/exercise-matrix-doc.mjs` (after `npm run build`). The deterministic columns are
// checked by test/exercises/docs-matrix.test.ts; the longest-call column is a host time.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const r = spawnSync(process.execPath, ["bin/spin.js", "exercise", "run", "--mode", "all", "--json", "--timing"], {
  encoding: "utf8",
  maxBuffer: 1 << 28,
});
const m = JSON.parse(r.stdout);
const cell = (c) =>
  c === undefined ? "(n/a)" : c.outcome.label.replace(/\bexamples\/exercises\//, "").replace(/\|/g, "\\|");
const longest = (cells) => {
  const ran = cells.filter((c) => c.longestCallMs !== null);
  if (ran.length === 0) return "-";
  const ms = Math.max(...ran.map((c) => c.longestCallMs));
  const kills = cells.reduce((n, c) => n + c.kills, 0);
  return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms${kills > 0 ? ` (${kills} killed)` : ""}`;
};
const lines = [
  `| exercise | class | ${m.modes.join(" | ")} | check ok | host alive | longest call |`,
  `|---|---|${m.modes.map(() => "---|").join("")}---|---|---|`,
];
for (const row of m.rows) {
  const cells = m.modes.map((mode) => row.cells[mode]).filter((c) => c !== undefined);
  const checkOk = cells.every((c) => c.kernelCheckOk !== false)
    ? cells.some((c) => c.kernelCheckOk !== null)
      ? "yes"
      : "-"
    : "NO";
  lines.push(
    `| ${row.name} | ${row.attackClass} | ${m.modes.map((mode) => cell(row.cells[mode])).join(" | ")} | ${checkOk} | ${cells.every((c) => c.hostAlive) ? "yes" : "NO"} | ${longest(cells)} |`,
  );
}
const escaped = m.rows.filter((row) => Object.values(row.cells).some((c) => c.outcome.stop === "ESCAPED")).length;
const unexpected = m.rows.filter((row) => Object.values(row.cells).some((c) => !c.asExpected)).length;
const summary = `${m.rows.length} exercises × ${m.modes.length} placements: ${escaped === 0 ? "nothing escaped" : `${escaped} ESCAPED`}${m.ok ? ", every check held" : ", a check FAILED"}${unexpected > 0 ? `; ${unexpected} stopped elsewhere than expected` : ""} (\`node scripts/exercise-matrix-doc.mjs\`, ${new Date().toISOString().slice(0, 10)})`;
const doc = readFileSync("docs/EXERCISES.md", "utf8").split("\n");
const start = doc.findIndex((l) => l.startsWith("| exercise | class |"));
let end = start;
while (doc[end]?.startsWith("|")) end++;
while (doc[end] === "") end++;
// The line after the table is the summary of the run it came from.
doc.splice(start, end - start + 1, ...lines, "", summary);
writeFileSync("docs/EXERCISES.md", doc.join("\n"));
console.log(summary);
