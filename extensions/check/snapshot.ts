/**
 * The check's startup snapshot: a V8 heap with the compiler loaded and the ES library parsed and
 * bound (snapshot-entry.ts), from which each check process starts (check-server.ts) instead of a
 * worker thread that loads the compiler and parses the library again (about 0.5 s of CPU in every
 * `spin load` and `spin check`; docs/PERFORMANCE.md, "Start-up").
 *
 * The blob belongs to exactly one Node binary, one build of this package and one TypeScript: it
 * lives in the user's cache folder (`$SPIN_CACHE_DIR`, as the prepared extensions) under a name
 * made of all three (the build by the digest that names it for the prepared extensions), and it is made the first time a check needs it (a second or so, once; `npm
 * install` in the repository makes it too: scripts/build-check-snapshot.mjs). A blob is used only
 * if it is a regular file of this user's that nobody else may write, in a folder nobody else may
 * write; Node itself refuses one made by another V8 or with other flags, and then the check runs
 * in a worker thread as it does without a cache folder (`SPIN_CACHE_DIR=off`).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { toolDigest, trustedCacheDir, trustedFolderChain, trustedOwner } from "../loader/prepared-cache.js";
import { diesWithParent } from "./parent-death.js";
import { compiledWorkerScript } from "../worker-script.js";
import { SNAPSHOT_API_ENV, SNAPSHOT_LIB_ENV } from "./snapshot-env.js";

/** The folder of TypeScript's library files, found without loading the compiler (as lib-files.ts finds it). */
function typescriptLibDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve("typescript"));
}

/** V8 flags of the check process; the snapshot is made with the same (V8 refuses it otherwise). */
export function checkProcessFlags(heapMb: number): string[] {
  return [`--max-old-space-size=${heapMb}`];
}

/** Longest a snapshot may take to make before the check goes on in a worker thread instead. */
const BUILD_LIMIT_MS = 60_000;

/** The bundled entry (dist/extensions/check/check-snapshot.cjs), or undefined when not built. */
export function snapshotBundle(): string | undefined {
  return compiledWorkerScript(import.meta.url, "extensions/check", "check-snapshot.cjs");
}

/** Largest sidecar read (it holds one digest). */
const MAX_SIDECAR_BYTES = 4096;

/**
 * The build of dist/ the bundle was made with (check-snapshot.json beside it), or undefined. A
 * bundle whose build is not the running one (dist/ compiled again without bundling) is not used.
 */
function bundledTool(bundle: string): string | undefined {
  try {
    const sidecar = bundle.replace(/\.cjs$/, ".json");
    if (fs.statSync(sidecar).size > MAX_SIDECAR_BYTES) return undefined;
    const tool = (JSON.parse(fs.readFileSync(sidecar, "utf8")) as { tool?: unknown }).tool;
    return typeof tool === "string" && /^[0-9a-f]{64}$/.test(tool) ? tool : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The blob's path for this Node, this build of the package and this compiler, or undefined
 * without a cache folder, without a bundle, or with a bundle of another build.
 */
export function snapshotBlobFile(heapMb: number, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = trustedCacheDir(env);
  const bundle = snapshotBundle();
  if (dir === undefined || bundle === undefined) return undefined;
  const tool = toolDigest();
  if (tool === undefined || bundledTool(bundle) !== tool) return undefined;
  const identity = JSON.stringify([
    tool,
    bundle,
    typescriptLibDir(),
    process.version,
    process.arch,
    checkProcessFlags(heapMb),
  ]);
  const digest = createHash("sha256").update(identity).digest("hex").slice(0, 24);
  return path.join(dir, "v8", `check-${digest}.blob`);
}

/** A snapshot blob opened and checked: its path, and the descriptor a check process reads it from. */
export interface TrustedBlob {
  readonly file: string;
  /** Open for reading; whoever receives it closes it. */
  readonly fd: number;
}

/**
 * `file` opened, when it is a blob this user made (a regular file, not a link, nobody else may
 * write it) in a folder only they can write, under folders no other user can change; otherwise
 * undefined. What was checked is the open file itself, so a path swapped afterwards cannot put
 * another file in its place (red team 7).
 */
export function openTrustedBlob(file: string): TrustedBlob | undefined {
  let fd: number | undefined;
  try {
    if (!trustedFolderChain(path.dirname(file)) || !trustedOwner(fs.lstatSync(path.dirname(file)))) return undefined;
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const blob = fs.fstatSync(fd);
    if (blob.isFile() && trustedOwner(blob) && blob.size > 0) {
      const trusted = { file, fd };
      fd = undefined;
      return trusted;
    }
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** `file` when `openTrustedBlob` would accept it (tests and callers that only ask). */
export function trustedBlob(file: string): string | undefined {
  const blob = openTrustedBlob(file);
  if (blob === undefined) return undefined;
  fs.closeSync(blob.fd);
  return file;
}

/**
 * Make the blob at `file` from the bundle (written beside it under a temporary name, then renamed:
 * a check that starts meanwhile sees the old blob or none, never half of one). Resolves to the
 * blob's path, or to why it could not be made.
 */
export function buildSnapshot(file: string, heapMb: number, apiDeclarationFile: string): Promise<string | Error> {
  const bundle = snapshotBundle();
  if (bundle === undefined) return Promise.resolve(new Error("the check's bundle is not built (npm run build)"));
  const folder = path.dirname(file);
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (!trustedOwner(fs.lstatSync(folder)) || !trustedFolderChain(folder))
      return Promise.resolve(new Error(`${folder} may be changed by other users: no snapshot kept there`));
  } catch (e) {
    return Promise.resolve(e instanceof Error ? e : new Error(String(e)));
  }
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  return new Promise((resolve) => {
    // Through setpriv, as the check process: a builder must not outlive a killed command (red team 7).
    const [command, ...args] = diesWithParent([
      process.execPath,
      ...checkProcessFlags(heapMb),
      "--snapshot-blob",
      temporary,
      "--build-snapshot",
      bundle,
    ]);
    const child = spawn(command, args, {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, [SNAPSHOT_LIB_ENV]: typescriptLibDir(), [SNAPSHOT_API_ENV]: apiDeclarationFile },
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => {
      if (stderr.length < 4096) stderr += s;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_LIMIT_MS);
    const fail = (why: string): void => {
      fs.rmSync(temporary, { force: true });
      resolve(new Error(why));
    };
    child.on("error", (e) => {
      clearTimeout(timer);
      fail(`cannot start node to make the check's snapshot: ${e.message}`);
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code !== 0) {
        fail(`making the check's snapshot failed (${signal ?? `exit ${code}`}): ${lastLines(stderr)}`);
        return;
      }
      try {
        fs.chmodSync(temporary, 0o600);
        fs.renameSync(temporary, file);
        pruneSnapshots(folder, file);
        resolve(file);
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
    });
  });
}

/** Blobs kept in the folder: a few builds (checkouts, versions) may share one cache folder. */
const KEPT_SNAPSHOTS = 4;

/** Remove all but the newest blobs (`keep` among them), and temporary files a killed build left. */
function pruneSnapshots(folder: string, keep: string): void {
  try {
    const blobs = fs
      .readdirSync(folder)
      .filter((name) => /^check-[0-9a-f]{24}\.blob(\.\d+\.\d+\.tmp)?$/.test(name))
      .map((name) => ({ name, st: fs.lstatSync(path.join(folder, name)) }))
      .filter(({ name, st }) => !name.endsWith(".tmp") || Date.now() - st.mtimeMs > BUILD_LIMIT_MS)
      .sort((a, b) => b.st.mtimeMs - a.st.mtimeMs);
    let kept = 0;
    for (const { name } of blobs) {
      const file = path.join(folder, name);
      if (file === keep || (!name.endsWith(".tmp") && ++kept < KEPT_SNAPSHOTS)) continue;
      fs.rmSync(file, { force: true });
    }
  } catch {
    // Pruning is housekeeping: a folder that cannot be read keeps its files.
  }
}

/** The end of a child's error output, without Node's notes on modules in snapshots. */
function lastLines(stderr: string): string {
  return stderr
    .split("\n")
    .filter((l) => l.trim() !== "" && !/snapshot builder scripts|may still work|issue tracker|trace-warnings/.test(l))
    .slice(-3)
    .join(" / ");
}
