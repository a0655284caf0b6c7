/**
 * `spin check` says what `spin load` would refuse at load time (issue 12): the module evaluated
 * in the sandbox and its handlers, options and guards installed, through the same code.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { MODE_NAMES } from "../../extensions/loader/mode-names.js";
import { loadTimeProblems } from "../../extensions/loader/load-check.js";
import { locateAll } from "../../extensions/loader/locate.js";
import { readExtension } from "../../extensions/loader/source.js";
import { transpileExtension } from "../../extensions/transpile.js";
import { spin } from "../cli/run-cli.js";
import { fixture } from "./helpers.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-load-check-"));
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.exitCode = undefined;
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const head = 'import { defineExtension } from "spin-kernel/extension";\n';
const reclaim = `(args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    }`;

const resumeOnVpn = write(
  "resume-vpn.ts",
  `${head}export default defineExtension({
  handlers: {
    "Strand.Resume": {
      handler: (args) => {
        const t = args.ready[0];
        if (t === undefined) throw new Error("none");
        return { thread: t.thread };
      },
      guard: { vpn: { lo: 0, hi: 10 } },
    },
  },
});
`,
);
const firstAndLast = write(
  "first-last.ts",
  `${head}export default defineExtension({\n  handlers: {\n    "PhysAddr.Reclaim": { handler: ${reclaim}, options: { first: true, last: true } },\n  },\n});\n`,
);
const notAFunction = write(
  "not-a-function.ts",
  `${head}export default defineExtension({\n  handlers: {\n    "PhysAddr.Reclaim": 5,\n  },\n});\n`,
);

describe("spin check refuses what spin load refuses", () => {
  for (const mode of MODE_NAMES) {
    it(`a guard key the event does not have (${mode})`, async () => {
      const checked = await spin("check", resumeOnVpn, "--mode", mode);
      expect(checked.code, checked.stdout + checked.stderr).toBe(3);
      expect(checked.stdout).toContain(
        `${resumeOnVpn}:4:5 load/invalid-guard: Strand.Resume cannot be guarded on vpn (it can on: space)`,
      );
      expect(checked.stdout).toMatch(/rejected .*resume-vpn\.ts: 1 load-time problem, as spin load would refuse it/);
      const loaded = await spin("load", resumeOnVpn, "--mode", mode, "--scenario", fixture("small.json"));
      expect(loaded.code).toBe(3);
      expect(loaded.stderr + loaded.stdout).toContain(
        `${resumeOnVpn}:4:5 load/invalid-guard: Strand.Resume cannot be guarded on vpn`,
      );
    });

    it(`First and Last together (${mode})`, async () => {
      const checked = await spin("check", firstAndLast, "--mode", mode);
      expect(checked.code).toBe(3);
      expect(checked.stdout).toContain(
        `${firstAndLast}:4:5 load/invalid-options: PhysAddr.Reclaim: a binding cannot be both First and Last`,
      );
    });
  }

  it("a module whose defineExtension throws while loading (sfi mode, where type errors are warnings)", async () => {
    const checked = await spin("check", notAFunction, "--mode", "sfi");
    expect(checked.code).toBe(3);
    expect(checked.stdout).toMatch(/TS2322 \(warning\)/);
    expect(checked.stdout).toMatch(
      /load\/exception: while evaluating the module: .*must be a function or \{ handler: function \}/,
    );
  });

  it("a module that holds the host while it is evaluated, inside C calls nothing polls, is stopped at its deadline, in both modes (red team 2, finding 2)", async () => {
    // Each line is one typed-array construction from an 8-million-element array-like (~0.25 s in
    // C, no poll; only its length is kept, so memory stays small): no-top-level-side-effects
    // allows `new` of a typed array at load. spin load's watchdog stopped it; spin check, which
    // evaluated in its own thread, printed ok seconds later.
    const lines = Array.from(
      { length: 16 },
      (_, i) => `const A${i} = new Uint8Array({ length: 8_000_000 }).length;`,
    ).join("\n");
    const file = write(
      "load-hold.ts",
      `${head}${lines}\nexport default defineExtension({\n  handlers: {\n    "PhysAddr.Reclaim": ${reclaim},\n  },\n});\n`,
    );
    for (const mode of ["typed", "sfi"]) {
      const checked = await spin("check", file, "--mode", mode);
      expect(checked.code, checked.stdout + checked.stderr).toBe(3);
      expect(checked.stdout).toContain(
        `${file} load/timeout: while evaluating the module: guest exceeded the 1000 ms deadline`,
      );
    }
  });

  it("a well-formed extension is still ok, in both modes", async () => {
    for (const mode of MODE_NAMES) {
      const r = await spin("check", fixture("fifo.ts"), "--mode", mode);
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toMatch(/^ok /);
    }
  });
});

describe("loadTimeProblems", () => {
  it("evaluates the module and installs its handlers without running one", async () => {
    const source = readExtension(
      write(
        "spin-forever.ts",
        `${head}export default defineExtension({\n  handlers: {\n    "PhysAddr.Reclaim": () => {\n      for (;;) {}\n    },\n  },\n});\n`,
      ),
    );
    expect(
      await loadTimeProblems(source, {
        ...transpileExtension(source.file, source.text),
        locations: locateAll(source.text),
      }),
    ).toEqual([]);
  });

  it("reports each problem at the handler's place", async () => {
    const source = readExtension(firstAndLast);
    const problems = await loadTimeProblems(source, {
      ...transpileExtension(source.file, source.text),
      locations: locateAll(source.text),
    });
    expect(problems.map((p) => `${p.line}:${p.column} ${p.code}`)).toEqual(["4:5 load/invalid-options"]);
  });
});
