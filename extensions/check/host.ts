/**
 * A CompilerHost that serves exactly three kinds of file: the extension
 * under check (from memory), the ES library `.d.ts` files (parsed once per
 * process and reused), and the published extension API declaration file
 * (reused while its path and mtime are unchanged). Anything else does not
 * exist, so `/// <reference path>` and stray imports cannot pull in code. The files themselves
 * are read through lib-files.ts (from disk; from the bundle in the playground).
 */
import path from "node:path";
import ts from "../typescript.js";
import { apiDeclarationVersion, libDir, libFileExists, readApiDeclaration, readLibFile } from "./lib-files.js";
import { EXTENSION_MODULE } from "./options.js";

/** Library files an extension's program may contain: ES only (no DOM, no `.full`, no webworker). */
export function isAllowedLibFile(fileName: string): boolean {
  if (path.dirname(path.resolve(fileName)) !== libDir) return false;
  const base = path.basename(fileName);
  return (
    /^lib\.(es5|es20\d\d(\.[a-z0-9]+)*|esnext(\.[a-z0-9]+)*|decorators(\.legacy)?)\.d\.ts$/.test(base) &&
    !base.includes(".full.")
  );
}

interface CacheStats {
  libHits: number;
  libMisses: number;
  apiHits: number;
  apiMisses: number;
}

/** Process-wide caches. SourceFiles are immutable once parsed and bound, so programs may share them. */
const libCache = new Map<string, ts.SourceFile>();
const apiCache = new Map<string, { version: string; sf: ts.SourceFile }>();
export const cacheStats: CacheStats = { libHits: 0, libMisses: 0, apiHits: 0, apiMisses: 0 };

/** For tests and benchmarks: forget every cached SourceFile. */
export function clearTypeCheckCache(): void {
  libCache.clear();
  apiCache.clear();
  cacheStats.libHits = cacheStats.libMisses = cacheStats.apiHits = cacheStats.apiMisses = 0;
}

/** For tests: the cached lib SourceFile for a base name such as `lib.es5.d.ts`. */
export function cachedLibSourceFile(baseName: string): ts.SourceFile | undefined {
  return libCache.get(path.join(libDir, baseName));
}

function languageVersionOf(v: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.ScriptTarget {
  return typeof v === "number" ? v : v.languageVersion;
}

export interface ExtensionHostFiles {
  /** Absolute path the program uses for the extension. */
  readonly extensionPath: string;
  readonly extensionSource: string;
  /** Absolute path to the API declaration file. */
  readonly apiPath: string;
}

export function createExtensionHost(_options: ts.CompilerOptions, files: ExtensionHostFiles): ts.CompilerHost {
  const getSourceFile: ts.CompilerHost["getSourceFile"] = (fileName, languageVersionOrOptions, onError) => {
    const abs = path.resolve(fileName);
    const langVersion = languageVersionOf(languageVersionOrOptions);
    if (abs === files.extensionPath) {
      return ts.createSourceFile(abs, files.extensionSource, languageVersionOrOptions, true, ts.ScriptKind.TS);
    }
    if (abs === files.apiPath) {
      const stat = apiDeclarationVersion(abs);
      if ("error" in stat) {
        onError?.(stat.error);
        return undefined;
      }
      const key = `${abs}\0${langVersion}`;
      const hit = apiCache.get(key);
      if (hit !== undefined && hit.version === stat.version) {
        cacheStats.apiHits++;
        return hit.sf;
      }
      cacheStats.apiMisses++;
      const sf = ts.createSourceFile(abs, readApiDeclaration(abs), languageVersionOrOptions, false, ts.ScriptKind.TS);
      apiCache.set(key, { version: stat.version, sf });
      return sf;
    }
    if (isAllowedLibFile(abs)) {
      const key = abs;
      const hit = libCache.get(key);
      if (hit !== undefined && hit.languageVersion === langVersion) {
        cacheStats.libHits++;
        return hit;
      }
      cacheStats.libMisses++;
      const text = readLibFile(abs);
      if (text === undefined) {
        onError?.(`cannot read ${abs}`);
        return undefined;
      }
      const sf = ts.createSourceFile(abs, text, languageVersionOrOptions, false, ts.ScriptKind.TS);
      libCache.set(key, sf);
      return sf;
    }
    return undefined;
  };

  const fileExists = (f: string): boolean => {
    const abs = path.resolve(f);
    return abs === files.extensionPath || abs === files.apiPath || (isAllowedLibFile(abs) && libFileExists(abs));
  };

  return {
    getSourceFile,
    getDefaultLibFileName: () => path.join(libDir, "lib.d.ts"),
    getDefaultLibLocation: () => libDir,
    writeFile: () => {
      /* noEmit */
    },
    getCurrentDirectory: () => path.dirname(files.extensionPath),
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists,
    readFile: (f) => {
      if (!fileExists(f)) return undefined;
      const abs = path.resolve(f);
      return abs === files.extensionPath
        ? files.extensionSource
        : abs === files.apiPath
          ? readApiDeclaration(abs)
          : readLibFile(abs);
    },
    directoryExists: () => false,
    getDirectories: () => [],
    realpath: (f) => f,
    resolveModuleNameLiterals: (literals) =>
      literals.map(
        (lit): ts.ResolvedModuleWithFailedLookupLocations =>
          lit.text === EXTENSION_MODULE
            ? {
                resolvedModule: {
                  resolvedFileName: files.apiPath,
                  extension: ts.Extension.Dts,
                  isExternalLibraryImport: false,
                },
              }
            : { resolvedModule: undefined },
      ),
    resolveTypeReferenceDirectiveReferences: (refs) => refs.map(() => ({ resolvedTypeReferenceDirective: undefined })),
  };
}
