/**
 * Type-check timing: cold (first check in the process, parsing the ES lib
 * .d.ts files) vs warm (cached lib and API SourceFiles), compared with
 * spawning `npx tsc --noEmit` on the same file in the same run.
 *
 *   npm run build && node dist/bench/typecheck.js [--runs N]
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { clearTypeCheckCache, typeCheckExtension } from "../extensions/check/index.js";
import { checkExtension } from "../extensions/check/pipeline.js";
import { formatDiagnostics } from "../extensions/diagnostics.js";
import { EXTENSION_INPUT, readInputText } from "../workloads/read-input.js";
import { median } from "./stats.js";

const here = path.dirname(fileURLToPath(import.meta.url));
// Works from bench/ (source) and dist/bench/ (built).
const repoRoot =
  [path.resolve(here, ".."), path.resolve(here, "../..")].find((d) => fs.existsSync(path.join(d, "package.json"))) ??
  process.cwd();
// The built-in sample is written against the test fixture API; pass --api and --extension to measure the real one.
const apiCandidates = [
  path.join(repoRoot, "test/extensions/fixtures/api.d.ts"),
  path.join(repoRoot, "extensions/api/extension.d.ts"),
];

const SAMPLE_FOR_FIXTURE = `import { defineExtension, log, type Page } from "spin-kernel/extension";

const seen = new Map<number, number>();

function decide(_page: Page, address: number): "handled" | "pass" {
  const n = (seen.get(address) ?? 0) + 1;
  seen.set(address, n);
  return n % 2 === 0 ? "handled" : "pass";
}

export default defineExtension({
  name: "bench",
  handlers: {
    onPageFault(page, address) {
      log("fault " + address.toString(16));
      return decide(page, address);
    },
  },
});
`;

function main(): void {
  const runsArg = process.argv.indexOf("--runs");
  const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1] ?? "20") : 20;
  const apiFlag = process.argv.indexOf("--api");
  const api =
    apiFlag >= 0 ? path.resolve(process.argv[apiFlag + 1] ?? "") : apiCandidates.find((p) => fs.existsSync(p));
  const extFlag = process.argv.indexOf("--extension");
  if (api === undefined) throw new Error("no API declaration file found; pass --api <file>");
  const source = extFlag >= 0 ? readInputText(process.argv[extFlag + 1] ?? "", EXTENSION_INPUT) : SAMPLE_FOR_FIXTURE;

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-typecheck-bench-"));
  const file = path.join(dir, "ext.ts");
  fs.writeFileSync(file, source);
  const opts = { apiDeclarationFile: api };

  clearTypeCheckCache();
  let t = performance.now();
  const first = typeCheckExtension(file, source, opts);
  const cold = performance.now() - t;
  if (first.length > 0) {
    console.error(`note: the sample has diagnostics against ${api}:\n${formatDiagnostics(first)}`);
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
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        lib: ["es2022"],
        types: [],
        target: "es2022",
        module: "es2022",
        moduleResolution: "bundler",
        skipLibCheck: true,
        noEmit: true,
        paths: { "spin-kernel/extension": [api] },
      },
      files: ["ext.ts"],
    }),
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
  if (r.status !== 0) console.log(r.stdout.trim());
}

main();
