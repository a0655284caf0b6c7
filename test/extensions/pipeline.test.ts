import { describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RecentChecks, checkExtension, loadCheckedExtension } from "../../extensions/check/pipeline.js";
import { ExtensionRejected, formatDiagnostic, formatDiagnostics } from "../../extensions/diagnostics.js";
import { API } from "./rule-tester.js";

const opts = { apiDeclarationFile: API };

/** A realistic extension must pass every rule (guards against false positives). */
const realistic = `import { defineExtension, kernel, type EventArgs, type Frame } from "spin-kernel/extension";

const LIMIT = 64;
const seen = new Map<number, number>();
type Stats = { faults: number; last?: number };
const stats: Stats = { faults: 0 };

enum Mode { Lazy = 1, Eager = Lazy + 1 }

class Window {
  private readonly items: number[] = [];
  push(x: number): void {
    this.items.push(x);
    if (this.items.length > LIMIT) this.items.shift();
  }
  get size(): number { return this.items.length; }
}
let recent: Window | undefined;

function decide(args: EventArgs<"PhysAddr.Reclaim">, mode: Mode): Frame {
  const count = (seen.get(args.vpn) ?? 0) + 1;
  seen.set(args.vpn, count);
  recent ??= new Window();
  recent.push(args.vpn);
  const parsed: unknown = JSON.parse("[1,2]");
  const n = Array.isArray(parsed) ? parsed.length : 0;
  const [first, ...rest] = [args.vpn, count, n];
  const keys = Object.keys({ a: 1, b: 2 });
  const table: Record<string, number> = { a: 1 };
  const v = table["a"] ?? 0;
  for (const k of keys) kernel.log(k + String(first) + String(rest.length) + String(v));
  try {
    if (count > LIMIT) throw new Error("too many");
  } catch (e: unknown) {
    kernel.log(e instanceof Error ? e.message : "unknown");
  }
  const oldest = args.resident[0];
  if (oldest === undefined) throw new Error("no resident page");
  const newest = args.resident[args.resident.length - 1] ?? oldest;
  return mode === Mode.Eager || count % 2 === 0 ? oldest.frame : newest.frame;
}

export default defineExtension({
  name: "realistic",
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      stats.faults++;
      stats.last = args.vpn;
      return { victim: decide(args, Mode.Lazy) };
    },
    "Strand.Block": (args) => {
      kernel.log(\`\${args.reason}: window \${recent?.size ?? 0}\`);
    },
  },
});
`;

describe("load-time pipeline", () => {
  it("accepts a realistic extension with every rule on, and reports the stats line", () => {
    const r = checkExtension("ext/realistic.ts", realistic, opts);
    expect(formatDiagnostics(r.diagnostics)).toBe("");
    expect(r.statsLine).toMatch(/^processed \d+ nodes, \d+ rules, 0 diagnostics$/);
    const loaded = loadCheckedExtension("ext/realistic.ts", realistic, opts);
    expect(loaded.js).toContain('from "spin-kernel/extension"');
  });

  it("rejects with TypeScript and verifier diagnostics together, in order", () => {
    const bad = realistic
      .replace("const LIMIT = 64;", "const LIMIT = 64;\nconst e = (0, eval);")
      .replace('const v = table["a"] ?? 0;', 'const v: number = table["a"]!;\n  const w: string = v;');
    let err: unknown;
    try {
      loadCheckedExtension("ext/bad.ts", bad, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExtensionRejected);
    const ds = (err as ExtensionRejected).diagnostics;
    expect(ds.map((d) => `${d.line}:${d.column} ${d.source} ${d.code}`)).toEqual([
      "4:12 typescript TS2695",
      "4:15 verifier no-eval",
      "31:21 verifier no-non-null-assertion",
      "32:9 typescript TS2322",
    ]);
    expect(formatDiagnostic(ds[1]!)).toBe(
      "ext/bad.ts:4:15 no-eval: reference to 'eval'; expected no use of eval, direct or aliased\n4 | const e = (0, eval);\n  |               ^^^^",
    );
    expect((err as Error).message).toContain("ext/bad.ts rejected: 4 problems");
  });
});

describe("checks remembered for the next placement (RecentChecks)", () => {
  const bad = `import { defineExtension } from "spin-kernel/extension";\nconst n: number = "x";\nexport default defineExtension({ handlers: {} });\n`;

  it("answers the same check from memory, and checks anew when the name, the text or the API changes", () => {
    const recent = new RecentChecks();
    const first = checkExtension("ext/a.ts", bad, opts, recent);
    expect(first.diagnostics.map((d) => d.code)).toEqual(["TS2322"]);
    expect(checkExtension("ext/a.ts", bad, opts, recent)).toBe(first);
    expect(recent.hits).toBe(1);
    // What the report depends on, each changed in turn: a new check, with its own findings.
    const renamed = checkExtension("ext/b.ts", bad, opts, recent);
    expect(renamed).not.toBe(first);
    expect(renamed.diagnostics[0]!.file).toBe("ext/b.ts");
    const fixed = checkExtension("ext/a.ts", bad.replace('"x"', "1"), opts, recent);
    expect(fixed.diagnostics).toEqual([]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "spin-recent-checks-"));
    try {
      const api = path.join(dir, "extension.d.ts");
      fs.copyFileSync(API, api);
      const before = checkExtension("ext/a.ts", bad, { apiDeclarationFile: api }, recent);
      expect(before).not.toBe(first);
      // A later version of the API file (its size and time change): the same text is checked anew.
      fs.appendFileSync(api, "\n// a later version of the API\n");
      fs.utimesSync(api, new Date(), new Date(Date.now() + 10_000));
      expect(checkExtension("ext/a.ts", bad, { apiDeclarationFile: api }, recent)).not.toBe(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(recent.hits).toBe(1);
  });

  it("keeps no refusal made before the verifier ran (a nesting limit), and nothing without being asked", () => {
    const recent = new RecentChecks();
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const refused = checkExtension("ext/deep.ts", deep, opts, recent);
    expect(refused.verifierStats.nodes).toBe(0);
    expect(checkExtension("ext/deep.ts", deep, opts, recent)).not.toBe(refused);
    expect(recent.hits).toBe(0);
    expect(checkExtension("ext/a.ts", bad, opts)).not.toBe(checkExtension("ext/a.ts", bad, opts));
  });
});
