/** The exercises themselves: documented headers, enough attack classes, a CLI to list, run and create them. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spin as runSpin } from "../cli/run-cli.js";
import {
  ExerciseFormatError,
  exerciseTemplate,
  loadCatalogue,
  matchesExpected,
  parseExercise,
} from "../../extensions/exercise/index.js";
import { classify } from "../../cli/user-error.js";
import { EXIT } from "../../cli/exit-codes.js";
import { wrap } from "../../render/exercise-matrix.js";

const all = loadCatalogue();

/** `spin` in-process, with its output named as these tests read it. */
async function spin(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await runSpin(...args);
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe("the exercise catalogue", () => {
  it("has at least 25 exercises in at least 15 attack classes", () => {
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(new Set(all.map((e) => e.attackClass)).size).toBeGreaterThanOrEqual(15);
  });

  it.each(all.map((e) => [e.name, e] as const))(
    "%s: header says what it tries, the defence and the expected stop",
    (_, e) => {
      expect(e.tries.length).toBeGreaterThan(30);
      expect(e.defence.length).toBeGreaterThan(30);
      expect(e.expected.typed).toMatch(/^(rejected|stopped|refused|contained): /);
      expect(fs.readFileSync(e.absFile, "utf8")).toContain("export default defineExtension(");
    },
  );

  it("covers the classes the brief asks for", () => {
    const classes = new Set(all.map((e) => e.attackClass));
    for (const c of [
      "runaway loop",
      "microtask flood",
      "regex backtracking",
      "memory bomb",
      "deep recursion",
      "results that lie",
      "thrown non-Error values",
      "forged capabilities",
      "verifier evasion",
      "nondeterminism sources",
      "resource hog",
      "reclaim foreign pages",
      "reading another application's pages",
      "kernel call flood",
      "log flood",
      "type-level bomb",
      "unpolled C builtins",
    ]) {
      expect(classes, c).toContain(c);
    }
  });

  it("matches expectations by stop and, when given, by code; alternatives with |", () => {
    const o = { stop: "rejected: verifier", code: "no-eval", label: "" };
    expect(matchesExpected(o, "rejected: verifier")).toBe(true);
    expect(matchesExpected(o, "rejected: verifier (no-eval)")).toBe(true);
    expect(matchesExpected(o, "rejected: verifier (no-proxy)")).toBe(false);
    expect(matchesExpected({ stop: "stopped: timeout", label: "" }, "stopped: budget | stopped: timeout")).toBe(true);
  });

  it("the template parses and names itself", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-ex-"));
    try {
      const file = path.join(dir, "my-attack.ts");
      fs.writeFileSync(file, exerciseTemplate("my-attack"));
      const e = parseExercise(file);
      expect(e.name).toBe("my-attack");
      expect(e.expected.typed).toBe("contained: exception");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a malformed exercise header is bad input (red team 2, finding 6)", () => {
  const header = (fields: string[], eol = "\n"): string =>
    [
      "/**",
      ...fields.map((f) => ` * ${f}`),
      " */",
      'import { defineExtension } from "spin-kernel/extension";',
      "export default defineExtension({ handlers: {} });",
      "",
    ].join(eol);
  const good = [
    "EXERCISE: my-attack",
    "Class: runaway loop",
    "Tries: spin forever in a Reclaim handler, every time it is asked.",
    "Defence: the sandbox's instruction budget (interrupt polls).",
    "Expected: stopped: budget",
  ];

  /** Parse `text` as examples-like file my-attack.ts in a fresh folder; the error, if any. */
  function parse(text: string): ReturnType<typeof parseExercise> | Error {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-ex-"));
    try {
      const file = path.join(dir, "my-attack.ts");
      fs.writeFileSync(file, text);
      return parseExercise(file);
    } catch (e) {
      return e as Error;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it("reads a header saved with CRLF (or CR) line ends as it reads one with LF", () => {
    for (const eol of ["\r\n", "\r"]) {
      const e = parse(header([...good, "Scenario: duo", "Limits: runTimeMs=2000"], eol));
      expect(e).not.toBeInstanceOf(Error);
      expect(e).toMatchObject({
        name: "my-attack",
        expected: { typed: "stopped: budget", sfi: "stopped: budget" },
        scenario: "duo",
        limits: { runTimeMs: 2000 },
      });
    }
  });

  it("an unknown scenario, check or limit is refused at its line and column, when the header is read", () => {
    const cases: [string, RegExp][] = [
      ["Scenario: nope", /my-attack\.ts:7:14: Scenario: no scenario named "nope"/],
      ["Scenario: ../scenarios/duo", /my-attack\.ts:7:14: Scenario: no scenario named/],
      ["Check: everything", /my-attack\.ts:7:11: unknown Check: everything \(known: /],
      // An inherited name is not a check (red team 12: `Check: hasOwnProperty` ran nothing and printed contained).
      ["Check: hasOwnProperty", /my-attack\.ts:7:11: unknown Check: hasOwnProperty \(known: /],
      ["Limits: runTimeMs=0", /my-attack\.ts:7:12: Limits: invalid sandbox limits: runTimeMs must be within/],
      ["Limits: speed=3", /my-attack\.ts:7:12: Limits: speed=3 is not name=integer/],
      // Each within its bounds, the two together past the log text a VM may keep (red team 16).
      [
        "Limits: maxLogEntries=100000, maxLogChars=1048576",
        /my-attack\.ts:7:12: Limits: invalid sandbox limits: maxLogEntries x maxLogChars \(the log text a VM may keep\) must be at most 16,777,216 characters/,
      ],
      // An inherited name is not a limit either (`constructor` answered `in`).
      ["Limits: constructor=1", /my-attack\.ts:7:12: Limits: constructor=1 is not name=integer/],
      // A neighbour that cannot be read was every cell's ESCAPED (red team 12).
      [
        "With: examples/pagers/nope.ts@beta",
        /my-attack\.ts:7:10: With: examples\/pagers\/nope\.ts cannot be read: no such file/,
      ],
      ["With: examples/pagers", /my-attack\.ts:7:10: With: examples\/pagers cannot be read: it is a directory/],
      ["Min-charge: 1 ms", /my-attack\.ts:7:16: Min-charge: 1 ms is not a whole number of nanoseconds/],
      ["Check: work-charged", /my-attack\.ts:1:1: check work-charged needs a Min-charge: header field/],
    ];
    for (const [line, message] of cases) {
      const e = parse(header([...good, line]));
      expect(e, line).toBeInstanceOf(ExerciseFormatError);
      expect((e as Error).message, line).toMatch(message);
    }
    expect(parse(header([...good, "Check: work-charged", "Min-charge: 1000000"]))).toMatchObject({
      checks: { typed: ["work-charged"] },
      minChargeNs: 1_000_000,
    });
    const missing = parse(header(good.filter((f) => !f.startsWith("Expected"))));
    expect((missing as Error).message).toMatch(/my-attack\.ts:1:1: header field "Expected:" is missing/);
  });

  it("a neighbour that does not load is the header's mistake, at its line (exit 2), not an escape (red team 12)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-ex-"));
    try {
      const bad = path.join(dir, "bad.ts");
      fs.writeFileSync(
        bad,
        'import { defineExtension } from "spin-kernel/extension";\nconst x: number = "s";\nexport default defineExtension({ handlers: {} });\n',
      );
      const notTs = path.join(dir, "notes.txt");
      fs.writeFileSync(notTs, "hello\n");
      const file = path.join(dir, "my-attack.ts");
      for (const [neighbour, message] of [
        [bad, /my-attack\.ts:7:10: With: .*bad\.ts does not load: TS2322 at 2:7: Type 'string' is not assignable/],
        [notTs, /my-attack\.ts:7:10: With: .*notes\.txt does not load: .*an extension is a TypeScript file/],
      ] as const) {
        fs.writeFileSync(file, header([...good, `With: ${neighbour}@beta`]));
        const r = await spin("exercise", "run", file, "--mode", "typed");
        expect(r.code, r.err).toBe(2);
        expect(r.err).toMatch(message);
        expect(r.out).not.toContain("ESCAPED");
      }
      // An App: naming no application of the scenario: every cell was ESCAPED, exit 1 (red team 13).
      fs.writeFileSync(file, header([...good, "App: nosuch"]));
      const app = await spin("exercise", "run", file, "--mode", "typed");
      expect(app.code, app.err).toBe(2);
      expect(app.err).toMatch(/my-attack\.ts:7:9: .*no application named "nosuch"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is exit 2 with its message, never an internal error", () => {
    const e = parse(header([...good, "Scenario: nope"]));
    expect(classify(e)).toEqual({ code: EXIT.badInput, message: (e as Error).message });
  });
});

describe("spin exercise", () => {
  it("list: every exercise with its class and expected defence", async () => {
    const r = await spin("exercise", "list");
    expect(r.code).toBe(0);
    for (const e of all) expect(r.out).toContain(e.name);
    expect(r.out).toContain("expected defence");
  });

  it("list fits the terminal: a table where it fits, else one block per exercise; --json as data (issue 12)", async () => {
    const widest = (text: string) => Math.max(...text.split("\n").map((l) => l.length));
    // Before: 239 columns, whatever the terminal.
    for (const width of [60, 80, 120, 200]) {
      const r = await spin("exercise", "list", "--width", String(width));
      expect(r.code).toBe(0);
      expect(widest(r.out), `--width ${width}`).toBeLessThanOrEqual(width);
      for (const e of all) expect(r.out).toContain(e.name);
    }
    expect((await spin("exercise", "list", "--width", "80")).out).not.toContain("┌");
    expect((await spin("exercise", "list", "--width", "200")).out).toMatch(/^┌/);
    expect((await spin("exercise", "list", "--width", "5")).code).toBe(2);
    const data = JSON.parse((await spin("exercise", "list", "--json")).out) as { exercises: { name: string }[] };
    expect(data.exercises.map((e) => e.name)).toEqual(all.map((e) => e.name));
  });

  it("wrap: no line longer than the width, no word lost, a word longer than a line cut", () => {
    const text = "a few words and a-very-long-identifier-that-cannot-fit then more";
    for (const width of [4, 10, 25]) {
      const lines = wrap(text, width).split("\n");
      for (const l of lines) expect(l.length, JSON.stringify(l)).toBeLessThanOrEqual(width);
      expect(lines.join("").replace(/ /g, "")).toBe(text.replace(/ /g, ""));
    }
  });

  it("new: writes a template that runs outside the package, by its path or with --dir (issue 12)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-ex-"));
    try {
      const r = await spin("exercise", "new", "my-attack", "--dir", dir);
      expect(r.code).toBe(0);
      const file = path.join(dir, "my-attack.ts");
      expect(r.out).toContain(`spin exercise run ${file}`);
      expect(fs.readFileSync(file, "utf8")).toContain("EXERCISE: my-attack");
      expect((await spin("exercise", "new", "my-attack", "--dir", dir)).code).toBe(2);
      expect((await spin("exercise", "new", "Bad Name", "--dir", dir)).code).toBe(2);
      // Before: run took names of this package's catalogue only.
      const byPath = await spin("exercise", "run", file, "--mode", "typed", "--json");
      const byDir = await spin("exercise", "run", "my-attack", "--dir", dir, "--mode", "sfi", "--json");
      for (const [run, mode] of [
        [byPath, "typed"],
        [byDir, "sfi"],
      ] as const) {
        expect(run.code, run.err).toBe(0);
        const m = JSON.parse(run.out) as { rows: { cells: Record<string, { outcome: { label: string } }> }[] };
        // At the template's `throw` statement (column 7): typed and sfi place a thrown value at the
        // throw that threw it (extensions/sfi/passes/throws.ts), not at its `new Error(` (22).
        expect(m.rows[0]!.cells[mode]!.outcome.label).toBe(`contained: exception (at ${file}:25:7)`);
      }
      // A folder relative to the working directory names its files by their full path.
      expect(loadCatalogue(path.relative(process.cwd(), dir))[0]!.absFile).toBe(file);
      const typo = await spin("exercise", "run", "my-atack", "--dir", dir);
      expect(typo.code).toBe(2);
      expect(typo.err).toContain("did you mean my-attack?");
      expect((await spin("exercise", "run", path.join(dir, "missing.ts"))).err).toMatch(/no such file/);
      expect((await spin("exercise", "list", "--dir", path.join(dir, "missing"))).code).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("run --json: the matrix as data, exit 0 when nothing escaped", async () => {
    const r = await spin("exercise", "run", "loop-in-handler", "forge-arithmetic", "--mode", "typed", "--json");
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out) as {
      ok: boolean;
      modes: string[];
      rows: {
        name: string;
        cells: { typed: { outcome: { label: string }; kernelCheckOk: boolean | null; hostAlive: boolean } };
      }[];
    };
    expect(m.ok).toBe(true);
    expect(m.modes).toEqual(["typed"]);
    expect(m.rows.map((r) => [r.name, r.cells.typed.outcome.label])).toEqual([
      ["forge-arithmetic", "rejected: type check (TS2322 at line 18)"],
      // Where the interrupt lands depends on the ticks spent before it (the tick counter carries
      // over between calls): deterministic, and it moves whenever the prelude's or the runtime's
      // work per call changes (the wire's decoding, typed mode's fuel count, the array iterators'
      // wrappers the prelude's own for-of loops now call: array-grow-iterated; the SFI runtime's
      // throw sites and string walks, issue 10; the frozen JSON and Math, red team 14; every
      // global constructor frozen at boot, red team 15; the array iterators' charge by length,
      // which the prelude's own for-of loops read, red team 16; kernel.log's receiver check and
      // the kernel's writing counter around every result's encoding, red team 18; the typed-array
      // constructors' wrappers and the numeric-argument conversions, red team 16's left open; the
      // builtins' free allowance per handler call and the Set, String.raw, regex source and Math
      // wrappers installed at boot, red team 18's QuickJS charges): now at the handler.
      ["loop-in-handler", "stopped: budget (100 polls at examples/exercises/loop-in-handler.ts:17:5)"],
    ]);
    expect(m.rows[1]!.cells.typed.kernelCheckOk).toBe(true);
    expect(m.rows[1]!.cells.typed.hostAlive).toBe(true);
  });

  it("run: a table on the terminal; unknown names and modes are usage errors", async () => {
    const r = await spin("exercise", "run", "result-nan", "--mode", "typed");
    expect(r.code).toBe(0);
    expect(r.out).toContain("refused: kernel validation");
    expect(r.out).toContain("nothing escaped, every check held");
    expect((await spin("exercise", "run", "no-such-exercise")).code).toBe(2);
    expect((await spin("exercise", "run", "result-nan", "--mode", "wasm")).code).toBe(2);
  });
});
