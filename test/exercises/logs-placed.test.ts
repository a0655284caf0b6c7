/**
 * The exercise runner's logs-placed check judges a log line's position on the parsed source: a
 * call's mark (extensions/exercise/call-marks.ts), not a line whose text holds `kernel.log(`
 * (red team 15: a comment `// kernel.log(` on the line a log claimed satisfied the check).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { callMarks, logMarks } from "../../extensions/exercise/call-marks.js";
import { logsPlacedCheck } from "../../extensions/exercise/run.js";
import type { Exercise } from "../../extensions/exercise/catalogue.js";

const SOURCE = `import { defineExtension, kernel } from "spin-kernel/extension";
const note = "kernel.log("; // kernel.log(
kernel.log(note);
const o: Record<string, (s: string) => void> = { log: kernel.log };
o["log"]?.(JSON.stringify({ a: 1 }));
String.raw\`x\`;
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "logs-placed-"));
const file = path.join(dir, "placed.ts");
fs.writeFileSync(file, SOURCE);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Enough of an exercise for the check: its file. */
const exercise = { name: "placed", file: "placed.ts", absFile: file } as Exercise;

function check(...positions: string[]): boolean {
  return logsPlacedCheck(
    positions.map((p) => ({ atNs: 0, event: null, position: `${file}:${p}`, text: "x" })),
    exercise,
  ).ok;
}

describe("callMarks", () => {
  it("marks each call where QuickJS (its parenthesis) and V8 (the name called, else the parenthesis) place it; nothing in a comment or a string", () => {
    const marks = [...callMarks(file, SOURCE)].sort();
    expect(marks).toEqual(
      [
        "3:8", // kernel.log(note): V8's `log`
        "3:11", // its parenthesis
        "5:11", // o["log"]?.(…): its parenthesis (no name to mark)
        "5:17", // JSON.stringify: `stringify`
        "5:26", // its parenthesis
        "6:8", // String.raw`x`: the tag's name
        "6:11", // the template
      ].sort(),
    );
  });
});

/** Coercions that can call a toString or valueOf that is kernel.log, and places that cannot (red team 17). */
const COERCIONS = `const o = { toString: kernel.log };
const a = \`t \${ o } u\`;
const b = "x" +o;
let c = 1; c -= -o;
const d = String.raw\`\${o}\`;
const e = o && !o;
`;

describe("logMarks", () => {
  it("adds to a call's marks where the engines place a coercion's call: a template substitution's expression, a coercing operator from its leading space, a prefix +, - or ~", () => {
    const calls = callMarks(file, COERCIONS);
    const coercions = [...logMarks(file, COERCIONS)].filter((m) => !calls.has(m)).sort();
    expect(coercions).toEqual(
      [
        "2:17", // `${ o }`: the substitution's expression
        "3:14", // "x" +o: the operator, from the end of its left operand
        "4:13", // c -= -o: the compound operator, from its leading space
        "4:17", // -o
      ].sort(),
    );
    // A tagged template's substitution (passed to the tag uncoerced), && and ! coerce nothing.
    for (const none of ["5:24", "6:12", "6:16"]) expect(logMarks(file, COERCIONS).has(none), none).toBe(false);
  });
});

/**
 * Coercion sites where the engines place a line a bound kernel.log writes (logmarks18, measured in
 * typed, sfi, native and server with an object whose Symbol.toPrimitive, Symbol.hasInstance or
 * Symbol.iterator is `kernel.log.bind(null, ...)`: examples/exercises/log-via-bound-*.ts).
 */
const SITES = `let n = 0; const t: Record<string, number> = {}; const a = [1];
t[n];
t[n] = 1;
t[n] ??= 1;
delete t[n];
const o = { [n]: 1 };
const e = new Error(s);
n++; --n;
o instanceof C;
[...a]; f(...a);
for (const x of a) {}
const { [n]: v } = t;
`;

describe("logMarks of a bound kernel.log's coercions", () => {
  it("lists every site the engines place the line at, each engine's place where they differ", () => {
    const calls = callMarks(file, SITES);
    const coercions = [...logMarks(file, SITES)].filter((m) => !calls.has(m)).sort();
    expect(coercions).toEqual(
      [
        "2:2", // t[n]: the `[` (typed, native, server)
        "2:4", // its `]` (sfi: __sfi_key's call)
        "3:2",
        "3:4",
        "3:5", // t[n] = 1: V8 at the ` =`, from its leading space
        "4:2", // t[n] ??= 1: `[` (V8 too), `]` (sfi)
        "4:4",
        "5:9", // delete t[n]: `[` (typed), the key (V8), `]` (sfi)
        "5:10",
        "5:11",
        "6:14", // { [n]: 1 }: the computed key's expression, every engine
        "7:11", // new Error(s): V8 at `new`
        "7:20", // QuickJS at its parenthesis
        "8:1", // n++: V8 at the operand
        "8:2", // QuickJS at the operator
        "8:6", // --n: every engine at the operator
        "9:2", // instanceof: from its leading space, as a coercing operator
        "10:5", // [...a]: the spread's expression (Symbol.iterator, next)
        "10:14", // f(...a): QuickJS at the spread's expression (V8 at `f`, a call's mark)
        "11:17", // for-of's iterable (Symbol.iterator)
        "12:10", // a destructuring pattern's computed key
      ].sort(),
    );
  });
});

describe("logs-placed", () => {
  it("holds for a line placed at a coercion (red team 17, log-via-template-coercion), not beside it", () => {
    const coerced = path.join(dir, "coerced.ts");
    fs.writeFileSync(coerced, COERCIONS);
    const ex = { name: "coerced", file: "coerced.ts", absFile: coerced } as Exercise;
    const line = (p: string) => ({ atNs: 0, event: null, position: `${coerced}:${p}`, text: "x" });
    expect(logsPlacedCheck([line("2:17"), line("3:14"), line("4:13"), line("4:17")], ex).ok).toBe(true);
    expect(logsPlacedCheck([line("2:16")], ex).ok).toBe(false);
    expect(logsPlacedCheck([line("3:15")], ex).ok).toBe(false);
  });

  it("holds for lines placed at a call's mark", () => {
    expect(check("3:8", "3:11", "5:17")).toBe(true);
  });

  it("fails for a line placed on a line whose comment or string holds `kernel.log(`, or off the call's mark", () => {
    // Line 2's text holds `kernel.log(` twice (a string, a comment) and no call.
    expect(check("2:15")).toBe(false);
    expect(check("2:30")).toBe(false);
    expect(check("2:1")).toBe(false);
    // Line 3 is a call, but not at column 1.
    expect(check("3:1")).toBe(false);
    expect(check("3:8", "3:1")).toBe(false);
  });

  it("holds for a line with no position only when a promise job wrote it (red team 17, log-via-thenable)", () => {
    const line = { atNs: 0, event: null, text: "x" };
    expect(logsPlacedCheck([{ ...line, fromJob: true }], exercise).ok).toBe(true);
    expect(logsPlacedCheck([{ ...line, fromJob: true }, line], exercise).ok).toBe(false);
    // A job's line with a position is judged by its position.
    expect(logsPlacedCheck([{ ...line, fromJob: true, position: `${file}:3:1` }], exercise).ok).toBe(false);
  });

  it("fails for a line with no position, or one in another file", () => {
    expect(
      logsPlacedCheck([{ atNs: 0, event: null, text: "x" }], exercise).ok ||
        logsPlacedCheck([{ atNs: 0, event: null, position: `${file}x:3:8`, text: "x" }], exercise).ok,
    ).toBe(false);
  });
});
