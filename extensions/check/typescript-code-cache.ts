/**
 * The TypeScript compiler loaded with a V8 code cache, in the type check's worker (worker.ts
 * imports this module first). `typescript.js` is 9 MB of JavaScript: compiling it, and then the
 * functions the first check calls (V8 compiles a function when it first runs), is a good part of
 * a cold `spin load` or `spin check` (docs/PERFORMANCE.md, "Start-up"). After the worker's first
 * check, the code V8 compiled is written to the user's cache folder; the next worker hands it
 * back to V8, which compiles nothing it has there.
 *
 * Nothing here changes what runs: V8 uses cached code only for the very source it was made from
 * (it checks the source, its own version and its flags, and otherwise rejects the cache, which is
 * then made again). The file is read like a prepared extension's cache entry (a regular file of
 * this user's that nobody else may write, bounded in size), and the compiler is registered under
 * its own path in the CommonJS module cache, so that `require("typescript")` (extensions/
 * typescript.ts) returns it. Without a cache folder (`SPIN_CACHE_DIR=off`) this does nothing and
 * the compiler is loaded by `require` as usual.
 */
import fs from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { useLinearRegExpFallback } from "../../sandbox/native/linear-regexp.js";
import { trustedCacheDir, trustedOwner } from "../loader/prepared-cache.js";

/** Largest code cache read (the compiler's is about 2.5 MB). */
const MAX_CODE_CACHE_BYTES = 64 * 1024 * 1024;

let pending: { script: vm.Script; file: string; hadCache: boolean } | undefined;

function codeCacheFile(compiler: string): string | undefined {
  const dir = trustedCacheDir(process.env);
  if (dir === undefined) return undefined;
  const manifest = path.join(path.dirname(compiler), "..", "package.json");
  const version = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: unknown }).version;
  if (typeof version !== "string" || !/^[\w.+-]+$/.test(version)) return undefined;
  return path.join(dir, "v8", `typescript-${version}-node-${process.version}-${process.arch}.bin`);
}

function readTrusted(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size > MAX_CODE_CACHE_BYTES) return undefined;
    if (!trustedOwner(st)) return undefined;
    const buffer = Buffer.alloc(st.size);
    return fs.readSync(fd, buffer, 0, st.size, 0) === st.size ? buffer : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Load the compiler with its code cache, if there is a cache folder; otherwise leave it to `require`. */
function preload(): void {
  // V8 checks a code cache against its flags: the regex flags the verifier needs (and the V8
  // placements set) are set first, so that every worker compiles, and caches, with the same ones.
  useLinearRegExpFallback();
  try {
    const require = createRequire(import.meta.url);
    const compiler = require.resolve("typescript");
    if (require.cache[compiler] !== undefined) return;
    const file = codeCacheFile(compiler);
    if (file === undefined) return;
    const cachedData = readTrusted(file);
    const script = new vm.Script(Module.wrap(fs.readFileSync(compiler, "utf8")), {
      filename: compiler,
      ...(cachedData !== undefined ? { cachedData } : {}),
    });
    const module = new Module(compiler);
    module.filename = compiler;
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, createRequire(compiler), module, compiler, path.dirname(compiler));
    module.loaded = true;
    require.cache[compiler] = module;
    pending = { script, file, hadCache: cachedData !== undefined && !script.cachedDataRejected };
  } catch {
    // Whatever went wrong, `require` loads the compiler as usual.
    pending = undefined;
  }
}

/**
 * After the worker's first check: write the code V8 compiled for the compiler (the functions that
 * check ran included), unless it came from a valid cache already. Failures are ignored.
 */
export function saveTypeScriptCodeCache(): void {
  const p = pending;
  pending = undefined;
  if (p === undefined || p.hadCache) return;
  const temporary = `${p.file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(p.file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(temporary, p.script.createCachedData(), { mode: 0o600, flag: "wx" });
    fs.renameSync(temporary, p.file);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

preload();
