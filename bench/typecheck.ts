/**
 * Type-check timing: cold (first check in the process, parsing the ES lib
 * .d.ts files) vs warm (cached lib and API SourceFiles), compared with
 * spawning `npx tsc --noEmit` on the same file in the same run. The file is examples/pagers/clock.ts
 * unless `--extension <file>` (and `--api <d.ts>`) say otherwise.
 *
 *   npm run build && node dist/bench/typecheck.js [--runs N]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { clearTypeCheckCache, typeCheckExtension } from "../extensions/check/index.js";
import { extensionTsconfig } from "../extensions/check/options.js";
import { checkExtension } from "../extensions/check/pipeline.js";
import { formatDiagnostics } from "../extensions/diagnostics.js";
import { EXTENSION_INPUT, readInputText } from "../workloads/read-input.js";
import { median } from "./stats.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// Works from bench/ (source) and dist/bench/ (built).
const repoRoot =
  [path.resolve(here, ".."), path.resolve(here, "../..")].find((d) => fs.existsSync(path.join(d, "package.json"))) ??
  process.cwd();
/** The API an extension is checked against, as `spin check` uses it. */
const API = path.join(repoRoot, "extensions/api/extension.d.ts");
/** A real pager, checked clean: what a student's first `spin check` sees. */
const SAMPLE = path.join(repoRoot, "examples/pagers/clock.ts");

function main(): void {
  const runsArg = process.argv.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1] ?? "20") : 20;
  const apiFlag = process.argv.indexOf("--api");
  const api = apiFlag >= 0 ? path.resolve(process.argv[apiFlag + 1] ?? "") : API;
  const extFlag = process.argv.indexOf("--extension");
  const source = readInputText(extFlag >= 0 ? (process.argv[extFlag + 1] ?? "") : SAMPLE, EXTENSION_INPUT);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-typecheck-bench-"));
  const file = path.join(dir, "ext.ts");
  fs.writeFileSync(file, source);
  const opts = { apiDeclarationFile: api };

  clearTypeCheckCache();
  let t = performance.now();
  const first = typeCheckExtension(file, source, opts);
  const cold = performance.now() - t;
  if (first.length > 0) {
    // A check that fails is not the check being measured (it stops early): say so and stop.
    console.error(`the sample has diagnostics against ${api}:\n${formatDiagnostics(first)}`);
    process.exitCode = 1;
    return;
  }

  for (let i = 0; i < 3; i++) typeCheckExtension(file, source, opts); // let the JIT settle; not counted
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    typeCheckExtension(file, source, opts);
    warm.push(performance.now() - t);
  }
  const full: number[] = [];
  let statsLine = "";
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    statsLine = checkExtension(file, source, opts).statsLine;
    full.push(performance.now() - t);
  }

  // The same check with the stock compiler, spawned.
  // The same options `spin check` uses and `spin init` writes (one source: extensions/check/options.ts).
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ ...extensionTsconfig(api), include: undefined, files: ["ext.ts"] }),
  );
  t = performance.now();
  const r = spawnSync("npx", ["tsc", "-p", path.join(dir, "tsconfig.json"), "--noEmit"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  const tsc = performance.now() - t;
  fs.rmSync(dir, { recursive: true, force: true });

  const w = median(warm);
  const f = median(full);
  const fmt = (ms: number): string => `${ms.toFixed(1)} ms`;
  console.log(`API file:                         ${path.relative(repoRoot, api)}`);
  console.log(`cold typeCheckExtension:          ${fmt(cold)}`);
  console.log(`warm typeCheckExtension (median of ${runs}): ${fmt(w)}  (min ${fmt(Math.min(...warm))})`);
  console.log(`warm check + verifier (median):   ${fmt(f)}  [${statsLine}]`);
  console.log(`spawned npx tsc --noEmit:         ${fmt(tsc)}  (exit ${String(r.status)})`);
  console.log(
    `ratios: cold/warm ${(cold / w).toFixed(1)}x, tsc/warm ${(tsc / w).toFixed(1)}x, tsc/cold ${(tsc / cold).toFixed(1)}x`,
  );
  if (r.status !== 0) {
    console.error(`tsc found what the check did not (the two should agree):\n${r.stdout.trim()}`);
    process.exitCode = 1;
  }
}

main();
