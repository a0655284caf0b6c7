/**
 * Browser counterpart of extensions/check/lib-files.ts: the type check's ES library and the
 * extension API come from the bundle (the build read them from the installed TypeScript and
 * extensions/api/extension.d.ts), served by a @typescript/vfs in-memory system. The host
 * (extensions/check/host.ts) still decides which files exist; this only reads them.
 */
import { createSystem } from "@typescript/vfs";
import libFiles from "playground:lib-files";
import { apiDeclarationFile } from "./paths.js";

/** Where the page's library files live (any absolute folder: the host only compares paths). */
export const libDir = "/typescript/lib";

const files = new Map<string, string>(Object.entries(libFiles.lib).map(([name, text]) => [`${libDir}/${name}`, text]));
files.set(apiDeclarationFile(), libFiles.api);
const system = createSystem(files);

export function readLibFile(absPath: string): string | undefined {
  return absPath.startsWith(`${libDir}/`) ? system.readFile(absPath) : undefined;
}

export function libFileExists(absPath: string): boolean {
  return absPath.startsWith(`${libDir}/`) && system.fileExists(absPath);
}

/** The bundled API never changes while the page is open: one version. */
export function apiDeclarationVersion(absPath: string): { version: string } | { error: string } {
  return absPath === apiDeclarationFile()
    ? { version: "bundled" }
    : { error: `no API declaration file at ${absPath} in the page (it has ${apiDeclarationFile()})` };
}

export function readApiDeclaration(absPath: string): string {
  if (absPath !== apiDeclarationFile()) throw new Error(`internal: no API declaration file at ${absPath} in the page`);
  return libFiles.api;
}
