/**
 * Where the type check's own files come from: the ES library `.d.ts` files of the installed
 * TypeScript package and the published API declaration, read from disk. This is the type check's
 * only file access (host.ts decides which files exist; this module only reads them), so the
 * playground's build replaces this one module with one serving the same files from its bundle
 * (web/adapters/lib-files.ts, docs/PLAYGROUND.md).
 */
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import ts from "../typescript.js";
import { SNAPSHOT_LIB_ENV } from "./snapshot-env.js";

/** The folder of TypeScript's `lib.*.d.ts` files (named by snapshot.ts while the check's snapshot is made). */
export const libDir =
  v8.startupSnapshot.isBuildingSnapshot() && process.env[SNAPSHOT_LIB_ENV] !== undefined
    ? path.resolve(process.env[SNAPSHOT_LIB_ENV])
    : path.dirname(ts.getDefaultLibFilePath({}));

/** A library file's text, or undefined when it cannot be read. */
export function readLibFile(absPath: string): string | undefined {
  return ts.sys.readFile(absPath);
}

export function libFileExists(absPath: string): boolean {
  return ts.sys.fileExists(absPath);
}

/**
 * A key that changes whenever the API declaration file does (its mtime and size), so that a
 * parsed copy is reused only while the file is unchanged; or an error message.
 */
export function apiDeclarationVersion(absPath: string): { version: string } | { error: string } {
  try {
    const st = fs.statSync(absPath);
    return { version: `${st.mtimeMs}:${st.size}` };
  } catch (e) {
    return { error: `cannot stat API declaration file ${absPath}: ${String(e)}` };
  }
}

export function readApiDeclaration(absPath: string): string {
  return fs.readFileSync(absPath, "utf8");
}
