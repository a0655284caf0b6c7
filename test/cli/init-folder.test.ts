/**
 * The first hour after `spin init` (issue 12): the folder works on its own, as a student uses it.
 * Before: `npx --no-install spin check pager.ts` failed there ("could not determine executable to
 * run"), `npx tsc -p .` tried to install an unrelated package named tsc, and `npx spin init
 * my-pager` run from the checkout made the folder inside the package.
 *
 * `npm install` is not run here (it needs the registry for TypeScript): the test lays out
 * node_modules as npm does for the folder's two devDependencies (a `file:` dependency is a link to
 * the folder; each package's bin a link in node_modules/.bin), after checking that the
 * package.json names exactly those packages, then runs the folder's own scripts through npm.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../extensions/loader/index.js";
import { ourPackage, packageNameFor } from "../../extensions/starter.js";
import { spin } from "./run-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spin-init-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface FolderPackage {
  name: string;
  private: boolean;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** What `npm install` makes of the folder's devDependencies (see the header). */
function installLikeNpm(dir: string, pkg: FolderPackage): void {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(path.join(modules, ".bin"), { recursive: true });
  const root = packageRoot();
  expect(pkg.devDependencies).toEqual({
    "spin-kernel": `file:${root}`,
    typescript: ourPackage().dependencies.typescript,
  });
  const typescript = path.join(root, "node_modules", "typescript");
  expect(
    (JSON.parse(fs.readFileSync(path.join(typescript, "package.json"), "utf8")) as { version: string }).version,
  ).toBe(pkg.devDependencies.typescript);
  fs.symlinkSync(root, path.join(modules, "spin-kernel"));
  fs.symlinkSync(typescript, path.join(modules, "typescript"));
  fs.symlinkSync(path.join(root, ourPackage().bin.spin!), path.join(modules, ".bin", "spin"));
  fs.symlinkSync(path.join(typescript, "bin", "tsc"), path.join(modules, ".bin", "tsc"));
}

/** The semantic diagnostics tsserver gives for `file` (its protocol: requests as JSON lines, responses with Content-Length). */
function semanticDiagnostics(
  tsserver: string,
  file: string,
): Promise<{ line: number; source?: string; text: string }[]> {
  return new Promise((resolve, reject) => {
    const server = spawn(
      process.execPath,
      ["--preserve-symlinks", "--preserve-symlinks-main", tsserver, "--disableAutomaticTypingAcquisition"],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    const timer = setTimeout(() => {
      server.kill();
      reject(new Error("tsserver gave no diagnostics within 60 s"));
    }, 60_000);
    let pending = "";
    server.stdout.setEncoding("utf8");
    server.stdout.on("data", (chunk: string) => {
      pending += chunk;
      for (;;) {
        const header = /Content-Length: (\d+)\r\n\r\n/.exec(pending);
        if (header === null) return;
        const body = Buffer.from(pending.slice(header.index + header[0].length));
        const length = Number(header[1]);
        if (body.length < length) return;
        pending = body.subarray(length).toString();
        const message = JSON.parse(body.subarray(0, length).toString()) as {
          type: string;
          command?: string;
          body?: { start: { line: number }; source?: string; text: string }[];
        };
        if (message.type === "response" && message.command === "semanticDiagnosticsSync") {
          clearTimeout(timer);
          server.kill();
          resolve((message.body ?? []).map((d) => ({ line: d.start.line, source: d.source, text: d.text })));
        }
      }
    });
    const send = (request: object) => server.stdin.write(`${JSON.stringify(request)}\n`);
    send({ seq: 1, type: "request", command: "open", arguments: { file } });
    send({ seq: 2, type: "request", command: "semanticDiagnosticsSync", arguments: { file } });
  });
}

const run = (dir: string, command: string, ...args: string[]) =>
  spawnSync(command, args, {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, npm_config_yes: "false" },
  });

describe("a folder from spin init works on its own", () => {
  it("npx spin check and npm run typecheck (npx tsc -p .) use this package and its TypeScript; errors as file:line:col", async () => {
    const dir = path.join(tmp, "My Pager");
    const made = await spin("init", dir);
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toContain("npm install && npm run check && npm run load");
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as FolderPackage;
    expect(pkg).toMatchObject({
      name: "my-pager",
      private: true,
      scripts: { check: "spin check pager.ts", load: "spin load pager.ts", typecheck: "tsc -p ." },
    });
    installLikeNpm(dir, pkg);

    // The student's first mistake, through the issue's own commands (each spawn loads the compiler:
    // the good file's check is the in-process test of test/loader/cli.test.ts).
    fs.writeFileSync(
      path.join(dir, "pager.ts"),
      fs.readFileSync(path.join(dir, "pager.ts"), "utf8").replace("victim: page.frame,", 'victim: "oops",'),
    );
    const check = run(dir, "npx", "--no-install", "spin", "check", "pager.ts");
    expect(check.status, check.stderr).toBe(3);
    expect(check.stdout).toMatch(/^pager\.ts:\d+:\d+ TS2322: /m);
    const tsc = run(dir, "npm", "run", "--silent", "typecheck");
    expect(tsc.status, tsc.stderr).not.toBe(0);
    expect(tsc.stdout).toMatch(/^pager\.ts\(\d+,\d+\): error TS2322/m);
  });

  it("the editor reports the verifier's rules: tsserver loads the folder's plugin from node_modules/spin-kernel", async () => {
    const dir = path.join(tmp, "editor");
    expect((await spin("init", dir)).code).toBe(0);
    installLikeNpm(dir, JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as FolderPackage);
    const file = path.join(dir, "pager.ts");
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace("const first = pages[start];", "const first = pages[start]!;"),
    );
    // npm installs TypeScript as a real folder; its tsserver looks for plugins next to it (the
    // folder's node_modules). Here it is a link: Node keeps the link's path with --preserve-symlinks.
    const found = await semanticDiagnostics(path.join(dir, "node_modules", "typescript", "lib", "tsserver.js"), file);
    expect(found).toEqual([
      {
        line: 34,
        source: "spin-kernel",
        text: "no-non-null-assertion: non-null assertion '!'; expected an explicit check for null/undefined",
      },
    ]);
  });

  it("a folder inside the spin-kernel package is refused with the fix (npx spin init my-pager from the checkout)", async () => {
    for (const dir of [path.join(packageRoot(), "my-pager"), packageRoot()]) {
      const r = await spin("init", dir);
      expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
      expect(r.stderr).toMatch(
        /is inside the spin-kernel package .*; an extension's folder lives outside it, e\.g\. spin init \.\.\//,
      );
      expect(fs.existsSync(path.join(packageRoot(), "my-pager"))).toBe(false);
    }
  });

  it("package names from folder names", () => {
    expect(packageNameFor("/x/My Pager")).toBe("my-pager");
    expect(packageNameFor("/x/.hidden__")).toBe("hidden__");
    expect(packageNameFor("/x/ééé")).toBe("spin-extension");
  });
});
