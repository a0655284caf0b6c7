/**
 * Bad input never hurts (issue 9, and finding 7 of issue 8): every hostile or mistaken input a
 * user can give `spin` gets a clear message and exit 2 (never 70, never a stack, never a hang or
 * an exhausted machine). One case per finding, each with its expected exit code and message.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { spin } from "./run-cli.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, "../..");
const example = (name: string) => path.join(root, "examples", name);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spin-bad-input-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string | Buffer) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, text);
  return p;
};
/** A file of `size` bytes that costs no disk (sparse): enough for the size checks, which read nothing. */
const sparse = (name: string, size: number) => {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, "");
  fs.truncateSync(p, size);
  return p;
};
const link = (name: string, target: string) => {
  const p = path.join(tmp, name);
  fs.symlinkSync(target, p);
  return p;
};
const fifo = (name: string) => {
  const p = path.join(tmp, name);
  // mkfifo is not in Node's fs; the system's tool makes one.
  const { status } = spawnSync("mkfifo", [p]);
  if (status !== 0) throw new Error("mkfifo failed");
  return p;
};

const workload = (w: string, top = "") => `{${top} "apps": [ { "threads": [ { "workload": ${w} } ] } ] }`;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Exit 2, one message on stderr matching `message`, nothing on stdout, no stack. */
async function refused(args: string[], message: RegExp): Promise<string> {
  const r = await spin(...args);
  expect({ code: r.code, stdout: r.stdout }, args.join(" ")).toEqual({ code: 2, stdout: "" });
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  return r.stderr;
}

describe("files: regular files of bounded size only, refused before a byte is read", () => {
  it("a directory, a character device, a FIFO, a symlink loop, a dangling link, a file under a file", async () => {
    const dir = path.join(tmp, "a-dir.json");
    fs.mkdirSync(dir);
    await refused(["run", dir], /^spin: .*a-dir\.json: cannot read the file: it is a directory\n$/);
    await refused(
      ["run", link("zero.json", "/dev/zero")],
      /zero\.json: cannot read the file: it is a character device \(like \/dev\/zero\), not a regular file\n$/,
    );
    await refused(["run", "/dev/zero"], /^spin: \/dev\/zero: cannot read the trace file: it is a character device/);
    await refused(
      ["run", fifo("pipe.json")],
      /pipe\.json: cannot read the file: it is a named pipe \(FIFO\), not a regular file/,
    );
    await refused(["run", fifo("pipe.trace")], /pipe\.trace: cannot read the trace file: it is a named pipe \(FIFO\)/);
    await refused(
      ["run", link("self.json", path.join(tmp, "self.json"))],
      /self\.json: cannot read the file: too many levels of symbolic links/,
    );
    await refused(
      ["run", link("dangling.trace", path.join(tmp, "nowhere"))],
      /dangling\.trace: cannot read the trace file: it is a symbolic link to .*nowhere, which does not exist/,
    );
    const plain = file("plain.json", "{}");
    await refused(["run", path.join(plain, "x.json")], /cannot read the file: a part of the path is not a directory/);
  });

  it("extensions (finding 7): a symlink to /dev/zero, /dev/zero itself, a FIFO named x.ts, a directory", async () => {
    await refused(
      ["check", link("zero.ts", "/dev/zero")],
      /^spin: cannot read .*zero\.ts: it is a character device \(like \/dev\/zero\), not a regular file\n$/,
    );
    // The name is checked before the file is opened at all.
    await refused(["check", "/dev/zero"], /^spin: \/dev\/zero: an extension is a TypeScript file \(\.ts\)\n$/);
    await refused(["check", fifo("x.ts")], /^spin: cannot read .*x\.ts: it is a named pipe \(FIFO\)/);
    const dir = path.join(tmp, "dir.ts");
    fs.mkdirSync(dir);
    await refused(["check", dir], /^spin: cannot read .*dir\.ts: it is a directory\n$/);
    await refused(
      ["load", path.join(tmp, "x.ts"), "--scenario", example("scenarios/textbook.json")],
      /it is a named pipe/,
    );
  });

  it(".mts and .cts (red team 13): refused by name in every placement, for check and load, with what to do", async () => {
    const clock = fs.readFileSync(example("pagers/clock.ts"), "utf8");
    for (const ext of ["mts", "cts"]) {
      const f = file(`clk.${ext}`, clock);
      const message = new RegExp(
        `^spin: .*clk\\.${ext}: an extension is a TypeScript file named \\.ts, not \\.${ext}; rename it to \\.ts\n$`,
      );
      for (const mode of ["typed", "sfi", "native", "server"]) {
        await refused(["check", "--mode", mode, f], message);
        await refused(["load", "--mode", mode, f, "--scenario", example("scenarios/textbook.json")], message);
      }
    }
  });

  it("size limits name the limit and what to do", async () => {
    await refused(
      ["run", sparse("huge.json", 16 * 1024 * 1024 + 1)],
      /huge\.json: cannot read the file: it is 16\.0 MiB, more than the 16 MiB a scenario file may be; put long reference strings in a trace file/,
    );
    await refused(
      ["run", sparse("huge.trace", 1024 * 1024 * 1024 + 1)],
      /huge\.trace: cannot read the trace file: it is 1024\.0 MiB, more than the 1 GiB a trace file may be; cut it/,
    );
    await refused(
      ["check", sparse("huge.ts", 1024 * 1024 + 1)],
      /cannot read .*huge\.ts: it is 1\.0 MiB, more than the 1 MiB an extension file may be/,
    );
  });

  it("a trace named inside a scenario: refused at the file field; an absolute path stays absolute", async () => {
    const zero = link("zero2.trace", "/dev/zero");
    const bad = file("dev.json", workload(`{ "type": "trace", "file": ${JSON.stringify(zero)} }`));
    await refused(
      ["run", bad],
      new RegExp(
        `dev\\.json:1:\\d+: apps\\[0\\]\\.threads\\[0\\]\\.workload\\.file: cannot read trace ".*zero2\\.trace" \\(looked for ${escapeRe(zero)}\\): it is a character device`,
      ),
    );
    const trace = path.resolve(example("traces/textbook.trace"));
    const elsewhere = fs.mkdtempSync(path.join(tmp, "elsewhere-"));
    const good = path.join(elsewhere, "abs.json");
    fs.writeFileSync(good, workload(`{ "type": "trace", "file": ${JSON.stringify(trace)} }`));
    const r = await spin("run", good, "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.references).toBe(20);
  });
});

describe("memory and nesting: proportional to the input, no recursion", () => {
  it("JSON nested 10,000 and 1,000,000 deep is refused with a location, not a stack overflow", async () => {
    await refused(
      ["run", file("deep.json", "[".repeat(10_000) + "]".repeat(10_000))],
      /deep\.json:1:1: expected an object, got an array\n$/,
    );
    await refused(
      ["run", file("deeper.json", "[".repeat(1_000_000))],
      /deeper\.json:1:1000001: JSON syntax error: expected "\]" to close the array\n$/,
    );
    const options = `{ "name": "clock", "options": { "x": ${"[".repeat(10_000)}${"]".repeat(10_000)} } }`;
    await refused(
      [
        "run",
        file(
          "deep-options.json",
          workload(`{ "type": "loop" }`).replace('"threads"', `"pager": ${options}, "threads"`),
        ),
      ],
      /deep-options\.json:1:\d+: apps\[0\]\.pager\.options: nested more than 32 deep; expected flat option values\n$/,
    );
    await refused(
      [
        "run",
        file(
          "deep-entry.json",
          workload(`{ "type": "sequence", "pages": [1, ${"[".repeat(10_000)}${"]".repeat(10_000)}] }`),
        ),
      ],
      /workload\.pages\[1\]: expected a page number or a string like "W7" \(write\) or "R7" \(read\), got an array\n$/,
    );
  });

  it("phases nested 5,000 deep reach the 'more than 16 deep' message", async () => {
    let w = `{ "type": "loop" }`;
    for (let i = 0; i < 5000; i++) w = `{ "type": "phases", "phases": [${w}] }`;
    await refused(
      ["run", file("phases.json", workload(w))],
      /phases\.json:1:\d+: apps\[0\]\.threads\[0\]\.workload(\.phases\[0\]){16}: workloads nest more than 16 deep\n$/,
    );
  });

  it("a 40 MB sequence (20,000,000 entries) is refused by its size before it is read", async () => {
    await refused(
      ["run", sparse("seq40.json", 40_000_067)],
      /seq40\.json: cannot read the file: it is 38\.1 MiB, more than the 16 MiB/,
    );
  });

  it("a trace of 20 MB of newlines is read in chunks and has no accesses; a 5 KiB line is refused", async () => {
    await refused(
      ["run", file("newlines.trace", Buffer.alloc(20_000_000, 10))],
      /newlines\.trace: the trace has no memory accesses; nothing to simulate\n$/,
    );
    await refused(
      ["run", file("long.trace", `R 0x1000\nR ${"0".repeat(5000)}\n`)],
      /long\.trace:2:1: this line is longer than 4 KiB/,
    );
  });
});

describe("costs and counts: bounded, refused at the field", () => {
  it.each([
    [
      "accessNs 1e308",
      workload(`{ "type": "loop" }`, ` "costs": { "accessNs": 1e308 },`),
      /:1:26: costs\.accessNs: expected a number ≥ 0 and ≤ 1000000000, got 1e\+308/,
    ],
    [
      "faultNs 1e308",
      workload(`{ "type": "loop" }`, ` "costs": { "faultNs": 1e308 },`),
      /:1:25: costs\.faultNs: expected a number ≥ 0 and ≤ 1000000000, got 1e\+308/,
    ],
    [
      "quantumNs 1e-300",
      workload(`{ "type": "loop" }`, ` "quantumNs": 1e-300,`),
      /:1:16: quantumNs: expected a number ≥ 1000 and ≤ 10000000000, got 1e-300/,
    ],
    [
      "quantumNs 5e-324",
      workload(`{ "type": "loop" }`, ` "quantumNs": 5e-324,`),
      /:1:16: quantumNs: expected a number ≥ 1000 and ≤ 10000000000, got 5e-324/,
    ],
    [
      "disk at 1e308",
      workload(`{ "type": "loop" }`, ` "disk": { "seekBaseNs": 1e308 },`),
      /:1:27: disk\.seekBaseNs: expected a number ≥ 0 and ≤ 1000000000, got 1e\+308/,
    ],
    [
      "pagesPerTrack 1e308",
      workload(`{ "type": "loop" }`, ` "disk": { "pagesPerTrack": 1e308 },`),
      /disk\.pagesPerTrack: expected an integer ≥ 1 and ≤ 1048576, got 1e\+308/,
    ],
    [
      "computeNs 1e15 (hours of slicing)",
      workload(`{ "type": "mix", "computeNs": 1e15, "bursts": 1000 }`),
      /workload\.computeNs: expected a number ≥ 0 and ≤ 10000000000, got 1000000000000000/,
    ],
    [
      "compute time in quanta over the budget",
      workload(`{ "type": "mix", "computeNs": 1e10, "bursts": 30000 }`),
      /workload: with this workload the threads need 31,530,000 steps \(1,530,000 operations and 30,000,000 quanta of compute time\), more than the 20,000,000 a run may take/,
    ],
    [
      "sequence [] with a huge repeat",
      workload(`{ "type": "sequence", "pages": [], "repeat": 9007199254740991 }`),
      /workload\.pages: expected at least one page number/,
    ],
    [
      "sequence []",
      workload(`{ "type": "sequence", "pages": [] }`),
      /workload\.pages: expected at least one page number, e\.g\. \[7, 0, 1, "W2"\]/,
    ],
    [
      "phases of nothing with a huge repeat",
      workload(`{ "type": "phases", "phases": [{ "type": "loop", "refs": 0 }], "repeat": 9007199254740991 }`),
      /workload\.repeat: expected an integer ≥ 1 and ≤ 20000000, got 9007199254740991/,
    ],
    [
      "mix of nothing with huge bursts",
      workload(`{ "type": "mix", "refsPerBurst": 0, "computeNs": 0, "bursts": 9007199254740991 }`),
      /workload\.bursts: expected an integer ≥ 0 and ≤ 20000000, got 9007199254740991/,
    ],
    [
      "scan repeat",
      workload(`{ "type": "scan", "pages": 1, "repeat": 9007199254740991 }`),
      /workload\.repeat: expected an integer ≥ 1 and ≤ 20000000/,
    ],
    [
      "seed -1",
      workload(`{ "type": "loop" }`, ` "seed": -1,`),
      /:1:11: seed: expected an integer ≥ 0 and ≤ 4294967295, got -1/,
    ],
    [
      "seed 2^32",
      workload(`{ "type": "loop" }`, ` "seed": 4294967296,`),
      /seed: expected an integer ≥ 0 and ≤ 4294967295, got 4294967296/,
    ],
    [
      "frames 2^24 + 1",
      workload(`{ "type": "loop" }`, ` "frames": 16777217,`),
      /frames: expected an integer ≥ 1 and ≤ 16777216, got 16777217/,
    ],
    [
      "a clock that could stop advancing",
      workload(
        `{ "type": "scan", "pages": 100000, "writeRatio": 1 }`,
        ` "quantumNs": 1000, "disk": { "seekPerTrackNs": 1e9, "pagesPerTrack": 1 },`,
      ),
      /:1:\d+: disk: with these costs and this workload a run could reach 2\.\d+e\+20 ns of simulated time, past 4\.50e\+18 ns \(quantumNs × 2\^52\)/,
    ],
  ])("%s", async (_name, text, message) => {
    await refused(["run", file("costs.json", text)], message);
  });

  it("empty rounds are not spun through: 20,000,000 rounds of nothing end at once", async () => {
    for (const w of [
      `{ "type": "phases", "phases": [{ "type": "loop", "refs": 0 }], "repeat": 20000000 }`,
      `{ "type": "mix", "refsPerBurst": 0, "computeNs": 0, "bursts": 20000000 }`,
    ]) {
      const r = await spin("run", file("nothing.json", workload(w)), "--json");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).totals.references).toBe(0);
    }
  });

  it("the seed has one range, in a file and on the command line", async () => {
    const ok = file("seeded.json", workload(`{ "type": "loop", "refs": 10 }`, ` "seed": 4294967295,`));
    expect((await spin("run", ok)).code).toBe(0);
    expect((await spin("run", ok, "--seed", "4294967295")).code).toBe(0);
    await refused(["run", ok, "--seed", "-1"], /^spin: --seed must be an integer from 0 to 4294967295, got "-1"\n$/);
    await refused(
      ["run", ok, "--seed", "4294967296"],
      /^spin: --seed must be an integer from 0 to 4294967295, got "4294967296"\n$/,
    );
  });
});

describe("flags: one limit for a file and a flag, named in the flag's own words", () => {
  const textbook = example("scenarios/textbook.json");
  it.each([
    [
      ["run", textbook, "--frames", "9007199254740991"],
      /^spin: --frames must be an integer from 1 to 16777216, got "9007199254740991"\n$/,
    ],
    [
      ["run", textbook, "--frames", "1000000000"],
      /^spin: --frames must be an integer from 1 to 16777216, got "1000000000"\n$/,
    ],
    [
      ["run", textbook, "--frames", "16777217"],
      /^spin: --frames must be an integer from 1 to 16777216, got "16777217"\n$/,
    ],
    [
      ["load", example("pagers/fifo.ts"), "--scenario", textbook, "--frames", "16777217"],
      /^spin: --frames must be an integer from 1 to 16777216/,
    ],
    [
      ["load", `${example("pagers/fifo.ts")}@app:nativ`, "--scenario", textbook],
      /no placement named "nativ" \(placements: typed, sfi, native, server\)\. Did you mean "native"\?\n$/,
    ],
    [
      ["load", `${example("pagers/fifo.ts")}@:typed`, "--scenario", textbook],
      /the application name after @ is empty\n$/,
    ],
    [
      ["bench", "kernel", "--refs", "1000000000000"],
      /^spin: --refs must be an integer from 1000 to 20000000, got "1000000000000"\n$/,
    ],
    [
      ["bench", "dispatch", "--events", "1000000000"],
      /^spin: --events must be an integer from 1 to 100000, got "1000000000"\n$/,
    ],
    [
      ["load", example("pagers/fifo.ts"), "--memory-mb", "9000000000000000"],
      /^spin: --memory-mb must be an integer from 1 to 1024 \(MiB\), got "9000000000000000"\n$/,
    ],
    [
      ["load", example("pagers/fifo.ts"), "--timeout-ms", "60001"],
      /^spin: --timeout-ms must be an integer from 1 to 60000 \(ms\), got "60001"\n$/,
    ],
    [
      ["load", example("pagers/fifo.ts"), "--budget", "2000000"],
      /^spin: --budget must be an integer from 1 to 1000000 \(interrupt polls\), got "2000000"\n$/,
    ],
    [
      ["exercise", "new", "my-attack", "--dir", path.join(tmp, "missing-folder")],
      /^spin: --dir: .*missing-folder is not an existing folder; create it first\n$/,
    ],
  ])("%j", async (args, message) => {
    await refused(args as string[], message);
  });

  it("spin init into a dangling link, with no name, or into a folder that is not empty (red team 13: exit 70, or files written where they should not be)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-init-bad-"));
    try {
      const d = path.join(dir, "d");
      fs.symlinkSync(path.join(dir, "nowhere"), d);
      for (const target of [d, path.join(d, "sub")])
        await refused(
          ["init", target],
          /^spin: cannot create .*: .*\/d: it is a symbolic link to .*nowhere, which does not exist\n$/,
        );
      await refused(["init", ""], /^spin: spin init needs a folder name, e\.g\. spin init my-pager\n$/);
      const full = path.join(dir, "full");
      fs.mkdirSync(full);
      fs.writeFileSync(path.join(full, "notes.txt"), "mine\n");
      await refused(
        ["init", full],
        /^spin: .*full is not empty \(1 entry\); spin init makes a new folder or fills an empty one/,
      );
      expect(fs.readdirSync(full)).toEqual(["notes.txt"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Linux's virtual file systems: /sys refuses, /proc answers ENOENT (Node's recursive mkdir loops
  // forever on it), /dev/full is a file.
  it.runIf(process.platform === "linux" && fs.existsSync("/proc/self"))(
    "spin init where no folder can be made",
    async () => {
      await refused(
        ["init", "/sys/x"],
        /^spin: cannot create \/sys\/x: (operation not permitted|permission denied|.*read-only)/,
      );
      await refused(
        ["init", "/dev/full/x"],
        /^spin: cannot create \/dev\/full\/x: \/dev\/full exists and is not a folder\n$/,
      );
      await refused(
        ["init", "/proc/x"],
        /^spin: cannot create \/proc\/x: the system does not let a folder be created there/,
      );
    },
  );
});

describe("messages", () => {
  it("a trace's UTF-8 byte-order mark is not part of its first line", async () => {
    const r = await spin(
      "run",
      file("bom.trace", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("R 0x1000\nW 0x2000\n")])),
      "--json",
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals.references).toBe(2);
  });

  it("NUL and escape bytes are shown escaped, never raw", async () => {
    const stderr = await refused(
      ["run", file("nul.trace", "R 0x1000\n\u0000\u001b[31mX 1\n")],
      /nul\.trace:2:1: expected R or W at the start of the line, got "\\x00\\x1b\[31mX"/,
    );
    expect(stderr).not.toMatch(/[\u0000\u001b]/);
    const named = await refused(
      [
        "run",
        file("esc.json", `{ "apps": [ { "name": "\\u001b[2J", "threads": [ { "workload": { "type": "loop" } } ] } ] }`),
      ],
      /apps\[0\]\.name: an app name must be printable; got "\\x1b\[2J", which holds control or invisible characters/,
    );
    expect(named).not.toMatch(/[\u0000\u001b]/);
    const pager = await refused(
      [
        "run",
        file(
          "nul.json",
          `{ "apps": [ { "pager": "\\u0000\\u202e", "threads": [ { "workload": { "type": "loop" } } ] } ] }`,
        ),
      ],
      /apps\[0\]\.pager: unknown pager policy "\\u0000\\u202e"/,
    );
    expect(pager).not.toMatch(/[\u0000\u202e]/);
  });

  it("a lackey file with only ==pid== lines has no memory accesses", async () => {
    await refused(
      ["run", file("header.lackey", "==123== Lackey, an example Valgrind tool\n==123== \n")],
      /header\.lackey: the trace has no memory accesses; nothing to simulate\n$/,
    );
  });
});
