#!/usr/bin/env node
// The static checks of `npm test`, before vitest: the type checks (tests and sources, the
// playground's page, the guest-side JavaScript), Biome (lint and format) and the layer check.
// They are independent, so they run side by side, as many at once as there are cores (one at a
// time they left a core idle for ~20 s); each one's output is printed when it ends, in this
// order, and the exit code is 1 if any failed. Each is also an npm script of its own
// (package.json: lint, lint:guest, lint:deps).
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** A package's command line, run by this Node (its JavaScript entry point: no shell, any platform). */
const bin = (file) => path.join(root, "node_modules", file);

/** The slowest first, so that the last to start is a short one. */
const CHECKS = [
  ["types (tests and sources)", bin("typescript/bin/tsc"), ["-p", "tsconfig.test.json"]],
  ["types (playground page)", bin("typescript/bin/tsc"), ["-p", "web/tsconfig.json"]],
  [
    "layers (dependency-cruiser)",
    bin("dependency-cruiser/bin/dependency-cruise.mjs"),
    ["--config", ".dependency-cruiser.cjs", "--output-type", "err", "."],
  ],
  ["types (guest JavaScript)", bin("typescript/bin/tsc"), ["-p", "sandbox/guest/tsconfig.json"]],
  ["lint and format (biome)", bin("@biomejs/biome/bin/biome"), ["check", "."]],
];

function run([name, command, args]) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [command, ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (e) => resolve({ name, code: 1, output: `${output}${e.message}\n` }));
    child.on("close", (code, signal) => resolve({ name, code: code ?? 1, output, signal }));
  });
}

const results = new Array(CHECKS.length);
let next = 0;
async function lane() {
  while (next < CHECKS.length) {
    const i = next++;
    results[i] = await run(CHECKS[i]);
  }
}
await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, lane));

let failed = 0;
for (const r of results) {
  const ok = r.code === 0;
  if (!ok) failed++;
  process.stdout.write(`${ok ? "ok" : "FAILED"}: ${r.name}${r.signal ? ` (${r.signal})` : ""}\n`);
  if (r.output.trim() !== "") process.stdout.write(`${r.output.trimEnd()}\n`);
}
process.exitCode = failed === 0 ? 0 : 1;
