#!/usr/bin/env node
// Rewrites the output under each `$ npx spin ...` block of the given documents with what the
// command prints now (stdout then stderr, as the docs tests compare them). A block that shows only
// the end of its output (first line `…`) keeps as many lines as it showed. Run after a change
// that moves the figures: `node scripts/refresh-shown.mjs README.md docs/LABS.md`; then read the diff.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const PROMPT = "$ npx spin ";
for (const file of process.argv.slice(2)) {
  const lines = readFileSync(file, "utf8").split("\n");
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    out.push(lines[i]);
    if (!lines[i].startsWith("```") || !lines[i + 1]?.startsWith(PROMPT)) continue;
    const end = lines.indexOf("```", i + 2);
    const command = lines[i + 1].slice(PROMPT.length);
    const shown = lines.slice(i + 2, end);
    const r = spawnSync(process.execPath, ["bin/spin.js", ...command.split(/\s+/)], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", COLUMNS: "" },
      maxBuffer: 1 << 28,
    });
    let printed = (r.stdout + r.stderr).replace(/\n$/, "").split("\n");
    if (shown[0] === "…") printed = ["…", ...printed.slice(-(shown.length - 1))];
    out.push(lines[i + 1], ...printed);
    i = end - 1;
  }
  writeFileSync(file, out.join("\n"));
}
