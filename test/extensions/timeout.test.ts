import { describe, expect, it } from "vitest";
import { stopTypeCheckWorker, typeCheckWithTimeout } from "../../extensions/check/timeout.js";
import { API } from "./rule-tester.js";

const opts = { apiDeclarationFile: API };
const good =
  'import { defineExtension } from "spin-kernel/extension";\nexport default defineExtension({ name: "t", handlers: {} });\n';

// The worker runs compiled JS from dist/, which test/global-setup.ts brings up to date first.
describe("typeCheckWithTimeout", () => {
  it("reports a time-out as a diagnostic and terminates the worker", async () => {
    // A fresh worker, whose start-up (loading the libraries) is part of the check: a warm one
    // left by an earlier file in this fork could check this source within the 1 ms.
    await stopTypeCheckWorker();
    const ds = await typeCheckWithTimeout("ext/t.ts", good, opts, 1);
    expect(ds).toEqual([
      {
        file: "ext/t.ts",
        line: 1,
        column: 1,
        source: "typescript",
        code: "typecheck-timeout",
        message: "type check exceeded 1 ms",
      },
    ]);
  });

  it("checks normally within the limit (fresh worker after a time-out)", async () => {
    expect(await typeCheckWithTimeout("ext/t.ts", good, opts, 20_000)).toEqual([]);
    const bad = await typeCheckWithTimeout("ext/t.ts", good.replace('"t"', "1"), opts, 20_000);
    expect(bad.map((d) => d.code)).toEqual(["TS2322"]);
  });
});
