/**
 * TypeScript's errors about handlers where the student made the mistake (issue 12). Before: a bad
 * result inside an inline handler was reported at the event's name with a six-line dump of the
 * function's type; a misspelt event name gave five errors (TS2353, TS7006 on `args`, three
 * no-unsafe-any) and no "did you mean".
 */
import { describe, expect, it } from "vitest";
import { checkExtension } from "../../extensions/check/pipeline.js";
import { API } from "./rule-tester.js";

const check = (source: string) => checkExtension("student.ts", source, { apiDeclarationFile: API }).diagnostics;

describe("a handler's result that does not fit its event", () => {
  it("is reported at the return that gives it, with which property and which types, not the function's type", () => {
    const [d, ...rest] = check(`import { defineExtension } from "spin-kernel/extension";

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const pages = args.resident;
      const first = pages[0];
      if (first === undefined) throw new Error("none");
      return { victim: "x" };
    },
  },
});
`);
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ line: 9, column: 14, code: "TS2322" });
    expect(d!.message.split("\n")).toEqual([
      "PhysAddr.Reclaim's handler returns '{ victim: string; }', which is not the event's result '{ readonly victim: Frame; readonly clearReferenced?: readonly Frame[]; }'.",
      "  The types of 'victim' are incompatible between these types.",
      "    Type 'string' is not assignable to type 'Frame'.",
      "      Type 'string' is not assignable to type 'number'.",
    ]);
  });

  it("each bad return of several, in both forms of a handler; good returns and nested functions' returns are not blamed", () => {
    const found = check(`import { defineExtension } from "spin-kernel/extension";
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": {
      handler: (args) => {
        const first = args.resident[0];
        if (first === undefined) return { victim: 3 };
        const f = () => { return "not a result"; };
        if (f() === "") return { victim: first.frame };
        return { victim: first.frame, clearReferenced: "all" };
      },
    },
    "Translation.PageNotPresent": (args) => ({ prefetch: args.vpn }),
  },
});
`);
    expect(found.map((d) => [d.line, d.column, d.code, d.message.split("\n").slice(1).join(" | ")])).toEqual([
      [7, 41, "TS2322", "  'victim': type '3' is not assignable to type 'Frame'."],
      [10, 16, "TS2322", "  'clearReferenced': type '\"all\"' is not assignable to type 'readonly Frame[]'."],
      [
        13,
        45,
        "TS2322",
        "  The types of 'prefetch' are incompatible between these types. |     Type 'number' is not assignable to type 'readonly number[]'.",
      ],
    ]);
  });
});

describe("a misspelt event name", () => {
  it("is one error with a did-you-mean; the errors inside its handler, which follow from it, are left out", () => {
    const found = check(`import { defineExtension } from "spin-kernel/extension";
export default defineExtension({
  handlers: {
    "PhysAddr.Reclain": (args) => {
      const first = args.resident[0];
      if (first === undefined) throw new Error("none");
      return { victim: first.frame };
    },
  },
});
`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 4, column: 5, code: "TS2353" });
    expect(found[0]!.message).toMatch(/^no event named "PhysAddr\.Reclain"; did you mean "PhysAddr\.Reclaim"\?/);
  });

  it("a name far from every event lists them; problems outside that handler are still reported", () => {
    const found = check(`import { defineExtension } from "spin-kernel/extension";
const x: number = "not a number";
export default defineExtension({
  handlers: {
    "Disk.Spin": (args) => ({ x: args.y }),
    "Translation.PageNotPresent": (args) => ({ prefetch: [args!.vpn] }),
  },
});
`);
    expect(found.map((d) => [d.line, d.code])).toEqual([
      [2, "TS2322"],
      [5, "TS2353"],
      [6, "no-non-null-assertion"],
    ]);
    expect(found[1]!.message).toContain("the events are Translation.PageNotPresent, ");
  });
});

describe("messages that teach (issue 12)", () => {
  it("a second local file: one error that says an extension is one file (before: TS2307 'Cannot find module' for a file that exists)", () => {
    const found = check(`import { defineExtension } from "spin-kernel/extension";
import { k } from "./helper";
export default defineExtension({ handlers: { "Translation.PageNotPresent": () => ({ prefetch: [k] }) } });
`);
    expect(found.map((d) => [d.line, d.column, d.code])).toEqual([[2, 19, "no-foreign-import"]]);
    expect(found[0]!.message).toContain("an extension is one file, so it cannot import another");
    // A package is still TypeScript's TS2307 and the rule's plain message.
    const pkg = check(`import fs from "node:fs";
import { defineExtension } from "spin-kernel/extension";
export default defineExtension({ handlers: { "Translation.PageNotPresent": () => ({ prefetch: [fs ? 1 : 0] }) } });
`);
    expect(pkg.map((d) => d.code)).toContain("TS2307");
    expect(pkg.find((d) => d.code === "no-foreign-import")!.message).toBe(
      "import of 'node:fs'; expected only 'spin-kernel/extension'",
    );
  });

  it("a top-level statement: the message says that a declaration may build a Map, and where other work goes", () => {
    const [d] = check(`import { defineExtension } from "spin-kernel/extension";
const seen = new Map<number, number>();
seen.set(1, 2);
export default defineExtension({ handlers: { "Translation.PageNotPresent": () => ({ prefetch: [seen.size] }) } });
`);
    expect(d).toMatchObject({ line: 3, column: 1, code: "no-top-level-side-effects" });
    expect(d!.message).toContain(
      "a declaration may build a Map, Set, WeakMap, WeakSet, Array or typed array with 'new'",
    );
    expect(d!.message).toContain("other work goes into a handler");
  });
});
