/**
 * What one event may cost: an extension binds at most MAX_HANDLERS_PER_EVENT handlers to one
 * event (refused at load), and the handlers of one event share one time cap; every handler that
 * overran is a violation, also those of a batch that ran on after the watchdog unloaded it.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Kernel } from "../../kernel/machine/kernel.js";
import {
  ExtensionLoadError,
  MAX_HANDLERS_PER_EVENT,
  builtinPolicies,
  loadExtensions,
} from "../../extensions/loader/index.js";
import { apiDeclarationFile, packageRoot } from "../../extensions/loader/paths.js";
import { typedMode } from "../../extensions/loader/modes.js";
import { loadWorkload } from "../../workloads/index.js";
import { fixture, uncheckedMode } from "./helpers.js";

const textbook = () => loadWorkload(path.join(packageRoot(), "examples", "scenarios", "textbook.json"));

describe("what one event may cost", () => {
  it(`the typed API takes an array of up to ${MAX_HANDLERS_PER_EVENT} handlers on one event, functions and specs mixed, as docs/SANDBOX.md says`, () => {
    const h = 'const h: Handler<"Translation.PageNotPresent"> = (args) => ({});';
    const list = [
      ...Array.from({ length: MAX_HANDLERS_PER_EVENT - 1 }, () => "h"),
      "{ handler: h, guard: { vpn: { lo: 0, hi: 9 } } }",
    ];
    const source = `import { defineExtension, type Handler } from "spin-kernel/extension";
${h}
export default defineExtension({ handlers: { "Translation.PageNotPresent": [${list.join(", ")}] } });
`;
    // Throws ExtensionRejected on any type or verifier diagnostic (an array was TS2322 once).
    expect(() => typedMode.prepare("many.ts", source, { apiDeclarationFile: apiDeclarationFile() })).not.toThrow();
  });

  it(`refuses more than ${MAX_HANDLERS_PER_EVENT} handlers of one extension on one event, at the place, saying what to do`, async () => {
    const kernel = new Kernel(textbook(), builtinPolicies);
    const error = await loadExtensions(kernel, [{ file: fixture("nine.ts") }], { mode: uncheckedMode }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExtensionLoadError);
    const [p] = (error as ExtensionLoadError).problems;
    expect(p).toMatchObject({ code: "load/too-many-handlers", line: 6 });
    expect(p!.message).toBe(
      `9 handlers for PhysAddr.Reclaim; an extension may bind at most ${MAX_HANDLERS_PER_EVENT} to one event (each handler adds its own budget and timeout to the event's cost): combine them into one handler`,
    );
    expect(kernel.dispatcher.bindings().filter((b) => b.handler.kind === "sandboxed")).toEqual([]);
  });

  it("the handlers of one event stop at the event's time cap, and each of them is a violation", async () => {
    const kernel = new Kernel(textbook(), builtinPolicies);
    // A budget too large to matter: only the deadlines can stop the spinning handlers.
    const loaded = await loadExtensions(kernel, [{ file: fixture("spinners.ts") }], {
      mode: uncheckedMode,
      limits: { budget: 1_000_000, timeoutMs: 40 },
      eventTimeoutMs: 60,
      maxViolations: 2,
    });
    try {
      const report = kernel.run({ check: true });
      const [ext] = loaded.reports();
      expect(report.check.ok).toBe(true);
      // One batch of three handlers (a deadline of 3 × 40 ms, capped at 60 ms for the event):
      // three violations, though the watchdog unloaded the extension at the second.
      expect(ext!.invocations).toBe(3);
      expect(ext!.violationCount).toBe(3);
      expect(ext!.violations.map((v) => v.message)).toEqual(
        new Array(3).fill("guest exceeded the 60 ms deadline of its event (all the event's handlers together)"),
      );
      expect(ext!.unloaded?.reason).toBe("2 violations (limit 2)");
    } finally {
      loaded.dispose();
    }
  });
});
