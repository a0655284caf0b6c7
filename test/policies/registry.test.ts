import { describe, expect, it } from "vitest";
import {
  createPager,
  createScheduler,
  definePolicy,
  formatPolicies,
  listPolicies,
  pagerAliases,
  pagers,
  PolicyError,
  resolvePagerName,
  resolveSchedulerName,
  schedulerAliases,
  schedulers,
} from "../../policies/index.js";

const PAGERS =
  "fifo, clock (alias second-chance), lru, random, opt (aliases belady, min), nfu, aging, lfu, wsclock (alias working-set), 2q (alias two-queue), arc";
const SCHEDULERS =
  "fifo (alias fcfs), round-robin (alias rr), priority, sjf, stcf (aliases srtf, psjf), mlfq, lottery, stride";

function errorOf(f: () => unknown): PolicyError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return e as PolicyError;
  }
  throw new Error("expected a PolicyError");
}

describe("names and aliases", () => {
  it("creates every registered policy by its canonical name", () => {
    for (const name of Object.keys(pagers)) expect(createPager({ name }).name).toBe(name);
    for (const name of Object.keys(schedulers)) expect(createScheduler({ name }).name).toBe(name);
  });

  it("resolves aliases to canonical policies", () => {
    expect(createPager({ name: "second-chance" }).name).toBe("clock");
    expect(createPager({ name: "belady" }).name).toBe("opt");
    expect(createPager({ name: "min" }).name).toBe("opt");
    expect(createScheduler({ name: "rr" }).name).toBe("round-robin");
    expect(createScheduler({ name: "fcfs" }).name).toBe("fifo");
    expect(resolvePagerName("belady")).toBe("opt");
    expect(resolveSchedulerName("rr")).toBe("round-robin");
    for (const [alias, target] of Object.entries(pagerAliases)) {
      expect(Object.keys(pagers)).toContain(target);
      expect(Object.keys(pagers)).not.toContain(alias);
    }
    for (const [alias, target] of Object.entries(schedulerAliases)) {
      expect(Object.keys(schedulers)).toContain(target);
      expect(Object.keys(schedulers)).not.toContain(alias);
    }
  });

  it("unknown pager name: suggestion (transpositions count as one edit) and the known list", () => {
    const e = errorOf(() => createPager({ name: "lur" }));
    expect(e.message).toBe(`unknown pager policy "lur"; did you mean "lru"? Known pager policies: ${PAGERS}`);
    expect([e.code, e.kind, e.policy, e.option]).toEqual(["unknown-policy", "pager", "lur", undefined]);
    expect(errorOf(() => createPager({ name: "second_chance" })).message).toBe(
      `unknown pager policy "second_chance"; did you mean "second-chance"? Known pager policies: ${PAGERS}`,
    );
    expect(errorOf(() => createPager({ name: "CLOCK" })).message).toMatch(/did you mean "clock"\?/);
  });

  it("unknown name with nothing close: no suggestion", () => {
    expect(errorOf(() => createPager({ name: "clairvoyant" })).message).toBe(
      `unknown pager policy "clairvoyant"; known pager policies: ${PAGERS}`,
    );
    expect(errorOf(() => createScheduler({ name: "edf" })).message).toBe(
      `unknown scheduler policy "edf"; known scheduler policies: ${SCHEDULERS}`,
    );
  });

  it("unknown scheduler name, prefix suggestion", () => {
    expect(errorOf(() => createScheduler({ name: "round" })).message).toBe(
      `unknown scheduler policy "round"; did you mean "round-robin"? Known scheduler policies: ${SCHEDULERS}`,
    );
    expect(errorOf(() => createScheduler({ name: "prio" })).message).toMatch(/did you mean "priority"\?/);
  });

  it("Object.prototype keys are not policy names", () => {
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      expect(errorOf(() => createPager({ name })).code).toBe("unknown-policy");
      expect(errorOf(() => createScheduler({ name })).code).toBe("unknown-policy");
    }
  });

  it("a pager name is not a scheduler name", () => {
    expect(errorOf(() => createScheduler({ name: "lru" })).message).toBe(
      `unknown scheduler policy "lru"; known scheduler policies: ${SCHEDULERS}`,
    );
  });
});

describe("options", () => {
  it("defaults, and typed overrides", () => {
    expect(pagers.clock.defaults).toEqual({ hand: 0 });
    expect(schedulers.priority.defaults).toEqual({ ties: "round-robin" });
    expect(pagers.fifo.defaults).toEqual({});
    expect(schedulers.priority.resolve({ ties: "fifo" })).toEqual({ ties: "fifo" });
    expect(pagers.clock.resolve({})).toEqual({ hand: 0 });
    expect(pagers.clock.resolve({ hand: undefined })).toEqual({ hand: 0 });
    expect(createPager({ name: "clock", options: { hand: 3 } }).name).toBe("clock");
  });

  it("resolved options are typed from the specs (checked by tsc)", () => {
    const ties: "round-robin" | "fifo" = schedulers.priority.resolve({}).ties;
    const hand: number = pagers.clock.defaults.hand;
    // @ts-expect-error a string option with choices is the union of its choices, not any string
    const wrong: "lifo" = schedulers.priority.defaults.ties;
    expect([ties, hand, wrong]).toEqual(["round-robin", 0, "round-robin"]);
  });

  it("unknown option with a suggestion, listing known options and defaults", () => {
    const e = errorOf(() => createScheduler({ name: "priority", options: { tie: "fifo" } }));
    expect(e.message).toBe(
      `scheduler policy "priority" has no option "tie"; did you mean "ties"? Known options: ties (default "round-robin")`,
    );
    expect([e.code, e.kind, e.policy, e.option]).toEqual(["unknown-option", "scheduler", "priority", "tie"]);
    expect(errorOf(() => createPager({ name: "second-chance", options: { hnad: 1 } })).message).toBe(
      `pager policy "clock" has no option "hnad"; did you mean "hand"? Known options: hand (default 0)`,
    );
  });

  it("unknown option without a suggestion", () => {
    expect(errorOf(() => createPager({ name: "clock", options: { frames: 4 } })).message).toBe(
      `pager policy "clock" has no option "frames"; known options: hand (default 0)`,
    );
  });

  it("an option given to a policy that takes none", () => {
    expect(errorOf(() => createPager({ name: "lru", options: { k: 2 } })).message).toBe(
      `pager policy "lru" has no option "k"; it takes no options`,
    );
    expect(errorOf(() => createPager({ name: "lru", options: { toString: 2 } })).code).toBe("unknown-option");
  });

  it("mistyped option values", () => {
    const e = errorOf(() => createScheduler({ name: "priority", options: { ties: "lifo" } }));
    expect(e.message).toBe(
      `option "ties" of scheduler policy "priority" must be one of "round-robin", "fifo"; got "lifo" (default "round-robin")`,
    );
    expect([e.code, e.option]).toEqual(["bad-option", "ties"]);
    expect(errorOf(() => createPager({ name: "clock", options: { hand: -1 } })).message).toBe(
      `option "hand" of pager policy "clock" must be an integer >= 0; got -1 (default 0)`,
    );
    expect(errorOf(() => createPager({ name: "clock", options: { hand: "2" } })).message).toBe(
      `option "hand" of pager policy "clock" must be an integer >= 0; got "2" (default 0)`,
    );
    expect(errorOf(() => createPager({ name: "clock", options: { hand: 1.5 } })).message).toMatch(/got 1\.5 /);
    expect(errorOf(() => createPager({ name: "clock", options: { hand: null } })).message).toMatch(/got null /);
    expect(errorOf(() => createPager({ name: "clock", options: { hand: [1] } })).message).toMatch(/got an array /);
  });

  it("options that are not an object", () => {
    const bad = [null, [1], 3, "x"] as unknown as Record<string, unknown>[];
    expect(errorOf(() => createPager({ name: "clock", options: bad[0]! })).message).toBe(
      `options of pager policy "clock" must be an object; got null`,
    );
    expect(errorOf(() => createPager({ name: "clock", options: bad[1]! })).code).toBe("bad-options");
    expect(errorOf(() => createPager({ name: "clock", options: bad[2]! })).code).toBe("bad-options");
  });

  it("factories validate when called directly too, not only through the registry", () => {
    expect(() => pagers.clock.create({ hands: 1 })).toThrow(PolicyError);
    expect(() => schedulers.priority.create({ ties: 1 })).toThrow(/must be one of/);
  });

  it("number and boolean option specs (via definePolicy)", () => {
    const p = definePolicy({
      kind: "pager",
      name: "test",
      summary: "s",
      details: "d",
      complexity: "c",
      options: {
        k: { type: "number", default: 2, integer: true, min: 1, max: 8, doc: "k" },
        scale: { type: "number", default: 0.5, doc: "any finite number" },
        clean: { type: "boolean", default: false, doc: "b" },
      },
      make: (o) => o,
    });
    expect(p.create({ k: 8, clean: true })).toEqual({ k: 8, scale: 0.5, clean: true });
    expect(errorOf(() => p.create({ k: 9 })).message).toBe(
      `option "k" of pager policy "test" must be an integer in 1..8; got 9 (default 2)`,
    );
    expect(errorOf(() => p.create({ scale: Infinity })).message).toBe(
      `option "scale" of pager policy "test" must be a finite number; got Infinity (default 0.5)`,
    );
    expect(errorOf(() => p.create({ clean: "yes" })).message).toBe(
      `option "clean" of pager policy "test" must be a boolean (true or false); got "yes" (default false)`,
    );
    expect(errorOf(() => p.create({ kk: 1 })).message).toBe(
      `pager policy "test" has no option "kk"; did you mean "k"? Known options: k (default 2), scale (default 0.5), clean (default false)`,
    );
  });
});

describe("the policies added for comparison labs", () => {
  it("typed defaults, as documented in docs/POLICIES.md", () => {
    expect(pagers.nfu.defaults).toEqual({ tickNs: 10_000_000 });
    expect(pagers.aging.defaults).toEqual({ bits: 8, tickNs: 10_000_000 });
    expect(pagers.lfu.defaults).toEqual({});
    expect(pagers.wsclock.defaults).toEqual({ tauNs: 10_000_000, hand: 0 });
    expect(pagers["2q"].defaults).toEqual({ kin: 0.25, kout: 0.5 });
    expect(pagers.arc.defaults).toEqual({ p: 0 });
    expect(schedulers.sjf.defaults).toEqual({});
    expect(schedulers.stcf.defaults).toEqual({});
    expect(schedulers.mlfq.defaults).toEqual({
      levels: 3,
      sliceNs: 10_000_000,
      sliceGrowth: 2,
      boostNs: 1_000_000_000,
    });
    expect(schedulers.lottery.defaults).toEqual({ compensation: true });
    expect(schedulers.stride.defaults).toEqual({ stride1: 1 << 20 });
    const bits: number = pagers.aging.resolve({ bits: 4 }).bits;
    const compensation: boolean = schedulers.lottery.defaults.compensation;
    expect([bits, compensation]).toEqual([4, true]);
  });

  it("aliases", () => {
    expect(resolvePagerName("working-set")).toBe("wsclock");
    expect(resolvePagerName("two-queue")).toBe("2q");
    expect(resolveSchedulerName("srtf")).toBe("stcf");
    expect(resolveSchedulerName("psjf")).toBe("stcf");
  });

  it("out-of-range options are errors naming the range", () => {
    expect(errorOf(() => createPager({ name: "aging", options: { bits: 33 } })).message).toBe(
      `option "bits" of pager policy "aging" must be an integer in 1..32; got 33 (default 8)`,
    );
    expect(errorOf(() => createPager({ name: "aging", options: { tickNs: 0 } })).message).toBe(
      `option "tickNs" of pager policy "aging" must be an integer >= 1; got 0 (default 10000000)`,
    );
    expect(errorOf(() => createPager({ name: "2q", options: { kin: 1.5 } })).message).toBe(
      `option "kin" of pager policy "2q" must be a finite number in 0..1; got 1.5 (default 0.25)`,
    );
    expect(errorOf(() => createPager({ name: "wsclock", options: { tau: 5 } })).message).toBe(
      `pager policy "wsclock" has no option "tau"; did you mean "tauNs"? Known options: tauNs (default 10000000), hand (default 0)`,
    );
    expect(errorOf(() => createScheduler({ name: "mlfq", options: { levels: 0 } })).code).toBe("bad-option");
    expect(errorOf(() => createScheduler({ name: "stride", options: { stride1: 0.5 } })).code).toBe("bad-option");
    expect(errorOf(() => createScheduler({ name: "lottery", options: { compensation: "yes" } })).message).toBe(
      `option "compensation" of scheduler policy "lottery" must be a boolean (true or false); got "yes" (default true)`,
    );
  });
});

describe("listings", () => {
  it("lists every policy once, pagers then schedulers, with aliases and defaults", () => {
    const all = listPolicies();
    expect(all.map((l) => `${l.kind}:${l.name}`)).toEqual([
      "pager:fifo",
      "pager:clock",
      "pager:lru",
      "pager:random",
      "pager:opt",
      "pager:nfu",
      "pager:aging",
      "pager:lfu",
      "pager:wsclock",
      "pager:2q",
      "pager:arc",
      "scheduler:fifo",
      "scheduler:round-robin",
      "scheduler:priority",
      "scheduler:sjf",
      "scheduler:stcf",
      "scheduler:mlfq",
      "scheduler:lottery",
      "scheduler:stride",
    ]);
    expect(all.find((l) => l.name === "opt")!.aliases).toEqual(["belady", "min"]);
    expect(listPolicies("scheduler").find((l) => l.name === "priority")!.defaults).toEqual({ ties: "round-robin" });
    for (const l of all) {
      expect(l.summary.length).toBeGreaterThan(0);
      expect(l.summary).not.toContain("\n");
      expect(l.text.split("\n")[0]).toContain(l.summary);
    }
  });

  it("describe() text shows aliases, cost and options with defaults", () => {
    const clock = listPolicies("pager").find((l) => l.name === "clock")!.text;
    expect(clock.split("\n")[0]).toBe(`clock (alias second-chance) - ${pagers.clock.summary}`);
    expect(clock).toContain("    cost: O(frameCount)");
    expect(clock).toContain(`      hand = 0  (an integer >= 0) frame number the hand starts at`);
    expect(listPolicies("pager")[0]!.text).toContain("    options: none");
    const help = formatPolicies();
    expect(help.startsWith("Pagers:\n\nfifo - ")).toBe(true);
    expect(help).toContain("\n\nThread schedulers:\n\nfifo (alias fcfs) - ");
    expect(formatPolicies("scheduler")).not.toContain("Pagers:");
  });
});
