/**
 * The check's startup snapshot (extensions/check/snapshot.ts): checks run in a process started
 * from it and answer exactly what the in-process check answers; a blob that is not this user's
 * own is not used; one that Node refuses is removed and the check runs in a worker thread.
 * Each test has a cache folder of its own (the snapshot of the tests' shared folder, made by
 * test/global-setup.ts, is left alone for the other files).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { typeCheckExtension } from "../../extensions/check/index.js";
import { packageRoot } from "../../extensions/loader/paths.js";
import { snapshotServer } from "../../extensions/check/check-server.js";
import { openTrustedBlob, snapshotBlobFile, trustedBlob } from "../../extensions/check/snapshot.js";
import {
  WORKER_HEAP_MB,
  stopTypeCheckWorker,
  typeCheckServerKind,
  typeCheckWithTimeout,
} from "../../extensions/check/timeout.js";
import { API } from "./rule-tester.js";

const opts = { apiDeclarationFile: API };
const source = (name: string) =>
  `import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ name: ${name}, handlers: { "PhysAddr.Reclaim": (args) => ({ victim: args.resident[0]!.frame }) } });\n`;

const sharedCache = process.env.SPIN_CACHE_DIR;
let cache: string;

beforeEach(async () => {
  await stopTypeCheckWorker();
  cache = fs.mkdtempSync(path.join(os.tmpdir(), "spin-snapshot-test-"));
  process.env.SPIN_CACHE_DIR = cache;
});
afterEach(async () => {
  await stopTypeCheckWorker();
  process.env.SPIN_CACHE_DIR = sharedCache;
  fs.rmSync(cache, { recursive: true, force: true });
});
afterAll(() => stopTypeCheckWorker());

describe("the check's startup snapshot", () => {
  it("is made once in the cache folder, and its process answers what the check answers in this thread", async () => {
    const good = source('"fine"');
    const bad = source("1");
    expect(await typeCheckWithTimeout("ext/good.ts", good, opts, 60_000)).toEqual([]);
    expect(typeCheckServerKind()).toBe("snapshot");
    const blob = snapshotBlobFile(WORKER_HEAP_MB)!;
    expect(trustedBlob(blob)).toBe(blob);
    expect((fs.statSync(blob).mode & 0o777).toString(8)).toBe("600");
    const there = await typeCheckWithTimeout("ext/bad.ts", bad, opts, 60_000);
    expect(there.map((d) => d.code)).toEqual(["TS2322"]);
    expect(there).toEqual(typeCheckExtension("ext/bad.ts", bad, opts));
  }, 120_000);

  it("is not used when another user could have written it, and one Node refuses is removed for the worker", async () => {
    const blob = snapshotBlobFile(WORKER_HEAP_MB)!;
    fs.mkdirSync(path.dirname(blob), { recursive: true, mode: 0o700 });
    fs.writeFileSync(blob, "not a V8 snapshot", { mode: 0o600 });
    fs.chmodSync(blob, 0o622);
    expect(trustedBlob(blob)).toBeUndefined();
    fs.chmodSync(blob, 0o600);
    expect(trustedBlob(blob)).toBe(blob);
    // Node refuses it at start-up: the same check runs in a worker thread, and the blob is gone.
    const bad = source("1");
    const answer = await typeCheckWithTimeout("ext/bad.ts", bad, opts, 60_000);
    expect(answer).toEqual(typeCheckExtension("ext/bad.ts", bad, opts));
    expect(typeCheckServerKind()).toBe("worker");
    expect(fs.existsSync(blob)).toBe(false);
  }, 120_000);

  it("a command that stops its check process between checks still finishes (spin exercise run, as a user runs it)", () => {
    // The idle check process is unreferenced, so that a command ends when its work does; stopping
    // it must hold the event loop until it has gone, or the command ends mid-run (exit 13).
    const r = spawnSync(
      process.execPath,
      [
        path.join(packageRoot(), "bin", "spin.js"),
        "exercise",
        "run",
        "deep-recursion",
        "evade-eval-alias",
        "--mode",
        "typed",
      ],
      { cwd: packageRoot(), encoding: "utf8", env: { ...process.env, SPIN_CACHE_DIR: cache }, timeout: 120_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("2 exercises × 1 mode: nothing escaped, every check held");
    expect(fs.readdirSync(path.join(cache, "v8")).filter((f) => f.endsWith(".blob"))).toHaveLength(1);
  }, 180_000);

  // Needs util-linux's setpriv (Debian's essential set; docs/PERFORMANCE.md says what happens without).
  it("a check process dies with the command that started it, even in the middle of a type-level bomb (red team 6)", async () => {
    // The snapshot made first (by a check here), so that the command's first child is its check process.
    expect(await typeCheckWithTimeout("ext/good.ts", source('"fine"'), opts, 60_000)).toEqual([]);
    const cli = spawn(
      process.execPath,
      [
        path.join(packageRoot(), "bin", "spin.js"),
        "check",
        path.join(packageRoot(), "examples", "exercises", "type-bomb.ts"),
        "--type-check-limit-ms",
        "600000",
      ],
      { cwd: packageRoot(), stdio: "ignore", env: { ...process.env, SPIN_CACHE_DIR: cache } },
    );
    const check = await childOf(
      cli.pid!,
      (argv) => argv.includes("--snapshot-blob") && !argv.includes("--build-snapshot"),
    );
    expect(check).toBeDefined();
    // The bomb's check is under way (the snapshot is made before the process starts).
    await new Promise((r) => setTimeout(r, 1000));
    cli.kill("SIGKILL");
    await new Promise((r) => cli.once("exit", r));
    expect(await outlives(check!)).toBe(false);
  }, 120_000);

  it("the process that makes the snapshot dies with the command that started it too (red team 7)", async () => {
    const cli = spawn(
      process.execPath,
      [path.join(packageRoot(), "bin", "spin.js"), "check", path.join(packageRoot(), "examples", "pagers", "fifo.ts")],
      { cwd: packageRoot(), stdio: "ignore", env: { ...process.env, SPIN_CACHE_DIR: cache } },
    );
    const builder = await childOf(cli.pid!, (argv) => argv.includes("--build-snapshot"), 10);
    expect(builder).toBeDefined();
    cli.kill("SIGKILL");
    await new Promise((r) => cli.once("exit", r));
    // Within 0.3 s: a builder runs a second or more, so one that merely finished is not mistaken
    // for one that died with its command.
    expect(await outlives(builder!, 300)).toBe(false);
  }, 120_000);
});

describe("the snapshot's trust (red team 7: a cache folder another user can change)", () => {
  it("is not used under a folder others may write (not sticky), nor through a link", () => {
    const blob = snapshotBlobFile(WORKER_HEAP_MB)!;
    fs.mkdirSync(path.dirname(blob), { recursive: true, mode: 0o700 });
    fs.writeFileSync(blob, "blob", { mode: 0o600 });
    expect(trustedBlob(blob)).toBe(blob);
    fs.chmodSync(cache, 0o777);
    expect(trustedBlob(blob)).toBeUndefined();
    fs.chmodSync(cache, 0o1777);
    expect(trustedBlob(blob)).toBe(blob);
    fs.chmodSync(cache, 0o700);
    fs.renameSync(blob, `${blob}.real`);
    fs.symlinkSync(`${blob}.real`, blob);
    expect(trustedBlob(blob)).toBeUndefined();
  });

  it("a check process reads the blob that was checked, whatever its path names by then", async () => {
    // Made by a check here; then opened (checked) and its path given to another file before the
    // process starts: the process starts from the opened file, as it would not from the path's.
    expect(await typeCheckWithTimeout("ext/good.ts", source('"fine"'), opts, 60_000)).toEqual([]);
    await stopTypeCheckWorker();
    const file = snapshotBlobFile(WORKER_HEAP_MB)!;
    const opened = openTrustedBlob(file)!;
    expect(opened).toBeDefined();
    fs.renameSync(file, `${file}.moved`);
    fs.writeFileSync(file, "not a V8 snapshot", { mode: 0o600 });
    const server = snapshotServer(opened, WORKER_HEAP_MB);
    try {
      const failed = new Promise<string>((resolve) => server.onFailure((f) => resolve(f.message)));
      for (let i = 0; i < 600 && !server.ready && !server.ended; i++) await new Promise((r) => setTimeout(r, 100));
      expect(server.ended ? await failed : "ready").toBe("ready");
    } finally {
      await server.terminate();
    }
  }, 120_000);
});

/** Children of `pid` (every thread's), read from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").split(" ").filter(Boolean))
      .map(Number);
  } catch {
    return [];
  }
}

/** The first child of `pid` whose command line `matches`, polled every `everyMs` for up to a minute. */
async function childOf(pid: number, matches: (argv: string[]) => boolean, everyMs = 100): Promise<number | undefined> {
  for (let waited = 0; waited < 60_000; waited += everyMs) {
    await new Promise((r) => setTimeout(r, everyMs));
    const found = childrenOf(pid).find((child) => {
      try {
        return matches(fs.readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0"));
      } catch {
        return false; // Gone already (a process that ended between the two reads).
      }
    });
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Whether `pid` is still running `withinMs` after its parent was killed (it is killed then, not left behind). */
async function outlives(pid: number, withinMs = 5000): Promise<boolean> {
  let alive = true;
  for (let i = 0; i < withinMs / 100 && alive; i++) {
    await new Promise((r) => setTimeout(r, 100));
    alive = fs.existsSync(`/proc/${pid}`) && !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  }
  if (alive) process.kill(pid, "SIGKILL");
  return alive;
}
