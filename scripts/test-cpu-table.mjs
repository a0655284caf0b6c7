#!/usr/bin/env node
// The per-file CPU table of the test suite (docs/PERFORMANCE.md, "The test suite"): reads the
// lines test/setup/cpu-probe.ts wrote (run the suite with SPIN_TEST_CPU_LOG=<file>) and prints
// the costliest files first, with the total.
//   SPIN_TEST_CPU_LOG=/tmp/cpu.jsonl npx vitest run && node scripts/test-cpu-table.mjs /tmp/cpu.jsonl [top]
import fs from "node:fs";
import path from "node:path";

const [logFile, topArg = "20"] = process.argv.slice(2);
if (logFile === undefined) {
  console.error("usage: node scripts/test-cpu-table.mjs <log file from SPIN_TEST_CPU_LOG> [top N]");
  process.exit(2);
}
const rows = fs
  .readFileSync(logFile, "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l));
rows.sort((a, b) => b.cpuS - a.cpuS);
const total = rows.reduce((s, r) => s + r.cpuS, 0);
const wall = rows.reduce((s, r) => s + r.wallS, 0);
console.log("| test file | CPU (s) | wall (s) |\n|---|---:|---:|");
for (const r of rows.slice(0, Number(topArg)))
  console.log(
    `| ${path.relative(process.cwd(), r.file)}${r.scope === "thread" ? " (its thread only)" : ""} | ${r.cpuS.toFixed(1)} | ${r.wallS.toFixed(1)} |`,
  );
console.log(`| all ${rows.length} files | ${total.toFixed(1)} | ${wall.toFixed(1)} (sum over forks) |`);
