/**
 * A content-addressed cache of prepared extensions (checked and compiled by an execution mode,
 * `PreparedData`), so that loading an unchanged file again skips the type check, the verifier and
 * the transpiler, and starts neither the compiler nor its worker.
 *
 * An entry is found by a key that covers everything the result depends on: the extension's text
 * and name (diagnostics, positions and SFI's runtime name it), the mode and its options, the type
 * check's time limit, the API declaration's content, and the tool itself: a digest of every
 * compiled file of this package (the checker, the verifier, the rewriter, the guest code), the
 * TypeScript compiler's version and Node's. Whatever changes in the tool changes the key, so an
 * entry is never trusted across versions, and a hit is what the check would produce now. Only
 * accepted extensions are kept (a refusal is checked again, and says why again).
 *
 * An entry is validated on read before anything in it is used: a regular file of this user's,
 * not writable by others, at most MAX_ENTRY_BYTES, JSON of the expected shape, for this very key,
 * whose data matches the digest written with it. Anything else is a miss. Entries are written
 * whole (a temporary file renamed) and the folder is kept to MAX_ENTRIES and MAX_TOTAL_BYTES by
 * removing the least recently used. The folder is the user's cache folder
 * (`$XDG_CACHE_HOME/spin-kernel/prepared`, else `~/.cache/spin-kernel/prepared`), or
 * `$SPIN_CACHE_DIR`; `SPIN_CACHE_DIR=off` turns the cache off. A cache that cannot be read or
 * written is as if empty: it never stops a load.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../diagnostics.js";
import type { PositionMapData } from "../positions.js";
import type { HandlerLocations } from "./locate.js";
import type { ModeSpec } from "./mode-names.js";
import type { PreparedData } from "./prepare-data.js";

/** Bumped when the entry format changes. */
const FORMAT = 1;
export const MAX_ENTRY_BYTES = 4 * 1024 * 1024;
export const MAX_ENTRIES = 256;
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** What an entry's key is made of, besides the tool (`toolDigest`). */
export interface CacheKeyParts {
  readonly file: string;
  readonly text: string;
  readonly mode: ModeSpec;
  readonly typeCheckLimitMs: number;
  readonly apiDeclarationFile: string;
}

export class PreparedCache {
  constructor(
    /** The folder of the entries. */
    readonly dir: string,
    /** The tool's identity (see `toolDigest`): part of every key. */
    readonly tool: string,
    private readonly bounds: { readonly maxEntries: number; readonly maxTotalBytes: number } = {
      maxEntries: MAX_ENTRIES,
      maxTotalBytes: MAX_TOTAL_BYTES,
    },
  ) {}

  /** The key of an extension: undefined when an input cannot be read (then nothing is cached). */
  key(parts: CacheKeyParts): string | undefined {
    let api: string;
    try {
      api = fs.readFileSync(parts.apiDeclarationFile, "utf8");
    } catch {
      return undefined;
    }
    return sha256(
      JSON.stringify([FORMAT, this.tool, parts.mode, parts.typeCheckLimitMs, sha256(api), parts.file, parts.text]),
    );
  }

  /** The entry of `key`, validated; undefined for a miss or anything that does not pass. */
  read(key: string): PreparedData | undefined {
    const file = this.entryFile(key);
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
      const st = fs.fstatSync(fd);
      if (!st.isFile() || st.size > MAX_ENTRY_BYTES || !trustedOwner(st)) return undefined;
      const buffer = Buffer.alloc(st.size);
      if (fs.readSync(fd, buffer, 0, st.size, 0) !== st.size) return undefined;
      const entry = JSON.parse(buffer.toString("utf8")) as unknown;
      const data = validEntry(entry, key, this.tool);
      if (data === undefined) return undefined;
      // Recently used: the last to go when the folder is pruned.
      const now = new Date();
      fs.futimesSync(fd, now, now);
      return data;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  /** Keep `data` under `key`; failures are ignored (the cache is an optimisation). */
  write(key: string, data: PreparedData): void {
    const text = JSON.stringify({ format: FORMAT, key, tool: this.tool, digest: sha256(JSON.stringify(data)), data });
    if (Buffer.byteLength(text) > MAX_ENTRY_BYTES) return;
    const file = this.entryFile(key);
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    try {
      fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(temporary, text, { mode: 0o600, flag: "wx" });
      fs.renameSync(temporary, file);
      this.prune();
    } catch {
      fs.rmSync(temporary, { force: true });
    }
  }

  /** Remove the least recently used entries past the bounds (MAX_ENTRIES, MAX_TOTAL_BYTES). */
  prune(): void {
    const entries = fs
      .readdirSync(this.dir)
      .filter((name) => /^[0-9a-f]{64}\.json$/.test(name))
      .flatMap((name) => {
        try {
          const st = fs.lstatSync(path.join(this.dir, name));
          return [{ name, size: st.size, used: st.mtimeMs }];
        } catch {
          return [];
        }
      })
      .sort((a, b) => b.used - a.used);
    let total = 0;
    entries.forEach((e, i) => {
      total += e.size;
      if (i >= this.bounds.maxEntries || total > this.bounds.maxTotalBytes)
        fs.rmSync(path.join(this.dir, e.name), { force: true });
    });
  }

  private entryFile(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}

/**
 * The cache of this user and this build, or undefined when it is off (`SPIN_CACHE_DIR=off`), under
 * a folder another user could change (`trustedCacheDir`) or the build cannot be read.
 */
export function preparedCacheFromEnv(env: NodeJS.ProcessEnv = process.env): PreparedCache | undefined {
  const dir = trustedCacheDir(env);
  if (dir === undefined) return undefined;
  const tool = toolDigest();
  return tool === undefined ? undefined : new PreparedCache(dir, tool);
}

/** The cache folder the environment names (it may not exist yet), or undefined when the cache is off. */
export function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const chosen = env.SPIN_CACHE_DIR;
  if (chosen !== undefined) return chosen === "" || chosen === "off" ? undefined : path.resolve(chosen);
  const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
  return path.join(base, "spin-kernel", "prepared");
}

/**
 * `cacheDir`, or undefined when the folders it lies under (as far as they exist yet; the rest is
 * made by this user, mode 0700) could be changed by another user (`trustedFolderChain`): a cache
 * there is as if off. Such a user could otherwise point the folder elsewhere between a check and a
 * write, and have this user's process write its files (or read theirs) where they chose (red team 7).
 */
export function trustedCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const dir = cacheDir(env);
  if (dir === undefined) return undefined;
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  return trustedFolderChain(existing) ? dir : undefined;
}

let digest: string | undefined;

/**
 * The identity of the tool that prepares extensions: a digest of every compiled file of this
 * package (the folder the type check's worker runs from, dist/), the TypeScript compiler's version
 * and Node's. Undefined when the build cannot be read (no cache then).
 */
export function toolDigest(): string | undefined {
  if (digest !== undefined) return digest;
  try {
    const root = distRoot();
    const hash = createHash("sha256");
    const files = fs
      .readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".js"))
      .map((e) => path.join(e.parentPath, e.name))
      .sort();
    for (const file of files) {
      hash.update(path.relative(root, file));
      hash.update("\0");
      hash.update(fs.readFileSync(file));
      hash.update("\0");
    }
    // The compiler's version from its package.json, read as a file: the compiler itself is not loaded.
    const manifest = createRequire(import.meta.url).resolve("typescript/package.json");
    const tsVersion = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: unknown }).version;
    if (typeof tsVersion !== "string") return undefined;
    hash.update(`typescript ${tsVersion}\0node ${process.version}`);
    digest = hash.digest("hex");
    return digest;
  } catch {
    return undefined;
  }
}

/** dist/ of this package: this module's own folder when it runs compiled, else the built tree beside the sources. */
function distRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = path.resolve(here, "../..");
  if (path.basename(compiled) === "dist") return compiled;
  return path.join(compiled, "dist");
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** An entry's file is this user's and nobody else may write it (on systems with owners). */
export function trustedOwner(st: fs.Stats): boolean {
  if (typeof process.getuid !== "function") return true;
  return st.uid === process.getuid() && (st.mode & 0o022) === 0;
}

/**
 * No other user can change what `dir` names: every folder from the root down to it (symbolic links
 * resolved) is this user's or root's, and none may be written by others unless it is sticky (as
 * /tmp: others may add names there but not move or remove this user's). Checked where a file from
 * the folder is later opened by a path that another process reads (the check's snapshot, which
 * `node --snapshot-blob` runs): an owner of any folder above could otherwise exchange a folder of
 * theirs for it between the check and the open (red team 7, attacks7/snapshot-swap.sh).
 */
export function trustedFolderChain(dir: string): boolean {
  if (typeof process.getuid !== "function") return true;
  const uid = process.getuid();
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return false;
  }
  for (let folder = real; ; folder = path.dirname(folder)) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(folder);
    } catch {
      return false;
    }
    if (!st.isDirectory() || (st.uid !== uid && st.uid !== 0)) return false;
    if ((st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) return false;
    if (path.dirname(folder) === folder) return true;
  }
}

// ---- validation of an entry ------------------------------------------------------------

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === "string";
const isPosition = (v: unknown): boolean => isObject(v) && isCount(v.line) && isCount(v.column);

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

function isDiagnostic(v: unknown): v is Diagnostic {
  return (
    isObject(v) &&
    isString(v.file) &&
    isCount(v.line) &&
    isCount(v.column) &&
    isString(v.source) &&
    isString(v.code) &&
    isString(v.message) &&
    (v.frame === undefined || isString(v.frame))
  );
}

function isPositions(v: unknown): v is PositionMapData {
  if (!isObject(v) || !isCount(v.linesBefore) || !isObject(v.map)) return false;
  const m = v.map;
  if (m.version !== 3 || !isString(m.file) || !isString(m.mappings)) return false;
  if (!Array.isArray(m.sources) || !m.sources.every(isString)) return false;
  if (!Array.isArray(m.names) || !m.names.every(isString)) return false;
  if (m.sourceRoot !== undefined && !isString(m.sourceRoot)) return false;
  if (m.sourcesContent !== undefined) return false;
  if (v.siteLineBase === undefined) return v.sites === undefined;
  return isCount(v.siteLineBase) && Array.isArray(v.sites) && v.sites.every(isPosition);
}

function isLocations(v: unknown): v is HandlerLocations {
  if (!isObject(v) || !Array.isArray(v.names)) return false;
  if (v.define !== undefined && !isPosition(v.define)) return false;
  return v.names.every((n) => Array.isArray(n) && n.length === 2 && isString(n[0]) && isPosition(n[1]));
}

function isPreparedData(v: unknown): v is PreparedData {
  return (
    isObject(v) &&
    isString(v.js) &&
    isString(v.statsLine) &&
    Array.isArray(v.warnings) &&
    v.warnings.every(isDiagnostic) &&
    isObject(v.listing) &&
    isString(v.listing.header) &&
    isString(v.listing.code) &&
    isPositions(v.positions) &&
    isLocations(v.locations)
  );
}

/** The data of `entry` if it is a well-formed entry for `key` and `tool` whose data matches its digest. */
export function validEntry(entry: unknown, key: string, tool: string): PreparedData | undefined {
  if (!isObject(entry) || entry.format !== FORMAT || entry.key !== key || entry.tool !== tool) return undefined;
  if (!isString(entry.digest) || !isPreparedData(entry.data)) return undefined;
  if (sha256(JSON.stringify(entry.data)) !== entry.digest) return undefined;
  return entry.data;
}
