/**
 * `npm run build:web`: the playground as static files (dist/playground/), bundled by esbuild from
 * the project's own modules. The page runs the real type check, verifier, SFI rewrite, kernel and
 * QuickJS sandbox; nothing runs on a server.
 *
 * A few modules of the project read files or start Node worker threads. Each is a small module of
 * its own (a seam), and the build replaces exactly those with browser counterparts in
 * web/adapters/ (the table SUBSTITUTES, listed in docs/PLAYGROUND.md). `node:path` becomes pathe
 * (the same POSIX functions, no process). Any other Node built-in reached from the page's code
 * fails the build, naming the importer: a new file access cannot slip into the page unseen.
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import type { Plugin } from "esbuild";
import { packageRoot } from "../../extensions/loader/paths.js";
import { collectExamples, collectLibFiles } from "./assets.js";

/** A project module the page cannot use as it is, and its browser counterpart. */
export interface Substitute {
  readonly module: string;
  readonly by: string;
  readonly why: string;
}

export const SUBSTITUTES: readonly Substitute[] = [
  {
    module: "extensions/verifier/regexp-linearity.ts",
    by: "web/adapters/regexp-linearity.ts",
    why: "a page cannot set V8's flags to ask its linear-time regex engine: no-nonlinear-regexp reads the regex's text instead",
  },
  {
    module: "extensions/check/lib-files.ts",
    by: "web/adapters/lib-files.ts",
    why: "the ES library and the API declaration come from the bundle (a @typescript/vfs system), not from disk",
  },
  {
    module: "sandbox/quickjs-wasm.ts",
    by: "web/adapters/quickjs-wasm.ts",
    why: "the QuickJS .wasm is fetched from the page's folder instead of read from node_modules",
  },
  {
    module: "workloads/read-input.ts",
    by: "web/adapters/read-input.ts",
    why: "the page reads no files: scenarios, traces and extensions arrive as text; a file read is refused with InputFileError",
  },
  {
    module: "extensions/check/timeout.ts",
    by: "web/adapters/type-check-timeout.ts",
    why: "no worker_threads: the page runs each check and run in a Web Worker it terminates past the time limit",
  },
  {
    module: "extensions/loader/engines.ts",
    by: "web/adapters/engines.ts",
    why: "the QuickJS placements only: no worker_threads for a server, and a native extension would lock down the page's realm",
  },
  {
    module: "extensions/loader/paths.ts",
    by: "web/adapters/paths.ts",
    why: "the package's files live at virtual paths under /spin-kernel/ (the API declaration served by lib-files)",
  },
];

/**
 * Node built-ins that TypeScript's compiler (for its ts.sys) and @typescript/vfs (for its helpers
 * that read node_modules) require only when they run under Node; the page never calls that code.
 */
const TYPESCRIPT_NODE_ONLY = /^(fs|path|os|crypto|inspector|perf_hooks|source-map-support|buffer)$/;
const NODE_ONLY_PACKAGES = [
  `${path.sep}node_modules${path.sep}typescript${path.sep}`,
  `${path.sep}node_modules${path.sep}@typescript${path.sep}vfs${path.sep}`,
];

export interface BuiltFile {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BuildResult {
  readonly outDir: string;
  readonly files: readonly BuiltFile[];
}

export function playgroundDir(): string {
  return path.join(packageRoot(), "dist", "playground");
}

function substitutionPlugin(root: string): Plugin {
  const byModule = new Map(SUBSTITUTES.map((s) => [path.join(root, s.module), path.join(root, s.by)]));
  const pathe = createRequire(path.join(root, "package.json")).resolve("pathe");
  return {
    name: "spin-playground-substitutes",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.importer === "") return undefined;
        const target = path.resolve(path.dirname(args.importer), args.path.replace(/\.js$/, ".ts"));
        const by = byModule.get(target);
        return by === undefined ? undefined : { path: by };
      });
      build.onResolve({ filter: /^(node:)?[a-z0-9_/]+$/ }, (args) => {
        const name = args.path.replace(/^node:/, "");
        const builtin =
          args.path.startsWith("node:") ||
          TYPESCRIPT_NODE_ONLY.test(name) ||
          /^(url|module|worker_threads|zlib|child_process|http|net|v8|vm|os|crypto|util|events|stream|tty)$/.test(name);
        if (!builtin) return undefined;
        if (NODE_ONLY_PACKAGES.some((p) => args.importer.includes(p)) && TYPESCRIPT_NODE_ONLY.test(name)) {
          return { path: name, namespace: "typescript-node-only" };
        }
        if (name === "path" && !args.importer.includes(`${path.sep}node_modules${path.sep}`)) return { path: pathe };
        return {
          errors: [
            {
              text: `${path.relative(root, args.importer)} imports ${args.path}, which a page does not have: put the Node part in a module of its own and give it a browser counterpart in web/adapters/ (web/node/build.ts, SUBSTITUTES)`,
            },
          ],
        };
      });
      build.onLoad({ filter: /.*/, namespace: "typescript-node-only" }, () => ({
        contents: "module.exports = {};",
        loader: "js",
      }));
      build.onResolve({ filter: /^playground:(lib-files|examples)$/ }, (args) => ({
        path: args.path,
        namespace: "playground-assets",
      }));
      build.onLoad({ filter: /.*/, namespace: "playground-assets" }, (args) => ({
        contents: JSON.stringify(args.path === "playground:lib-files" ? collectLibFiles() : collectExamples()),
        loader: "json",
      }));
    },
  };
}

/** Build the page into `outDir` (default dist/playground/); returns every file with its size. */
export async function buildPlayground(outDir = playgroundDir()): Promise<BuildResult> {
  const root = packageRoot();
  const esbuild = await import("esbuild");
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, "assets"), { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: {
      main: "web/page/main.ts",
      "check-worker": "web/workers/check-worker.ts",
      "run-worker": "web/workers/run-worker.ts",
    },
    outdir: path.join(outDir, "assets"),
    entryNames: "[name]",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: ["es2022"],
    minify: true,
    sourcemap: false,
    legalComments: "linked",
    logLevel: "silent",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [substitutionPlugin(root)],
  });
  const wasm = createRequire(path.join(root, "package.json")).resolve("@jitl/quickjs-wasmfile-release-sync/wasm");
  fs.copyFileSync(wasm, path.join(outDir, "assets", "quickjs.wasm"));
  for (const f of ["index.html", "style.css"])
    fs.copyFileSync(path.join(root, "web", "static", f), path.join(outDir, f));
  return { outDir, files: listFiles(outDir) };
}

function listFiles(outDir: string): BuiltFile[] {
  const out: BuiltFile[] = [];
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(p);
      else {
        const bytes = fs.readFileSync(p);
        out.push({
          file: path.relative(outDir, p).split(path.sep).join("/"),
          bytes: bytes.length,
          gzipBytes: gzipSync(bytes).length,
        });
      }
    }
  };
  visit(outDir);
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}
