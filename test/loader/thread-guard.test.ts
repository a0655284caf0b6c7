/**
 * Thread guards in typed mode (issue 12). Before: `guard: { thread: 1 }` was TS2322 (a guard took
 * only a Thread, and no Thread exists at load time), and a Thread could not index an object. Now
 * a guard names the thread as the scenario does, and spin load resolves the name for the
 * application the extension is attached to.
 *
 * threads.json's one application, server, has three threads in this order: interactive (the
 * kernel's Thread 0), cruncher (1), background (2). The handler throws on any thread but 1, so a
 * run with no violation saw only cruncher's faults.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ExtensionLoadError } from "../../extensions/loader/errors.js";
import { runWithExtensions } from "../../extensions/loader/index.js";
import { loadWorkload } from "../../workloads/index.js";
import { spin } from "../cli/run-cli.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spin-thread-guard-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const guarded = (thread: string): string => {
  const file = path.join(tmp, `on-${thread}.ts`);
  fs.writeFileSync(
    file,
    `import { defineExtension } from "spin-kernel/extension";

const faults: Record<number, number> = {};

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": {
      handler: (args) => {
        faults[args.thread] = (faults[args.thread] ?? 0) + 1;
        if (args.thread !== 1) throw new Error("a fault of another thread");
        return {};
      },
      guard: { thread: ${JSON.stringify(thread)} },
    },
  },
});
`,
  );
  return file;
};

describe("a thread guard names the thread", () => {
  const config = loadWorkload("examples/scenarios/threads.json");

  it("type-checks and passes the verifier (a Thread indexes a record); spin load runs the handler on that thread's events only", async () => {
    const cruncher = guarded("cruncher");
    const check = await spin("check", cruncher);
    expect(check.stdout + check.stderr).toMatch(/^ok /);
    const only = await runWithExtensions(config, [{ file: cruncher }]);
    expect(only.extensions[0]!.invocations).toBeGreaterThan(0);
    expect(only.extensions[0]!.violationCount).toBe(0);
    // The same handler guarded on another thread meets only faults it refuses.
    const other = await runWithExtensions(config, [{ file: guarded("background") }]);
    expect(other.extensions[0]!.violationCount).toBeGreaterThan(0);
  });

  it("a name the application's threads do not have is a load error with a did-you-mean", async () => {
    const error = await runWithExtensions(config, [{ file: guarded("cruncer") }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtensionLoadError);
    const [problem] = (error as ExtensionLoadError).problems;
    expect(problem).toMatchObject({ code: "load/invalid-guard", line: 7, column: 5 });
    expect(problem!.message).toBe(
      'Translation.PageNotPresent: guard thread: application "server" has no thread named "cruncer"; did you mean "cruncher"? (its threads: interactive, cruncher, background)',
    );
  });
});
