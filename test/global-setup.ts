/**
 * Before any test file runs: the compiled tree (dist/) is the one of these sources. The tests
 * run from the TypeScript sources, but some of what they test runs compiled code: the workers
 * (the type check under its time limit, the simulation under the host watchdog) are started
 * from dist/, and the package test packs dist/. A stale build would test old code, and a
 * missing one used to make those tests skip; so the build is brought up to date here, once per
 * `vitest run`:
 *
 * - outputs whose source is gone (a file moved or deleted) are removed, so that they can be
 *   neither run nor packed;
 * - `tsc -p tsconfig.json` (incremental) runs when a source, a tsconfig or package.json is newer
 *   than the last build, or an output is missing (then from scratch, as tsc's incremental state
 *   cannot know);
 * - the check's snapshot bundle (scripts/bundle-check-snapshot.mjs) is made again when it is not
 *   of this build of dist/, and the snapshot itself is made in the tests' cache folder, so that
 *   every check in the tests starts from it as a user's does (extensions/check/snapshot.ts).
 *
 * A build that fails stops the run with tsc's messages.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STAMP = ".build-stamp";

function mtime(file: string): number {
  return fs.statSync(file).mtimeMs;
}

/** Every file below `dir`, recursively. */
function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

export interface BuildPlan {
  readonly outDir: string;
  /** Outputs whose source no longer exists. */
  readonly stale: readonly string[];
  /** Why tsc must run, if it must. */
  readonly rebuild?: "missing output" | "newer source";
}

/** What `ensureBuilt` would do, from tsconfig.json's own file list (so it always agrees with tsc). */
export function buildPlan(): BuildPlan {
  const configFile = path.join(root, "tsconfig.json");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined || parsed.errors.length > 0)
    throw new Error(
      `tsconfig.json: ${parsed?.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`,
    );
  const outDir = parsed.options.outDir!;
  const rootDir = parsed.options.rootDir!;
  const sources = parsed.fileNames.filter((f) => !f.endsWith(".d.ts"));
  const outputOf = (src: string): string => path.join(outDir, path.relative(rootDir, src)).replace(/\.ts$/, ".js");
  const expected = new Set(sources.map(outputOf));
  const stale = filesBelow(outDir).filter((f) => {
    const base = f.replace(/\.d\.ts$/, ".js").replace(/\.js\.map$/, ".js");
    return /\.(js|d\.ts|js\.map)$/.test(f) && !expected.has(base);
  });
  if (sources.some((s) => !fs.existsSync(outputOf(s)))) return { outDir, stale, rebuild: "missing output" };
  // The last build: this setup's (its stamp has the time the build started), or any `tsc -p
  // tsconfig.json` (npm run build, npm install's prepare), which writes its incremental state last.
  const built = Math.max(
    ...[STAMP, ".tsbuildinfo"].map((f) => path.join(outDir, f)).map((f) => (fs.existsSync(f) ? mtime(f) : -Infinity)),
  );
  const inputs = [...sources, configFile, path.join(root, "package.json")];
  if (inputs.some((f) => mtime(f) > built)) return { outDir, stale, rebuild: "newer source" };
  return { outDir, stale };
}

export function ensureBuilt(): void {
  const plan = buildPlan();
  for (const f of plan.stale) fs.rmSync(f);
  if (plan.rebuild === undefined) return;
  if (plan.rebuild === "missing output") fs.rmSync(path.join(plan.outDir, ".tsbuildinfo"), { force: true });
  const started = new Date();
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.json")], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`the build failed (tsc -p tsconfig.json):\n${r.stdout}${r.stderr}`);
  // The stamp has the time the build started: a source saved while tsc ran is newer, and is built next time.
  const stamp = path.join(plan.outDir, STAMP);
  fs.writeFileSync(stamp, "the time of this file is when the last build by test/global-setup.ts started\n");
  fs.utimesSync(stamp, started, started);
  console.log(
    `global setup: dist/ rebuilt (${plan.rebuild}) in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`,
  );
}

/**
 * The tests' own cache of prepared extensions (extensions/loader/prepared-cache.ts): `spin load`
 * and `spin check`, run in-process by the CLI tests, use it as a user's would, and never write
 * into the user's cache folder. Removed after the run.
 */
function testCacheDir(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-test-cache-"));
  process.env.SPIN_CACHE_DIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

/** The compiled snapshot modules (the tests' sources may be newer than a running bundle; dist/ is what runs). */
async function snapshotModules() {
  const dist = (module: string) => import(pathToFileURL(path.join(root, "dist", module)).href);
  return {
    ...((await dist("extensions/check/snapshot.js")) as typeof import("../extensions/check/snapshot.js")),
    ...((await dist("extensions/check/timeout.js")) as typeof import("../extensions/check/timeout.js")),
    ...((await dist("extensions/loader/paths.js")) as typeof import("../extensions/loader/paths.js")),
  };
}

/**
 * The check's snapshot in the tests' cache folder, made once for the whole run; its bundle is
 * made again first when it is not of this build of dist/.
 */
async function makeSnapshot(): Promise<void> {
  let m = await snapshotModules();
  if (m.snapshotBlobFile(m.WORKER_HEAP_MB) === undefined) {
    const r = spawnSync(process.execPath, [path.join(root, "scripts", "bundle-check-snapshot.mjs")], {
      cwd: root,
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`the check's snapshot bundle failed:\n${r.stdout}${r.stderr}`);
    m = await snapshotModules();
  }
  const file = m.snapshotBlobFile(m.WORKER_HEAP_MB);
  if (file === undefined)
    throw new Error("the check's snapshot has no place (no bundle of this build, or no cache folder)");
  const made = await m.buildSnapshot(file, m.WORKER_HEAP_MB, m.apiDeclarationFile());
  if (made instanceof Error) throw made;
}

export default async function setup(): Promise<() => void> {
  ensureBuilt();
  const removeCache = testCacheDir();
  await makeSnapshot();
  return removeCache;
}
