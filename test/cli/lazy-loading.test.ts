import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

/**
 * Runs `spin <args>` from dist/ in a fresh process and says whether its main thread loaded the
 * TypeScript compiler (loaded through `require`, extensions/typescript.ts: it is in the CommonJS
 * module cache once loaded).
 */
function loadsCompiler(args: readonly string[]): { code: number | null; compiler: boolean; stderr: string } {
  const script = `
    import { createRequire } from "node:module";
    const { main } = await import(${JSON.stringify(path.join(root, "dist/cli/main.js"))});
    const code = await main(["node", "spin", ...${JSON.stringify(args)}]);
    const loaded = Object.keys(createRequire(import.meta.url).cache).some((f) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(f));
    process.stderr.write("\\nRESULT " + JSON.stringify({ code, loaded }) + "\\n");
    process.exit(0);`;
  // A file, not --eval: workers inherit the process's flags, and --input-type stops them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-probe-"));
  const file = path.join(dir, "probe.mjs");
  fs.writeFileSync(file, script);
  const r = spawnSync(process.execPath, [file], {
    cwd: root,
    env: { ...process.env, SPIN_CACHE_DIR: "off" },
    encoding: "utf8",
  });
  fs.rmSync(dir, { recursive: true, force: true });
  const line = r.stderr.split("\n").find((l) => l.startsWith("RESULT "));
  if (line === undefined) throw new Error(`no result: ${r.stderr}`);
  const { code, loaded } = JSON.parse(line.slice("RESULT ".length)) as { code: number; loaded: boolean };
  return { code, compiler: loaded, stderr: code === 0 ? "" : r.stderr };
}

describe("each command loads only what it uses", () => {
  it("spin --help, spin run and spin load never load the compiler in the main thread; an action that needs it does", () => {
    expect(loadsCompiler(["--help"])).toMatchObject({ code: 0, compiler: false });
    expect(loadsCompiler(["run", "examples/scenarios/textbook.json"])).toMatchObject({ code: 0, compiler: false });
    // spin load checks the extension in the type check's worker: the main thread gets data.
    expect(
      loadsCompiler(["load", "examples/pagers/fifo.ts", "--scenario", "examples/scenarios/textbook.json"]),
    ).toMatchObject({ code: 0, compiler: false });
    // The probe can see the compiler: spin init writes a tsconfig from the compiler's options.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-lazy-"));
    try {
      expect(loadsCompiler(["init", path.join(dir, "ext")])).toMatchObject({ code: 0, compiler: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
