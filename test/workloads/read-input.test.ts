/** The one file reader (workloads/read-input.ts): what it refuses, in words, before reading. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  InputFileError,
  describeFsError,
  readInputBytes,
  readInputText,
  type InputKind,
} from "../../workloads/read-input.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spin-read-input-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const small: InputKind = { what: "test", maxBytes: 100, whenTooLarge: "make it smaller" };

function reason(f: () => unknown): string {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return (error as InputFileError).reason;
  }
  throw new Error("expected an InputFileError");
}

describe("readInputText / readInputBytes", () => {
  it("reads a regular file, and a symbolic link to one, without the UTF-8 byte-order mark", () => {
    const p = path.join(tmp, "a.txt");
    fs.writeFileSync(p, "\uFEFFhello");
    fs.symlinkSync(p, path.join(tmp, "link.txt"));
    expect(readInputText(p, small)).toBe("hello");
    expect(readInputText(path.join(tmp, "link.txt"), small)).toBe("hello");
    expect(readInputBytes(p, small).length).toBe(8);
  });

  it("refuses a file over the limit by its size, saying the limit and what to do", () => {
    const p = path.join(tmp, "big.txt");
    fs.writeFileSync(p, "x".repeat(101));
    expect(reason(() => readInputText(p, small))).toBe(
      "it is 101 bytes, more than the 100 bytes a test file may be; make it smaller",
    );
    fs.writeFileSync(p, "x".repeat(100));
    expect(readInputText(p, small)).toHaveLength(100);
  });

  it.runIf(fs.existsSync("/proc/self/status"))(
    "reads at most the limit of a file that says it is empty (/proc)",
    () => {
      expect(fs.statSync("/proc/self/status").size).toBe(0);
      expect(reason(() => readInputText("/proc/self/status", { ...small, maxBytes: 10 }))).toBe(
        "it is more than the 10 bytes a test file may be; make it smaller",
      );
      expect(readInputText("/proc/self/status", { ...small, maxBytes: 1 << 20 })).toMatch(/^Name:/);
    },
  );

  it("names what a file is when it is not a regular file", () => {
    expect(reason(() => readInputText(tmp, small))).toBe("it is a directory");
    expect(reason(() => readInputText("/dev/null", small))).toBe(
      "it is a character device (like /dev/zero), not a regular file",
    );
    expect(reason(() => readInputText(path.join(tmp, "missing"), small))).toBe("no such file");
    expect(reason(() => readInputText("a\u0000b", small))).toBe(
      "the file name is not a valid path (it contains a NUL byte?)",
    );
  });
});

describe("describeFsError", () => {
  it.each([
    ["ENOENT", "no such file"],
    ["EACCES", "permission denied"],
    ["EPERM", "operation not permitted"],
    ["EISDIR", "it is a directory"],
    ["ELOOP", "too many levels of symbolic links (a link that points back at itself?)"],
    ["ENOTDIR", "a part of the path is not a directory"],
    ["EIO", "an input/output error on the device"],
  ])("%s in words", (code, words) => {
    expect(describeFsError(Object.assign(new Error(`${code}: x`), { code }))).toBe(words);
  });

  it("an unknown error keeps its message, escaped", () => {
    expect(describeFsError(Object.assign(new Error("EWEIRD: odd \u001b[2J"), { code: "EWEIRD" }))).toBe(
      "EWEIRD: odd \\x1b[2J",
    );
  });
});
