/**
 * A kernel.log line is placed on the same TypeScript line in every placement (red team 3:
 * a native extension's lines were placed by V8's stack of the evaluated frame, whose lines are
 * shifted by the frame's own lines before the body: `13:17` in typed came out `19:4` in native).
 */
import { describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { logLine } from "../../extensions/loader/account.js";
import { modeNamed } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";
import { LOG_FRAMES } from "../../sandbox/host-functions.js";
import { readLogLines } from "../../sandbox/server/protocol.js";

const SOURCE = `import { defineExtension, kernel } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      kernel.log("chose " + String(first.frame));
      return { victim: first.frame };
    },
  },
});
`;

describe("kernel.log positions", () => {
  it("are on the TypeScript line of the call in typed, native and server", async () => {
    const seen: Record<string, (string | undefined)[]> = {};
    for (const mode of ["typed", "native", "server"] as const) {
      const prepared = modeNamed(mode).prepare("logger.ts", SOURCE, { apiDeclarationFile: apiDeclarationFile() });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "logger.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        const r = vm.invokeMany([
          { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [{ frame: 5, vpn: 3 }] } },
        ]);
        expect(r.ok && r.value.results[0]?.ok, mode).toBe(true);
        seen[mode] = vm.logs.map((e) => logLine(e, "logger.ts", prepared.mapPosition).position);
      } finally {
        vm.dispose();
      }
    }
    // The same line everywhere; the column is each engine's own mark of a call: QuickJS's is the
    // call's parenthesis, V8's the name of the function called (`kernel.log(` at 7: log at 14).
    expect(seen.typed).toEqual(["logger.ts:8:17"]);
    expect(seen.native).toEqual(["logger.ts:8:14"]);
    // A server's replies carry its log lines' positions (sandbox/server/protocol.ts), as its
    // NativeVM recorded them: native's.
    expect(seen.server).toEqual(["logger.ts:8:14"]);
  });
});

const THROWER = `import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": () => {
      throw new Error("decoy at thrower.js:1:1 and thrower.js:3:1\\n  at thrower.js:4:1");
    },
  },
});
`;

describe("a fault's position", () => {
  it("is the throw's in native and server, whatever file:line:col the error's message names (red team 9, fault-position-forge)", async () => {
    for (const mode of ["native", "server"] as const) {
      const prepared = modeNamed(mode).prepare("thrower.ts", THROWER, { apiDeclarationFile: apiDeclarationFile() });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "thrower.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        const r = vm.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn: 3, resident: [] } }]);
        const result = r.ok ? r.value.results[0] : undefined;
        if (result === undefined || result.ok) throw new Error(`${mode}: expected a fault, got ${JSON.stringify(r)}`);
        const at =
          result.error.position === undefined
            ? undefined
            : prepared.mapPosition(result.error.position.line, result.error.position.column);
        expect(at?.line, mode).toBe(6);
      } finally {
        vm.dispose();
      }
    }
  });
});

const UNPLACED = `import { defineExtension } from "spin-kernel/extension";

const DECOY = "    at decoy (unplaced.js:1:1)\\n    at decoy (unplaced.ts:1:1)\\n";

function failure(kind: number): unknown {
  if (kind === 0) return { message: "an object with a stack", stack: DECOY };
  if (kind === 1) return "a string";
  if (kind === 2) {
    const e = new Error("replaced");
    e.stack = DECOY;
    return e;
  }
  // An error the engine made (a builtin's TypeError), its stack replaced.
  try {
    const none: number[] = [];
    return none.reduce((a, b) => a + b);
  } catch (e) {
    if (e instanceof Error) e.stack = DECOY;
    return e;
  }
}

function thrower(kind: number): never {
  const value = failure(kind);
  throw value;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (args.vpn < 4) thrower(args.vpn);
      try {
        thrower(0);
      } catch (e) {
        throw e;
      }
    },
  },
});
`;

describe("a thrown value whose stack the engine did not write (issue 10, thrown-stack-unplaced)", () => {
  it("is placed at the throw that threw it in every placement: an object with a stack of its own, a primitive, an error whose stack was replaced, a rethrow", async () => {
    for (const mode of ["typed", "sfi", "native", "server"] as const) {
      const prepared = modeNamed(mode).prepare("unplaced.ts", UNPLACED, { apiDeclarationFile: apiDeclarationFile() });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "unplaced.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        const at: string[] = [];
        for (const vpn of [0, 1, 2, 3, 4]) {
          const r = vm.invokeMany([{ event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn, resident: [] } }]);
          const result = r.ok ? r.value.results[0] : undefined;
          if (result === undefined || result.ok) throw new Error(`${mode}: expected a fault, got ${JSON.stringify(r)}`);
          const p = result.error.position;
          const mapped = p === undefined ? undefined : prepared.mapPosition(p.line, p.column);
          at.push(mapped === undefined ? "unplaced" : `unplaced.ts:${mapped.line}:${mapped.column}`);
        }
        // The throw in thrower (line 25, its statement at column 3); the rethrow (line 35).
        expect(at, mode).toEqual([
          "unplaced.ts:25:3",
          "unplaced.ts:25:3",
          "unplaced.ts:25:3",
          "unplaced.ts:25:3",
          "unplaced.ts:35:9",
        ]);
      } finally {
        vm.dispose();
      }
    }
  });
});

const UNTHROWN = `import { defineExtension } from "spin-kernel/extension";

function decoy(): string {
  return new Error("decoy").stack ?? "";
}

function* idle(): Generator<number, void, unknown> {
  yield 1;
}

function made(): Error {
  const e = new Error("made");
  e.stack = decoy();
  return e;
}

function engineMade(): unknown {
  try {
    return JSON.parse("{");
  } catch (e) {
    if (e instanceof Error) e.stack = decoy();
    return e;
  }
}

function displaced(e: Error): void {
  try {
    throw e;
  } finally {
    try {
      throw 0;
    } catch {
      // the last value a throw statement threw is now 0
    }
  }
}

function inherited(): unknown {
  const fake: unknown = Object.create(new Error("a prototype"));
  if (fake instanceof Error) fake.stack = decoy();
  return fake;
}

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      if (args.vpn === 0) idle().throw(made());
      if (args.vpn === 1) idle().throw(engineMade());
      if (args.vpn === 2) displaced(made());
      if (args.vpn === 3) idle().throw(inherited());
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
    "Strand.Block": async () => {
      await Promise.reject(made());
    },
    "Strand.Unblock": async () => {
      const settled = await Promise.allSettled([Promise.resolve("{").then((text) => {
        const value: unknown = JSON.parse(text);
        return value;
      })]);
      const outcome = settled[0];
      if (outcome !== undefined && outcome.status === "rejected") {
        const reason: unknown = outcome.reason;
        if (reason instanceof Error) reason.stack = decoy();
        await Promise.reject(reason);
      }
    },
  },
});
`;

describe("a value thrown with no throw statement, or not the one a throw statement threw last (red team 11, thrown-unthrown-forge)", () => {
  it("is never placed by a stack the extension wrote into it: where QuickJS made it, or at the handler", async () => {
    const seen: Record<string, string[]> = {};
    for (const mode of ["typed", "sfi", "native", "server"] as const) {
      const prepared = modeNamed(mode).prepare("unthrown.ts", UNTHROWN, { apiDeclarationFile: apiDeclarationFile() });
      const created = await createExtensionVM(mode, { source: prepared.js, filename: "unthrown.js", seed: 1 });
      if (!created.ok) throw created.error;
      const vm = created.value;
      try {
        const at: string[] = [];
        const calls = [0, 1, 2, 3].map((vpn) => ({ event: "PhysAddr.Reclaim", args: { space: 0, vpn, resident: [] } }));
        for (const call of [
          ...calls,
          { event: "Strand.Block", args: { thread: 1 } },
          { event: "Strand.Unblock", args: { thread: 1 } },
        ]) {
          const r = vm.invokeMany([{ event: call.event, index: 0, args: call.args }]);
          const result = r.ok ? r.value.results[0] : undefined;
          if (result === undefined || result.ok) throw new Error(`${mode}: expected a fault, got ${JSON.stringify(r)}`);
          const p = result.error.position;
          const mapped = p === undefined ? undefined : prepared.mapPosition(p.line, p.column);
          at.push(
            `${result.error.kind} ${mapped === undefined ? "unplaced" : `unthrown.ts:${mapped.line}:${mapped.column}`}`,
          );
        }
        seen[mode] = at;
      } finally {
        vm.dispose();
      }
    }
    // Never the decoy's line (4): QuickJS places an error where it was made (made()'s `new Error`,
    // line 12; JSON.parse's errors, lines 19 and 60, the second handed over by allSettled), an
    // object that only inherits from an error at the handler (unplaced); the V8 placements read
    // only the frames V8 gave, none here, and run no job within a call (an unresolved promise).
    const quickjs = [
      "exception unthrown.ts:12:22",
      "exception unthrown.ts:19:22",
      "exception unthrown.ts:12:22",
      "exception unplaced",
      "exception unthrown.ts:12:22",
      "exception unthrown.ts:60:42",
    ];
    expect(seen.typed).toEqual(quickjs);
    expect(seen.sfi).toEqual(quickjs);
    const v8 = [
      "exception unplaced",
      "exception unplaced",
      "exception unplaced",
      "exception unplaced",
      "unresolved-promise unplaced",
      "unresolved-promise unplaced",
    ];
    expect(seen.native).toEqual(v8);
    expect(seen.server).toEqual(v8);
  });
});

describe("a server's log lines, read as untrusted data", () => {
  it("keep a string's text, its positions of positive integers, at most LOG_FRAMES, and a promise job's mark if it is `true`; anything else of a line is dropped", () => {
    const long = "x".repeat(50);
    const lines = readLogLines(
      [
        { text: "ok", frames: [{ line: 3, column: 7 }], fromJob: "yes" },
        { text: long, frames: [{ line: 0, column: 1 }], fromJob: true },
        { text: 42, frames: [{ line: 1.5, column: 1 }] },
        { text: "many", frames: Array.from({ length: LOG_FRAMES + 1 }, () => ({ line: 1, column: 1 })) },
        { text: "extra", frames: [{ line: 2, column: 2, file: "/etc/passwd" }] },
        "a bare string",
        null,
      ],
      6,
      20,
    );
    expect(lines).toEqual([
      { text: "ok", frames: [{ line: 3, column: 7 }] },
      { text: "x".repeat(21), frames: [], fromJob: true },
      { text: "(not a string)", frames: [] },
      { text: "many", frames: [] },
      { text: "extra", frames: [{ line: 2, column: 2 }] },
      { text: "(not a string)", frames: [] },
    ]);
    expect(readLogLines("not an array", 6, 20)).toEqual([]);
  });
});
