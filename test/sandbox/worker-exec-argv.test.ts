import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { workerExecArgvOf } from "../../sandbox/worker-exec-argv.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("the Node options our worker threads are started with", () => {
  it("drops the main script's options, with the values they take, and keeps the others", () => {
    expect(
      workerExecArgvOf([
        "--input-type=module",
        "--conditions=dev",
        "-e",
        "import x from 'y'",
        "--enable-source-maps",
        "--input-type",
        "commonjs",
        "--eval=1",
        "-p",
        "2",
        "--check",
        "--stack-size=900",
      ]),
    ).toEqual(["--conditions=dev", "--enable-source-maps", "--stack-size=900"]);
  });

  it("lets an embedder run a server placement in its own process from node --input-type=module -e", () => {
    // runWithExtensions runs the kernel in the caller's process, so the server placement's thread
    // is the caller's. A worker inherits the process's options by default, and Node refuses
    // --input-type for a worker started from a file: before, the server's thread died at its start.
    const entry = pathToFileURL(path.join(root, "dist/index.js")).href;
    const code = [
      `import path from "node:path";`,
      `import { loadWorkload, modeNamed, packageRoot, runWithExtensions } from ${JSON.stringify(entry)};`,
      `const w = loadWorkload(path.join(packageRoot(), "examples/scenarios/textbook.json"));`,
      `const pager = path.join(packageRoot(), "examples/pagers/fifo.ts");`,
      `const run = await runWithExtensions(w, [{ file: pager }], { mode: modeNamed("server"), check: true });`,
      `const [ext] = run.extensions;`,
      `console.log(ext.mode, run.totals.faults, ext.invocations, ext.violationCount);`,
    ].join("\n");
    const out = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 60_000 });
    expect(out.stderr).toBe("");
    expect(out.stdout.trim()).toBe("server 15 12 0");
    expect(out.status).toBe(0);
  }, 90_000);
});
