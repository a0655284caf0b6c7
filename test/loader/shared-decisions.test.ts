/**
 * Two extensions handling PhysAddr.Reclaim for one application (issue 12): before, the last
 * silently won. spin load now says which extensions share which decision, in the text report and
 * in --json; notifications (every handler's result ignored) and different applications are not
 * reported.
 */
import { describe, expect, it } from "vitest";
import { sharedDecisions } from "../../extensions/loader/shared-decisions.js";
import { spin } from "../cli/run-cli.js";
import { fixture } from "./helpers.js";

const handlers = (...events: string[]) => events.map((event, i) => ({ event, bindingId: i })) as never;

describe("two extensions deciding one event for one application", () => {
  it("spin load says so, in the text report and in --json", async () => {
    const args = [
      "load",
      "examples/pagers/fifo.ts",
      fixture("fifo.ts"),
      "--scenario",
      "examples/scenarios/textbook.json",
    ];
    const text = await spin(...args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(
      "  note: fifo.ts and fifo.ts both handle PhysAddr.Reclaim for textbook: each runs, and the kernel uses the result of the one that runs last",
    );
    const json = JSON.parse((await spin(...args, "--json")).stdout) as { sharedDecisions: unknown };
    expect(json.sharedDecisions).toEqual([
      { app: "textbook", event: "PhysAddr.Reclaim", files: ["examples/pagers/fifo.ts", fixture("fifo.ts")] },
    ]);
    const alone = await spin("load", "examples/pagers/fifo.ts", "--scenario", "examples/scenarios/textbook.json");
    expect(alone.stdout).not.toContain("note:");
  });

  it("only events whose result the kernel uses, only within one application", () => {
    expect(
      sharedDecisions([
        { app: "a", file: "x.ts", handlers: handlers("PhysAddr.Reclaim", "Strand.Block") },
        { app: "a", file: "y.ts", handlers: handlers("Strand.Block", "Translation.PageNotPresent") },
        { app: "b", file: "z.ts", handlers: handlers("PhysAddr.Reclaim") },
        { app: "b", file: "w.ts", handlers: handlers("Translation.PageNotPresent") },
        // A forged report's names (exercise forge-report) are not events: skipped, never a crash.
        { app: "c", file: "f.ts", handlers: handlers("__proto__", "constructor") },
        { app: "c", file: "g.ts", handlers: handlers("__proto__", "constructor") },
      ]),
    ).toEqual([]);
  });
});
