/**
 * A refused result is reported where the handler gives it (issue 12). Before: at the handler's
 * event name, whatever line the `return` was on. The kernel refuses the value after the call, so
 * it cannot tell which of several returns gave it: a handler with one return (or an expression
 * body) is reported at it, one with several at its event name as before. SFI mode's run-time
 * checks already stop at the return (exercise result-nan).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runWithExtensions } from "../../extensions/loader/index.js";
import { loadWorkload } from "../../workloads/index.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "spin-refused-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const write = (name: string, body: string): string => {
  const file = path.join(tmp, name);
  fs.writeFileSync(
    file,
    `import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
${body}
    },
  },
});
`,
  );
  return file;
};

async function firstViolation(file: string): Promise<{ kind: string; position?: string }> {
  const r = await runWithExtensions(loadWorkload("examples/scenarios/textbook.json"), [{ file }]);
  return r.extensions[0]!.violations[0]!;
}

describe("where a refused result is reported", () => {
  it("a handler with one return: at the returned value", async () => {
    const file = write(
      "one-return.ts",
      `      const next = args.vpn + 1;
      return { prefetch: [next, Number.NaN] };`,
    );
    expect(await firstViolation(file)).toMatchObject({ kind: "invalid-result", position: `${file}:7:14` });
  });

  it("a handler with several returns: at its event name, as the kernel cannot tell which gave it", async () => {
    const file = write(
      "two-returns.ts",
      `      if (args.vpn < 0) return {};
      return { prefetch: [Number.NaN] };`,
    );
    expect(await firstViolation(file)).toMatchObject({ kind: "invalid-result", position: `${file}:5:5` });
  });
});
