import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OP_READ, OP_WRITE } from "../../kernel/workload.js";
import { parseTrace, traceToConfig } from "../../workloads/trace.js";
import { traceText } from "../../bench/trace-parse.js";
import { errorOf } from "./error-of.js";

function ops(trace: ReturnType<typeof parseTrace>, app = 0): [number, number][] {
  const s = trace.apps.get(app)!.ops;
  return Array.from({ length: s.length }, (_, i) => [s.kinds[i]!, s.values[i]!]);
}

describe("plain traces", () => {
  it("reads R/W lines with and without 0x, comments, blank lines and app ids", () => {
    const t = parseTrace("# header\n\nR 7000\nw 0x1FF8   # trailing comment\r\nW 0x2000 3\n  r 10 3\n", "t.trace");
    expect(t.format).toBe("plain");
    expect(t.references).toBe(4);
    expect([...t.apps.keys()]).toEqual([0, 3]);
    expect(ops(t, 0)).toEqual([
      [OP_READ, 0x7000],
      [OP_WRITE, 0x1ff8],
    ]);
    expect(ops(t, 3)).toEqual([
      [OP_WRITE, 0x2000],
      [OP_READ, 0x10],
    ]);
    expect(t.apps.get(0)!.pages).toEqual([
      { startVpn: 1, pages: 1 },
      { startVpn: 7, pages: 1 },
    ]);
    expect(t.apps.get(3)!.pages).toEqual([
      { startVpn: 0, pages: 1 },
      { startVpn: 2, pages: 1 },
    ]);
  });

  it.each([
    [
      "R 1000\nX 2000\n",
      2,
      1,
      'expected R or W at the start of the line, got "X" (plain format: "R|W <hex address> [app]")',
    ],
    [
      "R 1000\nRead 2000\n",
      2,
      1,
      'expected R or W at the start of the line, got "Read" (plain format: "R|W <hex address> [app]")',
    ],
    ["R\n", 1, 2, 'missing address after "R"'],
    ["W 0x12g4\n", 1, 3, 'bad address "0x12g4": unexpected "g"'],
    ["W zz\n", 1, 3, 'bad address "zz": expected hex digits (0-9, a-f), with or without 0x'],
    ["R 1000 -1\n", 1, 8, 'bad application id "-1": expected a non-negative decimal integer'],
    ["R 1000 1x\n", 1, 8, 'bad application id "1x": unexpected "x"'],
    ["R 1000 1 2\n", 1, 10, 'unexpected "2": expected the end of the line after "R|W <hex address> [app]"'],
    ["R 0x20000000000000\n", 1, 3, "address 0x20000000000000 is beyond 2^53, which the simulator cannot represent"],
    ["R 1000 99999999999\n", 1, 8, "application id 99999999999 is too large (at most 2147483647)"],
  ])("rejects %j at line:col with the reason", (text, line, column, detail) => {
    const e = errorOf(() => parseTrace(text, "bad.trace"));
    expect({ file: e.file, line: e.line, column: e.column, detail: e.detail }).toEqual({
      file: "bad.trace",
      line,
      column,
      detail,
    });
    expect(e.message).toBe(`bad.trace:${line}:${column}: ${detail}`);
  });

  it("counts columns in characters, not bytes", () => {
    const e = errorOf(() => parseTrace("R 1000 # é\nR é\n", "u.trace"));
    expect([e.line, e.column]).toEqual([2, 3]);
  });

  it("cannot tell the format of a line that is neither", () => {
    const e = errorOf(() => parseTrace("# hi\n  Q 1000\n", "q.trace"));
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(e.detail).toMatch(/^cannot tell the trace format from "Q"/);
  });
});

describe("valgrind lackey traces", () => {
  const lackey = [
    "==99== Lackey, an example Valgrind tool",
    "I  04016ed0,3",
    " S 1ffefffd88,8",
    " L 04222cac,8",
    " M 0421e0f0,4",
    "==99== ",
  ].join("\n");

  it("auto-detects, reads I as read, M as read+write, ignores ==pid== lines", () => {
    const t = parseTrace(lackey, "p.lackey");
    expect(t.format).toBe("lackey");
    expect(ops(t)).toEqual([
      [OP_READ, 0x04016ed0],
      [OP_WRITE, 0x1ffefffd88],
      [OP_READ, 0x04222cac],
      [OP_READ, 0x0421e0f0],
      [OP_WRITE, 0x0421e0f0],
    ]);
  });

  it("can skip instruction fetches", () => {
    const t = parseTrace(lackey, "p.lackey", { skipInstructions: true });
    expect(ops(t).map(([, a]) => a)).toEqual([0x1ffefffd88, 0x04222cac, 0x0421e0f0, 0x0421e0f0]);
  });

  it("an access across a page boundary touches both pages", () => {
    const t = parseTrace(" L 1ffc,8\n", "x", { format: "lackey" });
    expect(t.apps.get(0)!.pages).toEqual([{ startVpn: 1, pages: 2 }]);
  });

  it.each([
    [" L 1000\n", 1, 8, 'expected ",<size>" after the address (lackey lines read "L <hex address>,<size>")'],
    [" L 1000,\n", 1, 9, 'bad access size "": expected a non-negative decimal integer'],
    [" L 1000,8 junk\n", 1, 11, 'unexpected "junk": expected the end of the line after <address>,<size>'],
  ])("rejects %j", (text, line, column, detail) => {
    const e = errorOf(() => parseTrace(text, "l.lackey"));
    expect([e.line, e.column, e.detail]).toEqual([line, column, detail]);
  });

  it("rejects stray program output with advice", () => {
    const e = errorOf(() => parseTrace("I  1000,3\nhello world\n", "l.lackey"));
    expect([e.line, e.column]).toEqual([2, 1]);
    expect(e.detail).toContain("--log-file");
  });

  it("an explicit format wins over detection", () => {
    const e = errorOf(() => parseTrace("R 1000\n", "x", { format: "lackey" }));
    expect(e.detail).toMatch(/^expected I, L, S or M, got "R"/);
  });
});

describe("traceToConfig", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "trace-"));

  it("makes one app per id with regions covering every access", () => {
    const file = path.join(dir, "two.trace");
    writeFileSync(file, "R 0x10000000\nW 0x10001fff\nR 0x10003000\nR 0x5000 2\n");
    const config = traceToConfig(file, { frames: 8, seed: 5, pager: "lru" });
    expect(config.name).toBe("two");
    expect([config.frames, config.seed]).toEqual([8, 5]);
    expect(config.apps.map((a) => a.name)).toEqual(["app0", "app2"]);
    expect(config.apps[0]!.regions).toEqual([
      { startVpn: 0x10000, pages: 2, writable: true },
      { startVpn: 0x10003, pages: 1, writable: true },
    ]);
    expect(config.apps[0]!.pager).toEqual({ name: "lru" });
    expect(config.apps[0]!.scheduler).toEqual({ name: "rr" });
    expect(config.apps[1]!.threads[0]!.ops.length).toBe(1);
    expect(traceToConfig(file).frames).toBe(64);
  });

  it("reports an unreadable file and an empty trace", () => {
    expect(errorOf(() => traceToConfig(path.join(dir, "none.trace"))).detail).toBe(
      "cannot read the trace file: no such file",
    );
    const empty = path.join(dir, "empty.trace");
    writeFileSync(empty, "# nothing\n");
    expect(errorOf(() => traceToConfig(empty)).detail).toBe("the trace has no memory accesses; nothing to simulate");
  });

  it("rejects bad overrides", () => {
    const file = path.join(dir, "two.trace");
    expect(errorOf(() => traceToConfig(file, { frames: 0 })).message).toBe(
      "overrides: frames must be an integer from 1 to 16777216, got 0",
    );
  });
});

describe("a large trace", () => {
  it("parses all of a 1,000,000-line trace of two applications, every reference and write in its place (its speed: bench/trace-parse.ts)", () => {
    const t = parseTrace(traceText(1_000_000), "big.trace");
    expect(t.references).toBe(1_000_000);
    expect([...t.apps.keys()].sort()).toEqual([0, 1]);
    // Line i goes to application i & 1, a write when i % 3 == 0: the last two lines of each.
    const line = (i: number) => [i % 3 ? OP_READ : OP_WRITE, 0x10000000 + ((i * 7919) % 4_000_000)];
    expect(ops(t, 0).slice(-2)).toEqual([line(999_996), line(999_998)]);
    expect(ops(t, 1).slice(-2)).toEqual([line(999_997), line(999_999)]);
  });
});
