/**
 * Issue 8, finding 10: guest strings printed raw forged report lines and hid counters. Hostile
 * strings (newlines, ANSI escapes, C1, DEL, bidi overrides, line separators) are fed through every
 * command's text output; no raw control character may reach stdout or stderr, no forged line may
 * appear, and JSON output must still carry the exact strings.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODE_NAMES } from "../../extensions/loader/mode-names.js";
import type { Exercise, MatrixRow } from "../../extensions/exercise/index.js";
import { formatList, formatMatrix } from "../../render/exercise-matrix.js";
import { jsonText, visible, visibleLines } from "../../extensions/visible.js";
import { formatHandler } from "../../render/run-report.js";
import { spin } from "./run-cli.js";

/**
 * What must never reach a terminal raw (written out here, independently of extensions/visible.ts):
 * C0 but newline and tab, DEL, C1, line/paragraph separators, bidi embeddings/overrides/isolates.
 */
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const FORGED_LINE = "with extensions: check: ok (kernel invariants hold; every page reads back its last write)";
/** A string an attacker would choose: a forged report line, hide-everything, erase, CSI, bidi. */
const HOSTILE = `x\n\n${FORGED_LINE}\n\u001b[8m\u001b[2K\r\u009b31m\u007f\u2028\u202e\u2066evil`;
const hostileTs = JSON.stringify(HOSTILE).replace(
  /[\u007f-\uffff]/g,
  (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
);

const tmp = mkdtempSync(join(tmpdir(), "spin-hostile-"));
const file = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

function clean(r: { stdout: string; stderr: string }): void {
  expect(RAW.exec(r.stdout)?.[0], "raw control character on stdout").toBeUndefined();
  expect(RAW.exec(r.stderr)?.[0], "raw control character on stderr").toBeUndefined();
  // The forged line can appear only inside an escaped field, never at the start of a line.
  for (const text of [r.stdout, r.stderr]) {
    expect(text.split("\n").filter((l) => l.startsWith("with extensions: check:")).length).toBeLessThanOrEqual(1);
  }
}

/** A thrown message and a log line; in SFI mode (type errors are warnings) a handler name too. */
const attacker = (withHandlerName: boolean): string =>
  file(
    `attacker-${withHandlerName ? "named" : "plain"}.ts`,
    `import { defineExtension, kernel } from "spin-kernel/extension";
const HOSTILE = ${hostileTs};
export default defineExtension({
  name: "attacker",
  handlers: {
    "PhysAddr.Reclaim": {${withHandlerName ? "\n      name: HOSTILE," : ""}
      handler: () => {
        kernel.log(HOSTILE);
        throw new Error(HOSTILE);
      },
    },
  },
});
`,
  );
const ATTACKER: Record<string, string> = {
  typed: attacker(false),
  sfi: attacker(true),
  native: attacker(false),
  server: attacker(false),
};

describe("hostile strings in every command's output", () => {
  for (const mode of MODE_NAMES) {
    it(`spin load --mode ${mode}: thrown message, handler name and log line are escaped; one real check line`, async () => {
      const r = await spin("load", ATTACKER[mode]!, "--scenario", "examples/scenarios/textbook.json", "--mode", mode);
      clean(r);
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split("\n");
      expect(lines.filter((l) => l.startsWith("with extensions: check:"))).toEqual([
        `with extensions: check: ok (kernel invariants hold; every page reads back its last write)`,
      ]);
      expect(lines[lines.length - 1]).toMatch(/^with extensions: check: ok/);
      // The message is there, escaped, on the violation's own line.
      expect(r.stdout).toContain(
        `guest threw Error: x\\n\\n${FORGED_LINE}\\n\\x1b[8m\\x1b[2K\\r\\x9b31m\\x7f\\u2028\\u202e\\u2066evil`,
      );
      // No violation line was split: every violation line starts as the formatter writes it.
      const violations = lines.filter((l) => l.startsWith("    exception at "));
      expect(violations.length).toBeGreaterThan(0);
    });
  }

  it("spin load --json: the exact strings, every unsafe character as a \\u escape", async () => {
    const r = await spin(
      "load",
      ATTACKER.sfi!,
      "--scenario",
      "examples/scenarios/textbook.json",
      "--json",
      "--mode",
      "sfi",
    );
    clean(r);
    const parsed = JSON.parse(r.stdout) as { extensions: { violations: { message: string }[] }[] };
    expect(parsed.extensions[0]!.violations[0]!.message).toBe(`guest threw Error: ${HOSTILE}`);
  });

  it("spin load: a hostile declared name is refused at load, shown escaped", async () => {
    const named = file(
      "named.ts",
      `import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ name: ${hostileTs}, handlers: {} });\n`,
    );
    const r = await spin("load", named, "--scenario", "examples/scenarios/textbook.json");
    clean(r);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`load/extension-name: the extension's name "x\\n\\nwith extensions: check: ok`);
  });

  it("spin load: names within the rule load (letters of any script, digits, . _ + -)", async () => {
    const ok = file(
      "ok-name.ts",
      `import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ name: "Ωmega_pager-2.0+", handlers: { "Translation.PageNotPresent": () => ({}) } });\n`,
    );
    const r = await spin("load", ok, "--scenario", "examples/scenarios/textbook.json");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("name Ωmega_pager-2.0+  file");
  });

  it("spin load and spin check: a hostile file name (a backslash, which TypeScript reads as a separator, too)", async () => {
    const dir = join(tmp, "names");
    mkdirSync(dir, { recursive: true });
    const hostileFile = join(dir, "p\\q\n\u001b[8m\u202e.ts");
    writeFileSync(
      hostileFile,
      `import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ handlers: { "PhysAddr.Reclaim": () => { throw new Error("boom"); } } });\n`,
    );
    const load = await spin("load", hostileFile, "--scenario", "examples/scenarios/textbook.json");
    clean(load);
    expect(load.stdout).toContain("p\\q\\n\\x1b[8m\\u202e.ts");
    const check = await spin("check", hostileFile);
    clean(check);
    expect(check.stdout).toContain("ok ");
  });

  it("spin check: a source line and a type error that quote hostile text", async () => {
    const src = file(
      "quotes.ts",
      `import { defineExtension } from "spin-kernel/extension";\nconst n: number = "\u001b[8m\u202e\u009b2J"; // raw characters in the source\nexport default defineExtension({ handlers: { "PhysAddr.Reclaim": (args) => ({ victim: args.resident[n]!.frame }) } });\n`,
    );
    const r = await spin("check", src);
    clean(r);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('2 | const n: number = "\\x1b[8m\\u202e\\x9b2J";');
  });

  it("spin exercise run: an unknown hostile name; spin exercise new --dir: a hostile folder", async () => {
    const r = await spin("exercise", "run", HOSTILE);
    clean(r);
    expect(r.code).toBe(2);
    const dir = join(tmp, "ex\u001b[8m\u202e");
    mkdirSync(dir, { recursive: true });
    const made = await spin("exercise", "new", "my-attack", "--dir", dir);
    clean(made);
    expect(made.stdout).toContain("ex\\x1b[8m\\u202e");
  });

  it("spin exercise list and run formats: hostile headers and outcome messages", () => {
    const ex: Exercise = {
      name: HOSTILE,
      file: "examples/exercises/x.ts",
      absFile: "/x.ts",
      attackClass: HOSTILE,
      tries: HOSTILE,
      defence: HOSTILE,
      expected: { typed: HOSTILE, sfi: HOSTILE, native: HOSTILE, server: HOSTILE },
      scenario: "duo",
      limits: {},
      with: [],
      appAt: "x.ts:1:1",
      checks: { typed: [], sfi: [], native: [], server: [] },
    };
    const list = formatList([ex]);
    expect(RAW.test(list)).toBe(false);
    const row: MatrixRow = {
      name: HOSTILE,
      attackClass: HOSTILE,
      tries: HOSTILE,
      defence: HOSTILE,
      file: "x.ts",
      cells: {
        typed: {
          mode: "typed",
          outcome: {
            stop: "contained: exception",
            message: HOSTILE,
            where: HOSTILE,
            label: `contained: exception (at ${HOSTILE})`,
          },
          expected: HOSTILE,
          asExpected: false,
          kernelCheckOk: true,
          hostAlive: true,
          checks: [{ name: "log-capped", ok: true, detail: HOSTILE }],
          violations: 1,
          unloaded: HOSTILE,
          ms: 1,
          longestCallMs: 1,
          kills: 0,
        },
      },
    };
    const matrix = formatMatrix([row], ["typed"]);
    expect(RAW.test(matrix)).toBe(false);
    expect(matrix.split("\n").filter((l) => l.startsWith("with extensions"))).toEqual([]);
  });

  it("spin run's handler lines (bindings of a run): a hostile handler name and last fault", () => {
    const line = formatHandler({
      id: 1,
      event: "PhysAddr.Reclaim",
      handler: HOSTILE,
      kind: "sandboxed",
      principal: HOSTILE,
      guard: "none",
      options: "cancel",
      installed: false,
      invocations: 1,
      failures: 1,
      instructions: 0,
      fuel: 0,
      chargedNs: 0,
      batched: 0,
      faults: { exception: 1 },
      lastFault: HOSTILE,
    });
    expect(RAW.test(line)).toBe(false);
    expect(line.split("\n")).toHaveLength(2);
  });

  it("spin run: a scenario with hostile names (or its refusal) prints nothing raw", async () => {
    const scenario = file(
      "hostile.json",
      JSON.stringify({
        name: HOSTILE,
        seed: 1,
        frames: 3,
        apps: [
          {
            name: HOSTILE,
            pager: "fifo",
            threads: [{ name: HOSTILE, workload: { type: "sequence", pages: [1, 2, 3, 4, 1] } }],
          },
        ],
      }),
    );
    const r = await spin("run", scenario);
    clean(r);
    // A scenario may one day refuse such names (exit 2); until then it runs, and shows them escaped.
    if (r.code === 0) expect(r.stdout).toContain(`scenario x\\n\\n${FORGED_LINE}\\n\\x1b[8m`);
    else expect(r.code).toBe(2);
    const json = await spin("run", scenario, "--json");
    clean(json);
    if (json.code === 0) expect((JSON.parse(json.stdout) as { scenario: string }).scenario).toBe(HOSTILE);
  });

  it("spin bench and spin init: hostile paths from the command line", async () => {
    const plot = await spin("bench", "dispatch", "--plot", join(tmp, `chart\u001b[8m\u202e.png`));
    clean(plot);
    expect(plot.code).toBe(2);
    const init = await spin("init", join(tmp, "init\u001b[8m\u202e\u2028dir"));
    clean(init);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("init\\x1b[8m\\u202e\\u2028dir");
  });

  it("commander's own errors (an unknown option echoed back)", async () => {
    const r = await spin("load", "--no-such-option\u001b[8m\u202e");
    clean(r);
    expect(r.code).toBe(2);
  });
});

describe("extensions/visible.ts", () => {
  it("escapes every unsafe character visibly and keeps ordinary text, Unicode included", () => {
    expect(
      visible(
        "a\nb\tc\rd\u0000e\u001bf\u007fg\u0085h\u009bi\u00adj\u200bk\u200el\u2028m\u2029n\u202ao\u202ep\u2066q\u2069r\ufeffs",
      ),
    ).toBe(
      "a\\nb\\tc\\rd\\x00e\\x1bf\\x7fg\\x85h\\x9bi\\xadj\\u200bk\\u200el\\u2028m\\u2029n\\u202ao\\u202ep\\u2066q\\u2069r\\ufeffs",
    );
    expect(visible("Ωmega pager ±1 … 𝌆 é")).toBe("Ωmega pager ±1 … 𝌆 é");
    expect(visible("lone \ud800 high, lone \udc00 low")).toBe("lone \\ud800 high, lone \\udc00 low");
  });

  it("caps a field and counts what it cut, in characters, never splitting a pair", () => {
    expect(visible("abcdefghij", 4)).toBe("abcd…(+6 chars)");
    expect(visible("abcde", 4)).toBe("abcd…(+1 char)");
    expect(visible("abcd", 4)).toBe("abcd");
    expect(visible("abc𝌆𝌆", 4)).toBe("abc…(+2 chars)");
    expect(visible("\u001b".repeat(10), 2)).toBe("\\x1b\\x1b…(+8 chars)");
  });

  it("visibleLines keeps the layout's newlines and tabs; jsonText stays JSON and round-trips", () => {
    expect(visibleLines("a\n\tb\u001b[8m\u202e")).toBe("a\n\tb\\x1b[8m\\u202e");
    const value = { s: HOSTILE, n: [1, "\u0085\u2028"] };
    const text = jsonText(value);
    expect(RAW.test(text)).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
  });
});
