import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { parse as parseJsonc } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { OP_READ, OP_WRITE, PAGE_SIZE } from "../../kernel/workload.js";
import { WorkloadError } from "../../workloads/errors.js";
import { rangesContain } from "../../workloads/pages.js";
import { checkPolicyChoice } from "../../policies/index.js";
import { loadScenario, loadWorkload, parseScenario, type PolicyCheck } from "../../workloads/scenario.js";
import { errorOf } from "./error-of.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const examples = path.join(here, "../../examples/scenarios");
const exampleFiles = readdirSync(examples).filter((f) => f.endsWith(".json"));

const parse = (text: string) => parseScenario(text, "scenario.json", {}, examples, checkPolicyChoice);

/** A one-thread scenario with `extra` spliced into the app and `workload` as the thread's. */
function oneThread(workload: string, app = "", top = ""): string {
  return `{${top}
  "apps": [
    {${app}
      "threads": [
        { "name": "t0", "workload": ${workload} }
      ]
    }
  ]
}`;
}

describe("example scenarios", () => {
  it.each(exampleFiles)("%s loads, stays small, and every reference is inside a region", (file) => {
    const config = loadScenario(path.join(examples, file));
    let total = 0;
    for (const app of config.apps) {
      for (const thread of app.threads) {
        for (let i = 0; i < thread.ops.length; i++) {
          const kind = thread.ops.kinds[i];
          if (kind !== OP_READ && kind !== OP_WRITE) continue;
          total++;
          const vpn = Math.floor(thread.ops.values[i]! / PAGE_SIZE);
          expect(rangesContain(app.regions, vpn)).toBe(true);
        }
      }
    }
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(200_000);
  });

  it("textbook.json is the reference string with 3 frames", () => {
    const config = loadScenario(path.join(examples, "textbook.json"));
    expect(config.frames).toBe(3);
    const ops = config.apps[0]!.threads[0]!.ops;
    expect(Array.from(ops.values).map((a) => a / PAGE_SIZE)).toEqual([
      7, 0, 1, 2, 0, 3, 0, 4, 2, 3, 0, 3, 2, 1, 2, 0, 1, 7, 0, 1,
    ]);
  });

  it("two-apps.json merges partial disk and cost parameters and keeps policy choices", () => {
    const config = loadScenario(path.join(examples, "two-apps.json"));
    expect(config.disk.seekBaseNs).toBe(1_000_000);
    expect(config.disk.pagesPerTrack).toBe(64);
    expect(config.apps.map((a) => [a.name, a.priority, a.pager.name])).toEqual([
      ["db", "high", "clock"],
      ["batch", "low", "fifo"],
    ]);
    expect(config.apps[0]!.regions).toEqual([{ startVpn: 0x10000, pages: 256, writable: true }]);
  });

  it("loadWorkload takes a scenario or a trace, with overrides", () => {
    const scenario = loadWorkload(path.join(examples, "zipf.json"), {
      frames: 9,
      seed: 4,
      pager: "lru",
      scheduler: { name: "fifo" },
    });
    expect([scenario.frames, scenario.seed, scenario.apps[0]!.pager, scenario.apps[0]!.scheduler]).toEqual([
      9,
      4,
      { name: "lru" },
      { name: "fifo" },
    ]);
    const trace = loadWorkload(path.join(examples, "../traces/textbook.trace"), { frames: 3 });
    expect(trace.apps[0]!.threads[0]!.ops.length).toBe(20);
    expect(trace.frames).toBe(3);
  });
});

describe("scenario semantics", () => {
  const two = (threads: string) => `{ "seed": 5, "apps": [ { "name": "a", "threads": [${threads}] } ] }`;
  const u = (name: string) => `{ "name": "${name}", "workload": { "type": "uniform", "pages": 50, "refs": 100 } }`;

  it("is deterministic and a seed changes the streams", () => {
    const bytes = (text: string) => Buffer.from(parse(text).apps[0]!.threads[0]!.ops.values.buffer).toString("hex");
    expect(bytes(two(u("x")))).toBe(bytes(two(u("x"))));
    expect(bytes(two(u("x")))).not.toBe(bytes(two(u("x")).replace('"seed": 5', '"seed": 6')));
  });

  it("adding a thread or an app does not change another thread's stream", () => {
    const x = (config: ReturnType<typeof parse>) =>
      Array.from(config.apps.find((a) => a.name === "a")!.threads.find((t) => t.name === "x")!.ops.values);
    const alone = x(parse(two(u("x"))));
    expect(x(parse(two(`${u("w")}, ${u("x")}`)))).toEqual(alone);
    const withApp = `{ "seed": 5, "apps": [ { "name": "b", "threads": [${u("x")}] }, { "name": "a", "threads": [${u("x")}] } ] }`;
    expect(x(parse(withApp))).toEqual(alone);
  });

  it("defaults: name from the file, frames 64, clock and rr, regions from the workloads", () => {
    const config = parse(oneThread(`{ "type": "sequence", "pages": [3, 4, 9] }`));
    expect([config.name, config.frames, config.seed]).toEqual(["scenario", 64, 0]);
    const app = config.apps[0]!;
    expect([app.name, app.priority, app.pager, app.scheduler]).toEqual([
      "app0",
      "low",
      { name: "clock" },
      { name: "rr" },
    ]);
    expect(app.regions).toEqual([
      { startVpn: 3, pages: 2, writable: true },
      { startVpn: 9, pages: 1, writable: true },
    ]);
  });

  it("explicit regions are kept even if a workload reaches outside them (to exercise BadAddress)", () => {
    const config = parse(
      oneThread(
        `{ "type": "sequence", "pages": [0, 50] }`,
        `"regions": [{ "start": 0, "pages": 1, "writable": false }],`,
      ),
    );
    expect(config.apps[0]!.regions).toEqual([{ startVpn: 0, pages: 1, writable: false }]);
  });

  it("overrides win, but the file's own values are still validated", () => {
    const text = oneThread(`{ "type": "loop" }`, "", ` "frames": 2, "seed": 1,`);
    const config = parseScenario(text, "s.json", { frames: 7, seed: 9 }, examples);
    expect([config.frames, config.seed]).toEqual([7, 9]);
    expect(
      errorOf(() => parseScenario(text.replace('"frames": 2', '"frames": 0'), "s.json", { frames: 7 }, examples)).line,
    ).toBe(1);
  });

  it("reads a policy with options", () => {
    const config = parse(oneThread(`{ "type": "loop" }`, `"pager": { "name": "clock", "options": { "hand": 5 } },`));
    expect(config.apps[0]!.pager).toEqual({ name: "clock", options: { hand: 5 } });
  });

  it("checks policy names and options against the registry, at their place", () => {
    const unknown = errorOf(() => parse(oneThread(`{ "type": "loop" }`, `"pager": "lur",`)));
    expect(unknown.detail).toMatch(/^apps\[0\]\.pager: unknown pager policy "lur"; did you mean "lru"\?/);
    const option = errorOf(() =>
      parse(oneThread(`{ "type": "loop" }`, `"scheduler": { "name": "priority", "options": { "tie": "fifo" } },`)),
    );
    expect(option.detail).toMatch(/^apps\[0\]\.scheduler\.options\.tie: .*no option "tie"; did you mean "ties"\?/);
  });

  it("checks policy choices with the check it is given (the registry is the caller's), each at its place", () => {
    const asked: string[] = [];
    const check: PolicyCheck = (kind, choice) => {
      asked.push(`${kind} ${choice.name}`);
      return choice.name === "mine" ? { message: "no such weight", option: "weight" } : undefined;
    };
    const text = oneThread(
      `{ "type": "loop" }`,
      `"pager": "lur", "scheduler": { "name": "mine", "options": { "weight": 2 } },`,
    );
    const e = errorOf(() => parseScenario(text, "s.json", {}, examples, check));
    expect(e.detail).toBe("apps[0].scheduler.options.weight: no such weight");
    expect(asked).toEqual(["pager lur", "scheduler mine"]);
    // Without a check only the shape is read: the kernel refuses an unknown policy when it is built.
    expect(parseScenario(text, "s.json", {}, examples).apps[0]!.pager).toEqual({ name: "lur" });
  });
});

describe("scenario errors point at the offending value", () => {
  it.each([
    [
      "unknown generator",
      oneThread(`{ "type": "zip" }`),
      5,
      47,
      'apps[0].threads[0].workload.type: unknown generator "zip" (known: scan, loop, uniform, zipf, phases, mix, sequence, trace). Did you mean "zipf"?',
    ],
    [
      "unknown top-level key",
      oneThread(`{ "type": "loop" }`, "", ` "frame": 3,`),
      1,
      3,
      'frame: unknown key (known: name, description, seed, frames, quantumNs, disk, costs, apps). Did you mean "frames"?',
    ],
    [
      "frames below 1",
      oneThread(`{ "type": "loop" }`, "", ` "frames": 0,`),
      1,
      13,
      "frames: expected an integer ≥ 1 and ≤ 16777216, got 0",
    ],
    [
      "quantum below 1 µs",
      oneThread(`{ "type": "loop" }`, "", ` "quantumNs": 0,`),
      1,
      16,
      "quantumNs: expected a number ≥ 1000 and ≤ 10000000000, got 0",
    ],
    [
      "seed not an integer",
      oneThread(`{ "type": "loop" }`, "", ` "seed": "x",`),
      1,
      11,
      'seed: expected an integer ≥ 0 and ≤ 4294967295, got "x"',
    ],
    [
      "unknown disk parameter",
      oneThread(`{ "type": "loop" }`, "", ` "disk": { "seekNs": 1 },`),
      1,
      13,
      "disk.seekNs: unknown parameter (known: seekBaseNs, seekPerTrackNs, rotationNs, transferNsPerPage, pagesPerTrack).",
    ],
    [
      "negative cost",
      oneThread(`{ "type": "loop" }`, "", ` "costs": { "faultNs": -1 },`),
      1,
      25,
      "costs.faultNs: expected a number ≥ 0 and ≤ 1000000000, got -1",
    ],
    [
      "app priority",
      oneThread(`{ "type": "loop" }`, ` "priority": "hi",`),
      3,
      19,
      'apps[0].priority: expected one of "high", "low", got "hi". Did you mean "high"?',
    ],
    [
      "pager type",
      oneThread(`{ "type": "loop" }`, ` "pager": 3,`),
      3,
      16,
      'apps[0].pager: expected a policy name or {"name": ..., "options": {...}}',
    ],
    [
      "region not aligned",
      oneThread(`{ "type": "loop" }`, ` "regions": [{ "start": "0x10", "pages": 1 }],`),
      3,
      30,
      "apps[0].regions[0].start: address 0x10 is not page-aligned (pages are 4096 = 0x1000 bytes); use 0x0 or 0x1000",
    ],
    [
      "writable not boolean",
      oneThread(`{ "type": "loop" }`, ` "regions": [{ "start": 0, "pages": 1, "writable": "yes" }],`),
      3,
      57,
      'apps[0].regions[0].writable: expected true or false, got "yes"',
    ],
    [
      "overlapping regions",
      oneThread(
        `{ "type": "loop" }`,
        ` "regions": [{ "start": "0x0", "pages": 4 }, { "start": "0x3000", "pages": 1 }],`,
      ),
      3,
      51,
      "apps[0].regions[1]: region 0x3000..0x4000 overlaps apps[0].regions[0] (0x0..0x4000); regions must not overlap",
    ],
    [
      "thread priority",
      oneThread(`{ "type": "loop" }`).replace('"name": "t0",', '"name": "t0", "priority": 40,'),
      5,
      37,
      "apps[0].threads[0].priority: expected an integer ≥ 0 and ≤ 31, got 40",
    ],
    [
      "missing workload",
      oneThread(`{ "type": "loop" }`).replace(', "workload": { "type": "loop" }', ""),
      5,
      9,
      'apps[0].threads[0]: missing "workload" (e.g. {"type": "loop", "pages": 80, "refs": 20000})',
    ],
    ["no apps", `{ "apps": [] }`, 1, 11, "apps: expected at least one app"],
    [
      "missing apps",
      `{ "frames": 3 }`,
      1,
      1,
      'missing "apps" (a list of applications, each {"name": ..., "threads": [...]})',
    ],
    [
      "duplicate app names",
      `{ "apps": [ { "name": "a", "threads": [{ "workload": { "type": "loop" } }] }, { "name": "a", "threads": [{ "workload": { "type": "loop" } }] } ] }`,
      1,
      89,
      'apps[1].name: app name "a" is already used by apps[0]; names must be unique',
    ],
    [
      "duplicate thread names (one defaulted)",
      oneThread(`{ "type": "loop" }`).replace(
        '{ "name": "t0", "workload": { "type": "loop" } }',
        '{ "workload": { "type": "loop" } }, { "name": "t0", "workload": { "type": "loop" } }',
      ),
      5,
      55,
      'apps[0].threads[1].name: thread name "t0" is already used by apps[0].threads[0]; names must be unique',
    ],
    ["duplicate key", `{ "frames": 2, "frames": 3, "apps": [] }`, 1, 16, 'frames: "frames" is given twice; keep one'],
    [
      "syntax error",
      `{ "frames": 2 "apps": [] }`,
      1,
      15,
      'JSON syntax error: expected "," between items (or a closing bracket)',
    ],
    ["empty file", ``, 1, 1, "JSON syntax error: expected a value"],
    [
      "trace file missing",
      oneThread(`{ "type": "trace", "file": "nope.trace" }`),
      5,
      64,
      `apps[0].threads[0].workload.file: cannot read trace "nope.trace" (looked for ${path.join(examples, "nope.trace")}): no such file`,
    ],
    [
      "trace app missing",
      oneThread(`{ "type": "trace", "file": "../traces/two-apps.trace", "app": 4 }`),
      5,
      99,
      `apps[0].threads[0].workload.app: trace ${path.join(examples, "../traces/two-apps.trace")} has no accesses for application 4 (it has: 0, 1)`,
    ],
  ])("%s", (_what, text, line, column, detail) => {
    const e = errorOf(() => parse(text));
    expect({ line: e.line, column: e.column, detail: e.detail }).toEqual({ line, column, detail });
    expect(e.message).toBe(`scenario.json:${line}:${column}: ${detail}`);
  });

  it("reports an unreadable scenario file", () => {
    expect(errorOf(() => loadScenario(path.join(examples, "missing.json"))).detail).toBe(
      "cannot read the file: no such file",
    );
  });

  it("a bad line in a referenced trace is reported in the trace file", () => {
    const e = errorOf(() =>
      parseScenario(oneThread(`{ "type": "trace", "file": "bad.trace" }`), "s.json", {}, "/nonexistent"),
    );
    expect(e.detail).toMatch(/cannot read trace "bad.trace"/);
  });
});

describe("property: the loader only ever throws WorkloadError", () => {
  const texts = exampleFiles
    .filter((f) => f !== "traced.json")
    .map((f) => readFileSync(path.join(examples, f), "utf8"));

  /** Replace the value at a random path of the parsed scenario with an arbitrary JSON value. */
  function mutate(data: unknown, choices: number[], replacement: unknown): unknown {
    if (choices.length === 0 || data === null || typeof data !== "object") return replacement;
    const keys = Object.keys(data as object);
    if (keys.length === 0) return replacement;
    const [choice, ...rest] = choices;
    const key = keys[choice! % keys.length]!;
    const copy: any = Array.isArray(data) ? [...data] : { ...(data as object) };
    copy[key] = mutate(copy[key], rest, replacement);
    return copy;
  }

  const check = (text: string) => {
    try {
      parseScenario(text, "m.json", {}, examples);
    } catch (error) {
      if (!(error instanceof WorkloadError)) throw error;
      expect(error.line).toBeGreaterThan(0);
    }
  };

  it("on random value replacements", () => {
    fc.assert(
      fc.property(
        fc.nat(texts.length - 1),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.jsonValue({ maxDepth: 2 }),
        (i, choices, replacement) => {
          check(JSON.stringify(mutate(parseJsonc(texts[i]!), choices, replacement), null, 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("on random text edits", () => {
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(), fc.nat(3), fc.string({ maxLength: 3 }), (i, at, cut, insert) => {
        const text = texts[i]!;
        const p = at % (text.length + 1);
        check(text.slice(0, p) + insert + text.slice(p + cut));
      }),
      { numRuns: 300 },
    );
  });
});
