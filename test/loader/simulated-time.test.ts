/**
 * Extension work in simulated time (docs/MACHINE.md, "Extensions in simulated time"): each
 * invocation is charged its placement's crossing plus its exact fuel, to the application it ran
 * for, deterministically; crosstalk between extensions shows in `done ms` by exactly that much.
 * The accounts are complete: a stopped call and each handler of a batch are charged their own fuel.
 */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { COST_PARAMS, CROSSING_COST_PARAMS, DEFAULT_COSTS, type MachineConfig } from "../../kernel/config.js";
import { CROSSING_COSTS, PLACEMENTS, PLACEMENT_NAMES } from "../../extensions/loader/mode-names.js";
import { runBaseline, runWithExtensions } from "../../extensions/loader/index.js";
import { modeNamed } from "../../extensions/loader/modes.js";
import { loadWorkload, parseScenario } from "../../workloads/index.js";
import { formatComparison } from "../../render/extension-report.js";
import { fixture } from "./helpers.js";

const crosstalk = (): MachineConfig => loadWorkload("examples/scenarios/crosstalk.json");
const GREEDY = { file: "examples/crosstalk/greedy.ts", app: "greedy" };
const POLITE = { file: "examples/crosstalk/polite.ts", app: "polite" };
/** greedy.ts's loop: 3,000 back-edges and the handler's entry, on each of 40 faults. */
const GREEDY_FUEL = 40 * 3_001;

describe("extension work charged to simulated time", () => {
  it("a greedy extension delays the well-behaved application by exactly what it is charged, deterministically", async () => {
    const alone = await runWithExtensions(crosstalk(), [POLITE]);
    const both = await runWithExtensions(crosstalk(), [GREEDY, POLITE]);

    const [greedy, polite] = both.extensions;
    expect(greedy!.fuel).toBe(GREEDY_FUEL);
    expect(greedy!.invocations).toBe(40);
    // typed's crossing is a system call (PLACEMENTS.typed.crossing); one per invocation.
    const charged = 40 * DEFAULT_COSTS.syscallNs + GREEDY_FUEL * DEFAULT_COSTS.fuelUnitNs;
    expect(greedy!.chargedNs).toBe(charged);
    expect(both.apps[0]).toMatchObject({ name: "greedy", extensionNs: charged, extensionFuel: GREEDY_FUEL });
    // The polite extension costs the same in both runs: one fuel unit (its entry) a call.
    expect(polite).toMatchObject({ fuel: 40, chargedNs: 40 * (DEFAULT_COSTS.syscallNs + DEFAULT_COSTS.fuelUnitNs) });
    expect(both.apps[1]!.extensionNs).toBe(alone.apps[1]!.extensionNs);

    expect(both.apps[1]!.finishedNs - alone.apps[1]!.finishedNs).toBe(charged);
    expect(both.check.ok).toBe(true);
  });

  it.each(["sfi", "native", "server"] as const)(
    "counts the same fuel in %s as in typed, and charges the placement's own crossing",
    async (mode) => {
      const report = await runWithExtensions(crosstalk(), [GREEDY], { mode: modeNamed(mode) });
      expect(report.extensions[0]).toMatchObject({ mode, fuel: GREEDY_FUEL });
      const crossing = DEFAULT_COSTS[PLACEMENTS[mode].crossing];
      expect(report.apps[0]!.extensionNs).toBe(40 * crossing + GREEDY_FUEL * DEFAULT_COSTS.fuelUnitNs);
    },
  );

  it("charges a call that ran out of fuel for the fuel it used, alike in native and server", async () => {
    const textbook = loadWorkload("examples/scenarios/textbook.json");
    const [native, server] = await Promise.all(
      (["native", "server"] as const).map((mode) =>
        runWithExtensions(textbook, [{ file: "examples/broken/infinite-loop.ts" }], { mode: modeNamed(mode) }),
      ),
    );
    const n = native.extensions[0]!;
    const s = server.extensions[0]!;
    expect(n.fuel).toBeGreaterThan(0);
    expect(s.fuel).toBe(n.fuel);
    expect(s.chargedNs - n.chargedNs).toBe(
      n.invocations * (DEFAULT_COSTS.ipcRoundTripNs - DEFAULT_COSTS.inKernelCallNs),
    );
  });

  it("with the extension costs at zero the run is the built-in one", async () => {
    const free = crosstalk();
    const zero = { ...free, costs: { ...free.costs, syscallNs: 0, fuelUnitNs: 0 } };
    const report = await runWithExtensions(zero, [POLITE]);
    expect(report.extensions[0]!.chargedNs).toBe(0);
    expect(report.apps.map((a) => a.finishedNs)).toEqual(runBaseline(zero).apps.map((a) => a.finishedNs));
  });
});

describe("SPIN's fault-handling comparison in simulated time (docs/PERFORMANCE.md)", () => {
  const faults = (): MachineConfig => loadWorkload("examples/scenarios/fault-handling.json");
  const HANDLER = { file: "examples/faults/user-handler.ts" };

  it.each([
    ["native", 29_000],
    ["typed", 32_870],
    ["server", 117_870],
  ] as const)("a fault handled in %s costs %i ns (SPIN: 29 µs in the kernel, Mach: 415 µs)", async (mode, ns) => {
    const report = await runWithExtensions(faults(), [HANDLER], { mode: modeNamed(mode) });
    // The message says why, should the extension have stopped handling faults (its violations, its unloading).
    const why = JSON.stringify({
      unloaded: report.extensions[0]?.unloaded,
      violations: report.extensions[0]?.violations,
    });
    expect(report.apps[0], why).toMatchObject({ faults: 1_000, majorFaults: 0, extensionCalls: 1_000 });
    expect(report.apps[0]!.finishedNs / 1_000).toBe(ns);
    expect(runBaseline(faults()).apps[0]!.finishedNs / 1_000).toBe(28_820);
  });

  it("eight handlers of one extension cross once per fault; eight extensions cross eight times", async () => {
    const native = { mode: modeNamed("native") };
    const one = await runWithExtensions(faults(), [{ file: "examples/faults/eight-handlers.ts" }], native);
    const eight = await runWithExtensions(faults(), new Array(8).fill(HANDLER), native);
    expect(one.apps[0]).toMatchObject({
      extensionCalls: 8_000,
      extensionFuel: 8_000,
      extensionNs: 1_000 * (130 + 8 * 50),
    });
    expect(eight.apps[0]).toMatchObject({
      extensionCalls: 8_000,
      extensionFuel: 8_000,
      extensionNs: 8_000 * (130 + 50),
    });
  });
});

describe("the cost parameters of extensions", () => {
  it("docs/MACHINE.md's cost table lists every parameter, in order, with its default", () => {
    const doc = fs.readFileSync("docs/MACHINE.md", "utf8");
    const section = doc.slice(doc.indexOf("## Costs"), doc.indexOf("\n## ", doc.indexOf("## Costs") + 1));
    const rows = [...section.matchAll(/^\| `(\w+)` \| ([\d,]+) \|/gm)].map((m) => [
      m[1],
      Number(m[2]!.replace(/,/g, "")),
    ]);
    expect(rows).toEqual(COST_PARAMS.map((k) => [k, DEFAULT_COSTS[k]]));
  });

  it("every placement names a crossing parameter of the kernel, whose default is SPIN's figure", () => {
    for (const name of PLACEMENT_NAMES) expect(CROSSING_COST_PARAMS).toContain(PLACEMENTS[name].crossing);
    for (const [key, facts] of Object.entries(CROSSING_COSTS))
      expect(DEFAULT_COSTS[key as keyof typeof DEFAULT_COSTS]).toBe(facts.spinNs);
  });

  it("a scenario's extension costs are read, bounded and refused at their place like the others", () => {
    const read = (costs: string): MachineConfig =>
      parseScenario(
        `{ "costs": ${costs}, "apps": [{ "threads": [{ "workload": { "type": "loop", "pages": 2, "refs": 4 } }] }] }`,
        "s.json",
      );
    expect(read(`{ "syscallNs": 7, "fuelUnitNs": 0.5 }`).costs).toMatchObject({
      syscallNs: 7,
      fuelUnitNs: 0.5,
      ipcRoundTripNs: 89_000,
    });
    expect(() => read(`{ "ipcRoundTripNs": -1 }`)).toThrow(
      "s.json:1:32: costs.ipcRoundTripNs: expected a number ≥ 0 and ≤ 1000000000, got -1",
    );
    expect(() => read(`{ "fuelUnitNs": 2e9 }`)).toThrow("costs.fuelUnitNs: expected a number ≥ 0 and ≤ 1000000000");
    expect(() => read(`{ "fuelUnitNS": 1 }`)).toThrow('Did you mean "fuelUnitNs"?');
  });
});

describe("accounts complete: a stopped call's fuel, a batch's fuel per handler (docs/DISPATCHER.md, Accounting)", () => {
  const MODES = ["typed", "sfi", "native", "server"] as const;
  const textbook = () => loadWorkload("examples/scenarios/textbook.json");
  const accounts = (r: Awaited<ReturnType<typeof runWithExtensions>>) =>
    r.handlers.filter((h) => h.kind === "sandboxed").map(({ hostNs: _h, worstHostNs: _w, ...rest }) => rest);

  it.each(MODES)(
    "%s: two handlers in one crossing are charged 1 and 1,001 units a call, not all to the first",
    async (mode) => {
      const r = await runWithExtensions(textbook(), [{ file: fixture("uneven-pair.ts") }], { mode: modeNamed(mode) });
      const [quick, slow] = accounts(r);
      const calls = r.events["Translation.PageNotPresent"]!.raised;
      expect(quick).toMatchObject({ invocations: calls, fuel: calls, batched: calls });
      expect(slow).toMatchObject({ invocations: calls, fuel: 1_001 * calls, batched: calls });
      // One crossing a fault, charged to the first; each handler its own fuel.
      const crossing = DEFAULT_COSTS[PLACEMENTS[mode].crossing];
      expect(quick!.chargedNs).toBe(calls * (crossing + DEFAULT_COSTS.fuelUnitNs));
      expect(slow!.chargedNs).toBe(calls * 1_001 * DEFAULT_COSTS.fuelUnitNs);
      if (mode === "native" || mode === "server")
        expect([quick!.instructions, slow!.instructions]).toEqual([calls, 1_001 * calls]);
    },
  );

  it.each(MODES)(
    "%s: a crossing stopped by the budget inside its second handler charges that handler what it spent, byte for byte",
    async (mode) => {
      // In QuickJS (typed, sfi) the budget's interrupt cannot be caught: the handler wrapper's
      // report never runs, and the host reads the fuel counter after the interrupt.
      const run = () =>
        runWithExtensions(textbook(), [{ file: fixture("stopped-pair.ts") }], {
          mode: modeNamed(mode),
          limits: { budget: 5 },
        });
      const [a, b] = await Promise.all([run(), run()]);
      const [quick, endless] = accounts(a);
      // The whole batch faults (two violations a crossing): the watchdog unloads it after five.
      const calls = 5;
      expect(quick).toMatchObject({ invocations: calls, fuel: calls, faults: { budget: calls }, installed: false });
      expect(endless).toMatchObject({ invocations: calls, faults: { budget: calls }, installed: false });
      // Five polls of 10,000 ticks (or 49,500 units in V8) per handler: thousands of loop turns, where 0 was recorded.
      expect(endless!.fuel).toBeGreaterThan(calls * 5_000);
      const crossing = DEFAULT_COSTS[PLACEMENTS[mode].crossing];
      expect(a.apps[0]).toMatchObject({
        extensionFuel: quick!.fuel + endless!.fuel,
        extensionNs: calls * crossing + (quick!.fuel + endless!.fuel) * DEFAULT_COSTS.fuelUnitNs,
      });
      expect(JSON.stringify(accounts(b))).toBe(JSON.stringify(accounts(a)));
    },
  );

  it("keeps the accounts of bindings the watchdog unloaded, per application too, and spin load --timing shows them with the default handlers'", async () => {
    const options = { limits: { budget: 5 }, timing: true };
    const report = await runWithExtensions(textbook(), [{ file: fixture("stopped-pair.ts") }], options);
    const [quick, endless] = report.handlers;
    expect(report.apps[0]!.handlerAccount).toMatchObject({
      bindings: 2,
      unloaded: 2,
      invocations: 10,
      failures: 10,
      fuel: quick!.fuel + endless!.fuel,
      chargedNs: quick!.chargedNs + endless!.chargedNs,
      batched: 10,
      hostNs: Math.round(quick!.hostNs! + endless!.hostNs!),
    });
    const text = formatComparison(report, runBaseline(textbook()));
    const after = text.slice(text.indexOf("\nbindings:\n"));
    expect(after).toMatch(
      /\n {2}id 1 {2}event Translation\.PageNotPresent .* state unloaded {2}run_cnt 5 {2}fuel 5 .* run_time_ns \d+/,
    );
    expect(after).toMatch(
      /\napplications:\n {2}app textbook {2}bindings 2 {2}unloaded 2 {2}run_cnt 10 .* run_time_ns \d+\n/,
    );
    expect(after).toMatch(
      /\ndefault handlers:\n.*│ event +│ raised │ default ran │ default run_time_ns │ default worst_ns │/s,
    );
    // Without --timing the text is as before: no binding lines.
    const plain = await runWithExtensions(textbook(), [{ file: fixture("stopped-pair.ts") }], {
      limits: { budget: 5 },
    });
    expect(formatComparison(plain, runBaseline(textbook()))).not.toContain("\nbindings:");
  });
});

describe("work the fuel misses is charged (red team 6: fuel-after-await, charge-builtin-work)", () => {
  const duo = (): MachineConfig => loadWorkload("examples/exercises/scenarios/duo.json");
  const QUICKJS = ["typed", "sfi"] as const;
  const mine = (r: Awaited<ReturnType<typeof runWithExtensions>>) =>
    r.handlers.filter((h) => h.kind === "sandboxed").map(({ hostNs: _h, worstHostNs: _w, ...rest }) => rest);

  it.each(QUICKJS)(
    "%s: an async handler's work after its await is charged as the same work without the await, byte for byte",
    async (mode) => {
      const run = (file: string) => runWithExtensions(duo(), [{ file: fixture(file) }], { mode: modeNamed(mode) });
      const [later, again, sync] = await Promise.all([
        run("after-await.ts"),
        run("after-await.ts"),
        run("after-await-sync.ts"),
      ]);
      const a = later.extensions[0]!;
      const s = sync.extensions[0]!;
      expect(a.invocations).toBeGreaterThan(0);
      expect(a.violationCount).toBe(0);
      // 1,000 back-edges a call, and the handler's entry: where only the entry (1 unit) was reported.
      expect(a.fuel).toBe(s.fuel);
      expect(a.fuel).toBeGreaterThanOrEqual(1_000 * a.invocations);
      expect(a.chargedNs).toBe(s.chargedNs);
      expect(later.apps[0]).toMatchObject({ extensionFuel: a.fuel, extensionNs: a.chargedNs });
      expect(JSON.stringify([again.apps, mine(again)])).toBe(JSON.stringify([later.apps, mine(later)]));
    },
  );

  it.each(QUICKJS)(
    "%s: in a batch, the continuation is charged to the handler that returned the promise",
    async (mode) => {
      const r = await runWithExtensions(duo(), [{ file: fixture("after-await-pair.ts") }], { mode: modeNamed(mode) });
      const [later, quick] = mine(r);
      const calls = later!.invocations;
      expect(calls).toBeGreaterThan(0);
      expect(quick).toMatchObject({ invocations: calls, fuel: calls, batched: calls });
      expect(later).toMatchObject({ fuel: 1_001 * calls, batched: calls });
    },
  );

  it.each(QUICKJS)("%s: a continuation that never ends is stopped by the budget and charged", async (mode) => {
    const r = await runWithExtensions(duo(), [{ file: fixture("after-await-endless.ts") }], {
      mode: modeNamed(mode),
      limits: { budget: 5 },
    });
    const e = r.extensions[0]!;
    expect(e.invocations).toBeGreaterThan(0);
    expect(e.violationsByKind).toEqual({ budget: e.invocations });
    // Five polls of 10,000 ticks: thousands of loop turns a call, all after the await.
    expect(e.fuel).toBeGreaterThan(e.invocations * 5_000);
  });

  it.each(["native", "server"] as const)(
    "%s: an async handler is an unresolved promise, and its continuation does not run within the run",
    async (mode) => {
      const r = await runWithExtensions(duo(), [{ file: fixture("after-await.ts") }], { mode: modeNamed(mode) });
      const e = r.extensions[0]!;
      expect(e.invocations).toBeGreaterThan(0);
      expect(e.violations[0]?.kind).toBe("unresolved-promise");
      // Not the loop after the await (1,000 units a call): the handler's entry only (the fault the
      // kernel makes of the promise was charged 4 units a call, issue 11).
      expect(e.fuel).toBe(e.invocations);
      // No job runs while the kernel's run (native) or the server's wait for its next request is
      // synchronous; in QuickJS the continuations run in the crossing.
      const count = async (m: "typed" | typeof mode) =>
        (
          await runWithExtensions(duo(), [{ file: fixture("after-await-count.ts") }], { mode: modeNamed(m) })
        ).extensions[0]!.logs.at(-1)?.text;
      expect(await count(mode)).toBe("continuations 0");
      expect(await count("typed")).toMatch(/^continuations [1-9]\d*$/);
    },
  );

  it.each(["native", "server"] as const)(
    "%s: a throwing handler is charged its own work, not the fault the kernel builds of its throw",
    async (mode) => {
      const r = await runWithExtensions(
        duo(),
        [{ file: fixture("block-thrower.ts") }, { file: fixture("stack-reader.ts") }],
        {
          mode: modeNamed(mode),
        },
      );
      const [thrower, reader] = r.extensions;
      expect(thrower!.invocations).toBeGreaterThan(0);
      expect(thrower!.violations[0]?.kind).toBe("exception");
      // Its position was found in the stack (by the kernel's regex, uncharged).
      expect(thrower!.violations[0]?.position).toMatch(/block-thrower\.ts:9:\d+$/);
      // One unit a call, its entry: the kernel's cut of the stack, its regex for the position and
      // the fault's construction were charged ~10,000 units a throw (issue 11).
      expect(thrower!.fuel).toBe(thrower!.invocations);
      // The guest's own walks of its stack (100 searches a call) stay charged.
      expect(reader!.violations[0]?.kind).toBe("exception");
      expect(reader!.fuel).toBeGreaterThan(reader!.invocations * 5_000);
    },
  );

  it.each(QUICKJS)(
    "%s: a call stopped by its budget in C builtins (2 fuel units) is charged its polls at pollNs",
    async (mode) => {
      const run = () =>
        runWithExtensions(loadWorkload("examples/scenarios/textbook.json"), [{ file: fixture("builtin-work.ts") }], {
          mode: modeNamed(mode),
          limits: { budget: 5 },
        });
      const [r, again] = await Promise.all([run(), run()]);
      const e = r.extensions[0]!;
      expect(e.violationsByKind).toEqual({ budget: e.invocations });
      expect(e.fuel).toBe(2 * e.invocations);
      // Six polls a call (the budget's five and the one that stopped it), five of them certainly
      // this call's: charged 5 × pollNs, where its fuel said 2 × fuelUnitNs.
      expect(e.instructions).toBe(6 * e.invocations);
      expect(e.chargedNs).toBe(e.invocations * (DEFAULT_COSTS.syscallNs + 5 * DEFAULT_COSTS.pollNs));
      expect(JSON.stringify([again.apps, mine(again)])).toBe(JSON.stringify([r.apps, mine(r)]));
    },
  );

  it.each(["typed", "sfi", "native", "server"] as const)(
    "%s: a call stopped by its deadline is accounted its whole budget, byte for byte",
    async (mode) => {
      const run = () =>
        runWithExtensions(loadWorkload("examples/scenarios/textbook.json"), [{ file: fixture("clock-stopped.ts") }], {
          mode: modeNamed(mode),
          limits: { budget: 1_000, timeoutMs: 1 },
        });
      const a = await run();
      const b = await run();
      const e = a.extensions[0]!;
      expect(e.violationsByKind).toEqual({ timeout: e.invocations });
      const crossing = DEFAULT_COSTS[PLACEMENTS[mode].crossing];
      if (mode === "typed" || mode === "sfi") {
        // The polls of a call its budget stopped (1,001), no fuel: charged 1,000 polls.
        expect(e).toMatchObject({ instructions: 1_001 * e.invocations, fuel: 0 });
        expect(e.chargedNs).toBe(e.invocations * (crossing + 1_000 * DEFAULT_COSTS.pollNs));
      } else {
        // Its whole fuel: 1,000 polls' worth (9,900 units a poll).
        expect(e).toMatchObject({ instructions: 9_900_000 * e.invocations, fuel: 9_900_000 * e.invocations });
        expect(e.chargedNs).toBe(e.invocations * (crossing + 9_900_000 * DEFAULT_COSTS.fuelUnitNs));
      }
      // Where the clock caught each call (its violations' positions) is not repeatable; what it is charged is.
      const charged = (r: typeof a) => [r.apps, mine(r), r.extensions.map(({ violations: _v, ...rest }) => rest)];
      expect(JSON.stringify(charged(b))).toBe(JSON.stringify(charged(a)));
    },
  );
});
