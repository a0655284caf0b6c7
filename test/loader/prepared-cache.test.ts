import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { prepareDataInWorker } from "../../extensions/loader/prepare-in-worker.js";
import {
  PreparedCache,
  cacheDir,
  preparedCacheFromEnv,
  toolDigest,
  trustedCacheDir,
  validEntry,
} from "../../extensions/loader/prepared-cache.js";
import { readExtension } from "../../extensions/loader/source.js";
import { spin } from "../cli/run-cli.js";

const root = path.resolve(__dirname, "../..");
const fifo = readExtension(path.join(root, "examples/pagers/fifo.ts"));
const typed = { name: "typed" } as const;
const tool = toolDigest()!;
const fresh = (): PreparedCache => new PreparedCache(fs.mkdtempSync(path.join(os.tmpdir(), "spin-cache-test-")), tool);
const keyOf = (c: PreparedCache, over: Partial<Parameters<PreparedCache["key"]>[0]> = {}) =>
  c.key({
    file: fifo.file,
    text: fifo.text,
    mode: typed,
    typeCheckLimitMs: 10_000,
    apiDeclarationFile: path.join(root, "extensions/api/extension.d.ts"),
    ...over,
  })!;
const entries = (c: PreparedCache) => fs.readdirSync(c.dir).filter((n) => n.endsWith(".json"));

describe("the cache of prepared extensions", () => {
  it("gives back exactly what the check produced, and only for the same inputs and tool", async () => {
    expect(tool).toMatch(/^[0-9a-f]{64}$/);
    const cache = fresh();
    const checked = await prepareDataInWorker(fifo, typed, 10_000, cache);
    expect(entries(cache)).toHaveLength(1);
    expect(cache.read(keyOf(cache))).toEqual(checked);
    expect(await prepareDataInWorker(fifo, typed, 10_000, cache)).toEqual(checked);
    // Every input is in the key: another text, name, mode, limit or tool finds nothing.
    for (const other of [
      keyOf(cache, { text: `${fifo.text}\n` }),
      keyOf(cache, { file: "other.ts" }),
      keyOf(cache, { mode: { name: "sfi", options: {} } }),
      keyOf(cache, { typeCheckLimitMs: 5_000 }),
      keyOf(new PreparedCache(cache.dir, "0".repeat(64))),
    ])
      expect(cache.read(other)).toBeUndefined();
  });

  it("refuses an entry that is not exactly what was written for this key and tool", async () => {
    const cache = fresh();
    const key = keyOf(cache);
    const data = await prepareDataInWorker(fifo, typed, 10_000, cache);
    const file = path.join(cache.dir, `${key}.json`);
    const entry = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(validEntry(entry, key, tool)).toEqual(data);
    expect(validEntry(entry, "f".repeat(64), tool)).toBeUndefined();
    expect(validEntry(entry, key, "f".repeat(64))).toBeUndefined();
    const tampered = { ...entry, data: { ...entry.data, js: `${entry.data.js}globalThis.x = 1;\n` } };
    expect(validEntry(tampered, key, tool)).toBeUndefined();
    const badShape = { ...entry, data: { ...entry.data, statsLine: 1 } };
    expect(validEntry(badShape, key, tool)).toBeUndefined();
    // On disk: a tampered file is a miss, and the check runs again (giving the real result).
    fs.writeFileSync(file, JSON.stringify(tampered));
    expect(cache.read(key)).toBeUndefined();
    expect(await prepareDataInWorker(fifo, typed, 10_000, cache)).toEqual(data);
    expect(cache.read(key)).toEqual(data);
    // A file others may write is not trusted; nor is one that is not JSON.
    if (typeof process.getuid === "function") {
      fs.chmodSync(file, 0o666);
      expect(cache.read(key)).toBeUndefined();
      fs.chmodSync(file, 0o600);
      expect(cache.read(key)).toEqual(data);
    }
    fs.writeFileSync(file, "{ not json");
    expect(cache.read(key)).toBeUndefined();
  });

  it("keeps a refusal out, and stays within its bounds, the least recently used going first", async () => {
    const cache = fresh();
    await expect(
      prepareDataInWorker({ ...fifo, text: 'const x: number = "s";\nexport default x;\n' }, typed, 10_000, cache),
    ).rejects.toThrow(ExtensionRejected);
    expect(entries(cache)).toEqual([]);
    const data = await prepareDataInWorker(fifo, typed, 10_000, cache);
    const small = new PreparedCache(cache.dir, tool, { maxEntries: 2, maxTotalBytes: 1 << 20 });
    const keys = ["a", "b", "c"].map((suffix) => keyOf(small, { file: `fifo-${suffix}.ts` }));
    for (const [i, key] of keys.entries()) {
      small.write(key, data);
      const at = new Date(Date.now() + i * 1000);
      fs.utimesSync(path.join(cache.dir, `${key}.json`), at, at);
    }
    small.prune();
    expect(entries(small).sort()).toEqual([`${keys[1]}.json`, `${keys[2]}.json`].sort());
  });

  it("is where the user's cache is, or SPIN_CACHE_DIR, or off", () => {
    expect(cacheDir({ SPIN_CACHE_DIR: "off" })).toBeUndefined();
    expect(cacheDir({ SPIN_CACHE_DIR: "" })).toBeUndefined();
    expect(cacheDir({ SPIN_CACHE_DIR: "/tmp/x" })).toBe("/tmp/x");
    expect(cacheDir({ XDG_CACHE_HOME: "/c" })).toBe("/c/spin-kernel/prepared");
  });

  it("is off under a folder another user could change (red team 7), judged by the folders that exist yet", () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "spin-cache-chain-"));
    try {
      const env = { SPIN_CACHE_DIR: path.join(base, "not", "made", "yet") };
      expect(trustedCacheDir(env)).toBe(env.SPIN_CACHE_DIR);
      fs.chmodSync(base, 0o777);
      expect(trustedCacheDir(env)).toBeUndefined();
      expect(preparedCacheFromEnv(env)).toBeUndefined();
      fs.chmodSync(base, 0o1777);
      expect(trustedCacheDir(env)).toBe(env.SPIN_CACHE_DIR);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it("spin load and spin check print the same with the cache, cold and warm, as without it", async () => {
    const saved = process.env.SPIN_CACHE_DIR;
    const args = [
      "load",
      "examples/pagers/clock.ts",
      "--scenario",
      "examples/scenarios/textbook.json",
      "--mode",
      "sfi",
    ];
    try {
      process.env.SPIN_CACHE_DIR = "off";
      const off = await spin(...args);
      const offCheck = await spin("check", "--emit", "examples/pagers/clock.ts");
      process.env.SPIN_CACHE_DIR = fresh().dir;
      for (let run = 0; run < 2; run++) {
        expect(await spin(...args)).toEqual(off);
        expect(await spin("check", "--emit", "examples/pagers/clock.ts")).toEqual(offCheck);
      }
      expect(fs.readdirSync(process.env.SPIN_CACHE_DIR).filter((n) => n.endsWith(".json"))).toHaveLength(2);
    } finally {
      process.env.SPIN_CACHE_DIR = saved;
    }
  });
});
