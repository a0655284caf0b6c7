/**
 * The package the way a user gets it: `npm pack`, the tarball installed into an empty folder
 * (offline: its dependencies come from npm's cache, where `npm ci` of this tree put them, pinned
 * by this tree's lock file), then `import("spin-kernel")` by name, docs/LIBRARY.md's example,
 * `npx spin` and a TypeScript project against the package's declarations, all from that folder.
 * dist/ is brought up to date by test/global-setup.ts first, so the tarball is of these sources.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/paths.js";
import { spin } from "../cli/run-cli.js";

const run = promisify(execFile);
const root = packageRoot();
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};
const devPkg = pkg as typeof pkg & { devDependencies: Record<string, string> };

interface PackedFile {
  readonly path: string;
}

let dir: string;
let packed: readonly string[];
const installed = (...parts: string[]): string => path.join(dir, "node_modules", pkg.name, ...parts);

/** Runs a command in the install folder; never throws: the exit code is part of the result. */
async function inInstall(
  file: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(file, [...args], {
      cwd: dir,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, npm_config_offline: "true", npm_config_update_notifier: "false" },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === "number" ? e.code : -1, stdout: e.stdout ?? "", stderr: e.stderr ?? e.message };
  }
}

/**
 * The lock file of a project that depends on the tarball (and, as a TypeScript project on Node
 * does, on @types/node): this tree's entries of the package's own (non-dev) dependencies, so
 * that a dependency the compiled code needs but package.json lists only for development is
 * missing there, as it would be for a user.
 */
function lockFor(tarball: string, devDependencies: Readonly<Record<string, string>>): object {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const packages: Record<string, unknown> = {
    "": { name: "consumer", dependencies: { [pkg.name]: `file:${tarball}` }, devDependencies },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: `file:${tarball}`,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
    },
  };
  for (const [key, entry] of Object.entries(lock.packages)) if (key !== "" && entry.dev !== true) packages[key] = entry;
  for (const key of ["node_modules/@types/node", "node_modules/undici-types"])
    packages[key] = { ...lock.packages[key], dev: true };
  return { name: "consumer", lockfileVersion: 3, requires: true, packages };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-package-"));
  // --ignore-scripts: `prepare` would rebuild dist/ from scratch; the global setup has built it.
  const out = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  const [info] = JSON.parse(out.stdout) as { filename: string; files: PackedFile[] }[];
  packed = info!.files.map((f) => f.path);
  const devDependencies = { "@types/node": devPkg.devDependencies["@types/node"]! };
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "consumer",
        private: true,
        type: "module",
        dependencies: { [pkg.name]: `file:${info!.filename}` },
        devDependencies,
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(dir, "package-lock.json"),
    JSON.stringify(lockFor(info!.filename, devDependencies), null, 2),
  );
  const ci = await inInstall("npm", ["ci", "--offline", "--no-audit", "--no-fund"]);
  if (ci.code !== 0)
    throw new Error(
      `npm ci --offline of the tarball failed (are the dependencies in npm's cache? run npm ci in this tree):\n${ci.stderr}`,
    );
}, 180_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the package as npm pack makes it", () => {
  it("ships the compiled entry and its declarations, the workers, the bin, the extension API, the examples and the docs; no TypeScript source of ours, no test", () => {
    const mustHave = [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/cli/main.js",
      // The workers, started from files next to the modules that start them.
      "dist/extensions/check/worker.js",
      "dist/extensions/loader/supervised-worker.js",
      "bin/spin.js",
      "extensions/api/extension.d.ts",
      "extensions/api/extension.js",
      "examples/scenarios/looping.json",
      "examples/exercises/loop-in-handler.ts",
      "docs/LIBRARY.md",
      "README.md",
      "package.json",
    ];
    expect(mustHave.filter((f) => !packed.includes(f))).toEqual([]);
    const sources = packed.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.startsWith("examples/"));
    expect(sources).toEqual([]);
    expect(packed.filter((f) => f.startsWith("test/") || f.endsWith(".map") || f.includes(".tsbuildinfo"))).toEqual([]);
  });

  it("package.json's exports name files that are in the tarball, declarations first", () => {
    const manifest = JSON.parse(fs.readFileSync(installed("package.json"), "utf8")) as {
      exports: Record<string, string | { types: string; default: string }>;
    };
    for (const [entry, target] of Object.entries(manifest.exports)) {
      const files = typeof target === "string" ? [target] : [target.types, target.default];
      if (typeof target !== "string") expect(Object.keys(target)[0], `${entry}: "types" must come first`).toBe("types");
      for (const f of files) expect(fs.existsSync(installed(f)), `${entry} → ${f}`).toBe(true);
    }
  });
});

describe("installed from the tarball", () => {
  it('import("spin-kernel") by name: runs docs/LIBRARY.md\'s example and prints what the doc shows', async () => {
    const doc = fs.readFileSync(path.join(root, "docs", "LIBRARY.md"), "utf8");
    const example = /## A runnable example[\s\S]*?```js\n([\s\S]*?)```\n\nIt prints:\n\n```text\n([\s\S]*?)```/.exec(
      doc,
    );
    expect(example, "docs/LIBRARY.md: the example (```js) followed by what it prints (```text)").not.toBeNull();
    fs.writeFileSync(path.join(dir, "example.mjs"), example![1]!);
    const r = await inInstall(process.execPath, ["example.mjs"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(example![2]);
  });

  it("the package resolves to the installed copy, not to this tree", async () => {
    const r = await inInstall(process.execPath, [
      "--input-type=module",
      "-e",
      'const m = await import("spin-kernel"); console.log(m.packageRoot(), typeof m.runWorkload, typeof m.Kernel);',
    ]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(`${fs.realpathSync(installed())} function function\n`);
  });

  it("npx spin run prints what spin run prints in this tree", async () => {
    const r = await inInstall("npx", [
      "spin",
      "run",
      "node_modules/spin-kernel/examples/scenarios/textbook.json",
      "--pager",
      "lru",
    ]);
    const here = await spin("run", "examples/scenarios/textbook.json", "--pager", "lru");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(here.stdout);
  });

  it("npx spin load (the type-check worker and the simulation worker of the installed copy) prints what it prints in this tree", async () => {
    const r = await inInstall("npx", [
      "spin",
      "load",
      "node_modules/spin-kernel/examples/pagers/fifo.ts",
      "--scenario",
      "node_modules/spin-kernel/examples/scenarios/textbook.json",
      "--mode",
      "sfi",
    ]);
    const here = await spin(
      "load",
      "examples/pagers/fifo.ts",
      "--scenario",
      "examples/scenarios/textbook.json",
      "--mode",
      "sfi",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      here.stdout.replace("file examples/pagers/fifo.ts", "file node_modules/spin-kernel/examples/pagers/fifo.ts"),
    );
  });

  it("a TypeScript project (tsc --init's skipLibCheck) type-checks against the package's declarations, and they are precise enough to catch a mistake", async () => {
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          lib: ["es2022"],
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["good.ts", "bad.ts"],
      }),
    );
    fs.writeFileSync(
      path.join(dir, "good.ts"),
      'import { runWorkload, loadWorkload, type RunReport, type EventName } from "spin-kernel";\nimport { defineExtension } from "spin-kernel/extension";\nconst report: RunReport = runWorkload(loadWorkload("x.json"));\nexport const faults: number = report.totals.faults;\nexport const event: EventName = "PhysAddr.Reclaim";\nexport const ext = defineExtension({ handlers: {} });\n',
    );
    fs.writeFileSync(
      path.join(dir, "bad.ts"),
      'import { runWorkload } from "spin-kernel";\nexport const wrong: string = runWorkload(undefined as never).totals.faults;\n',
    );
    const r = await inInstall(process.execPath, [
      path.join(dir, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "tsconfig.json",
    ]);
    expect(r.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^bad\.ts\(2,14\): error TS2322: Type 'number' is not assignable to type 'string'\.$/),
    ]);
  });
});
