import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateEventsDoc, generateExtensionApi } from "../../extensions/api/generate.js";
import { catalogue, eventNames } from "../../kernel/events/catalogue.js";
import { check, t } from "../../kernel/schema.js";

describe("the event catalogue is the one source of truth", () => {
  it("the published extension API is generated from it and up to date (npm run gen)", () => {
    expect(readFileSync("extensions/api/extension.d.ts", "utf8")).toBe(generateExtensionApi());
  });

  it("docs/EVENTS.md is generated from it and up to date (npm run gen)", () => {
    expect(readFileSync("docs/EVENTS.md", "utf8")).toBe(generateEventsDoc());
  });

  it("names every event the mission lists, each with a default handler and the space guard", () => {
    expect(eventNames).toEqual([
      "Translation.PageNotPresent",
      "Translation.BadAddress",
      "Translation.ProtectionFault",
      "PhysAddr.Reclaim",
      "Disk.IOComplete",
      "Strand.Block",
      "Strand.Unblock",
      "Strand.Checkpoint",
      "Strand.Resume",
    ]);
    for (const name of eventNames) {
      expect(catalogue[name].name).toBe(name);
      expect(catalogue[name].defaultHandler.length).toBeGreaterThan(0);
      expect(catalogue[name].guardKeys).toContain("space");
    }
  });
});

describe("schema checks of untrusted values", () => {
  const victim = catalogue["PhysAddr.Reclaim"].result;
  it.each([
    [{ victim: 3 }, undefined],
    [{ victim: 3, clearReferenced: [1, 2] }, undefined],
    [{ victim: -1 }, "result.victim: expected a Frame handle, got -1"],
    [{ victim: 1.5 }, "result.victim: expected an integer, got 1.5"],
    [{ victim: Number.POSITIVE_INFINITY }, "result.victim: expected a finite number, got Infinity"],
    [{ victim: "3" }, "result.victim: expected a Frame handle (integer), got string"],
    [{}, "result.victim: missing required field"],
    [{ victim: 3, extra: true }, "result.extra: unknown field (expected one of victim, clearReferenced)"],
    [[3], "result: expected object, got array"],
    [null, "result: expected object, got null"],
    [
      { victim: 3, clearReferenced: [1, "x"] },
      "result.clearReferenced[1]: expected a Frame handle (integer), got string",
    ],
  ])("%j → %s", (value, message) => {
    const bad = check(victim, value);
    expect(bad === undefined ? undefined : `${bad.path}: ${bad.message}`).toBe(message);
  });

  it("bounds strings, arrays and literals", () => {
    expect(check(t.string(3), "abcd")?.message).toBe("string of 4 characters exceeds the limit of 3");
    expect(check(t.array(t.int(), 2), [1, 2, 3])?.message).toBe("array of 3 items exceeds the limit of 2");
    expect(check(t.literal(["a", "b"] as const), "c")?.message).toBe('expected one of "a", "b", got "c"');
  });
});
