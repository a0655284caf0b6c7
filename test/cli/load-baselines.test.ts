/**
 * `spin load`'s baselines: `--pager` / `--scheduler` choose the built-in policy of every
 * application in both runs (so the runs differ only by the extension), and `--compare-all` ranks
 * the run with extensions among the runs with every built-in pager or scheduler.
 */
import { describe, expect, it } from "vitest";
import { spin } from "./run-cli.js";

const TEXTBOOK = "examples/scenarios/textbook.json";

interface AppJson {
  readonly pager: string;
  readonly scheduler: string;
  readonly faults: number;
}
interface LoadJson {
  readonly withExtensions: { readonly apps: readonly AppJson[] };
  readonly baseline: { readonly apps: readonly AppJson[] };
  readonly compareAll?: { readonly kind: string; readonly runs: readonly { policy: string; faults: number }[] };
}

describe("spin load's baseline", () => {
  it("--pager lru: the baseline is LRU (the textbook's 12 faults), the extension's run is unchanged by it", async () => {
    const r = await spin("load", "examples/pagers/clock.ts", "--scenario", TEXTBOOK, "--pager", "lru", "--json");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as LoadJson;
    expect(j.baseline.apps.map((a) => [a.pager, a.faults])).toEqual([["lru", 12]]);
    // The Clock extension replaces whichever pager decides: 14 faults, Clock's textbook count.
    expect(j.withExtensions.apps.map((a) => [a.pager, a.faults])).toEqual([["lru", 14]]);
  });

  it("--scheduler names the baseline's scheduler, and a mistyped policy gets a did-you-mean", async () => {
    const r = await spin("load", "examples/pagers/clock.ts", "--scenario", TEXTBOOK, "--scheduler", "mlfq");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("│ textbook │ built-in   │ fifo/mlfq        │     15 │");
    expect(r.stdout).toContain("│ textbook │ extensions │ clock (ext)/mlfq │     14 │");
    const bad = await spin("load", "examples/pagers/clock.ts", "--scenario", TEXTBOOK, "--pager", "lur");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^spin: .*unknown pager policy "lur"; did you mean "lru"\?/);
  });

  it("--compare-all pagers ranks the run with extensions among every built-in pager, in text and JSON", async () => {
    const text = await spin("load", "examples/pagers/clock.ts", "--scenario", TEXTBOOK, "--compare-all", "pagers");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("against every built-in pager (whole machine; fewest faults first):");
    expect(text.stdout).toContain("│    1 │ opt           │      9 │");
    // The same faults as the built-in Clock, and a longer simulated time: its work is charged (issue 11).
    expect(text.stdout).toContain("│    9 │ clock (yours) │     14 │");
    expect(text.stdout).toContain("yours ranks 9 of 12");
    const json = await spin(
      "load",
      "examples/pagers/clock.ts",
      "--scenario",
      TEXTBOOK,
      "--compare-all",
      "pagers",
      "--json",
    );
    const j = JSON.parse(json.stdout) as LoadJson;
    expect(j.compareAll?.kind).toBe("pagers");
    expect(j.compareAll?.runs.map((x) => x.policy)).toEqual([
      "fifo",
      "clock",
      "lru",
      "random",
      "opt",
      "nfu",
      "aging",
      "lfu",
      "wsclock",
      "2q",
      "arc",
    ]);
    const faults = Object.fromEntries(j.compareAll!.runs.map((x) => [x.policy, x.faults]));
    // docs/POLICIES.md's textbook table, 3 frames: FIFO 15, Clock 14, LRU 12, OPT 9.
    expect([faults.fifo, faults.clock, faults.lru, faults.opt]).toEqual([15, 14, 12, 9]);
  });

  it("--compare-all takes pagers or schedulers only", async () => {
    const r = await spin("load", "examples/pagers/clock.ts", "--scenario", TEXTBOOK, "--compare-all", "frames");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'frames' is invalid. Allowed choices are pagers, schedulers.");
  });
});
