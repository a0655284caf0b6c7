/**
 * The compact, iterative JSON tree (workloads/json-tree.ts) against jsonc-parser's own parseTree:
 * the same first syntax error (kind and offset) and the same values, on random documents and
 * random edits of them; and what jsonc-parser cannot do: any depth, without recursion.
 */
import fc from "fast-check";
import { getNodeValue, parseTree, printParseErrorCode, type ParseError } from "jsonc-parser";
import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseJsonTree } from "../../workloads/json-tree.js";
import { JsonDocument } from "../../workloads/json-value.js";

type Outcome = { error: string; offset: number } | { value: unknown };

function ours(text: string): Outcome {
  try {
    parseJsonTree(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { error: error.code, offset: error.offset };
  }
  return { value: new JsonDocument("t.json", text).root.plain(Infinity) };
}

function theirs(text: string): Outcome {
  const errors: ParseError[] = [];
  const node = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined) return { error: printParseErrorCode(first.error), offset: first.offset };
  return { value: node === undefined ? undefined : getNodeValue(node) };
}

const pieces = [
  "{",
  "}",
  "[",
  "]",
  ",",
  ":",
  '"',
  "\\",
  "/",
  "*",
  "//",
  "/*",
  "*/",
  "\n",
  " ",
  "1",
  "-",
  "e",
  "tru",
  "null",
  '"k"',
  "x",
  "\u0000",
  "\t",
];

describe("the JSON tree agrees with jsonc-parser", () => {
  it("on random JSON documents", () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        fc.pre(!text.includes("__proto__")); // jsonc-parser's getNodeValue sets the prototype; ours keeps an own key
        expect(ours(text)).toEqual(theirs(text));
      }),
      { numRuns: 300 },
    );
  });

  it("on random edits of JSON documents (first error: same kind, same offset)", () => {
    fc.assert(
      fc.property(
        fc.json({ maxDepth: 3 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(2), fc.constantFrom(...pieces)), { minLength: 1, maxLength: 4 }),
        (json, edits) => {
          let text = json;
          for (const [at, cut, insert] of edits) {
            const p = at % (text.length + 1);
            text = text.slice(0, p) + insert + text.slice(p + cut);
          }
          fc.pre(!text.includes("__proto__"));
          expect(ours(text)).toEqual(theirs(text));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("reads nesting of any depth without recursion, where jsonc-parser overflows the stack", () => {
    const deep = "[".repeat(200_000) + "]".repeat(200_000);
    expect(() => parseTree(deep)).toThrow(RangeError);
    const tree = parseJsonTree(deep);
    expect(tree.size).toBe(200_000);
    expect(ours("[".repeat(200_000))).toEqual({ error: "CloseBracketExpected", offset: 200_000 });
  });

  it("keeps about 17 bytes a value, whatever the values", () => {
    const tree = parseJsonTree(`[${Array.from({ length: 100_000 }, (_, i) => i).join(",")}]`);
    const bytes = tree.kind.byteLength + tree.offset.byteLength + tree.end.byteLength + tree.payload.byteLength;
    // Capacity doubles as it grows: at most twice the 100,001 values it holds.
    expect(bytes / 100_001).toBeLessThanOrEqual(2 * 17);
    expect(tree.strings).toEqual([]);
  });
});
