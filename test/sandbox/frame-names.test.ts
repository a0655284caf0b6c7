/**
 * A fault's position in QuickJS is never one a function's name wrote (frame-name-forge): QuickJS
 * writes a frame as `    at <name> (<file>:<line>:<col>)`, the name the extension's. A frame's
 * position is read at the end of its line only, and no function's name holds a line break (a
 * literal one refused at load, a computed one trapped when computed), so every line is one frame.
 */
import { describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { modeNamed } from "../../extensions/loader/modes.js";
import { apiDeclarationFile } from "../../extensions/loader/paths.js";
import { ExtensionRejected } from "../../extensions/diagnostics.js";
import { positionFromStack } from "../../sandbox/marshal.js";

describe("positionFromStack", () => {
  it("reads a frame's position at the end of its line, never one its name holds", () => {
    const stack = [
      "    at <input>:1:2",
      "    at parse (native)",
      "    at x (ext.js:5:5) (native)",
      "    at y (ext.js:6:6) (other.js:3:3)",
      "    at z (ext.js:7:7) (ext.js:9:11)",
      "    at w (ext.js:12:1)",
      "",
    ].join("\n");
    expect(positionFromStack(stack, "ext.js")).toEqual({ line: 9, column: 11 });
    // Not a frame line: a message's text, a position in the middle of a line.
    expect(positionFromStack("Error: at ext.js:3:4\n    at f (ext.js:3:4) trailing", "ext.js")).toBeUndefined();
  });
});

/** The extension's fault, placed in its TypeScript source, or its refusal's first diagnostic. */
async function outcome(mode: "typed" | "sfi", source: string): Promise<string> {
  let prepared: ReturnType<ReturnType<typeof modeNamed>["prepare"]>;
  try {
    prepared = modeNamed(mode).prepare("names.ts", source, { apiDeclarationFile: apiDeclarationFile() });
  } catch (e) {
    if (e instanceof ExtensionRejected) return `rejected ${e.diagnostics[0]?.code} ${e.diagnostics[0]?.line}`;
    throw e;
  }
  const created = await createExtensionVM(mode, { source: prepared.js, filename: "names.js", seed: 1 });
  if (!created.ok) throw created.error;
  const vm = created.value;
  try {
    const r = vm.invokeMany([{ event: "Strand.Block", index: 0, args: { thread: 1 } }]);
    const result = r.ok ? r.value.results[0] : undefined;
    if (result === undefined) throw new Error(`${mode}: ${JSON.stringify(r)}`);
    if (result.ok) return "ok";
    const p = result.error.position;
    const at = p === undefined ? undefined : prepared.mapPosition(p.line, p.column);
    return `${result.error.kind} ${at === undefined ? "unplaced" : `${at.line}:${at.column}`}`;
  } finally {
    vm.dispose();
  }
}

/** An extension whose Strand.Block handler runs `body` (line 4 of the source, after `before`). */
const ext = (before: string, body: string): string =>
  `import { defineExtension } from "spin-kernel/extension";\n${before}\nexport default defineExtension({ handlers: { "Strand.Block": () => {\n${body}\n} } });\n`;

describe("a function's name in QuickJS's stacks (frame-name-forge)", () => {
  it("never places a fault: a name that reads like a position, on one line, is passed over", async () => {
    const source = ext(
      `const o = { "x (names.js:1:1)"(t: string): unknown { return JSON.parse(t); } };`,
      `o["x (names.js:1:1)"]("{");`,
    );
    // The JSON.parse in the method (line 2), not where the name says (1:1, which maps nowhere).
    for (const mode of ["typed", "sfi"] as const) expect(await outcome(mode, source), mode).toBe("exception 2:54");
  });

  it("holds no line break: a literal key that names a function, or a class's static name, is refused at load", async () => {
    const named = [
      `const o = { "x\\n    at y"(): void {} };`,
      `const o = { "x\\r": (): void => {} };`,
      `class C { "x\\n"(): void {} }`,
      `const o = { ["x\\n"]: function (): void {} };`,
      `class C { static readonly name = "C\\n    at y"; }`,
    ];
    for (const before of named)
      for (const mode of ["typed", "sfi"] as const)
        expect(await outcome(mode, ext(before, "")), `${mode}: ${before}`).toBe("rejected sfi/function-name 2");
    // A key that names no function may hold one.
    for (const mode of ["typed", "sfi"] as const)
      expect(
        await outcome(mode, ext(`const o = { "a\\nb": 1 };`, `if (o["a\\nb"] !== 1) throw new Error("lost");`)),
        mode,
      ).toBe("ok");
  });

  it("holds no line break: a computed key that names a function traps when it is computed, a symbol's description too", async () => {
    const cases: [string, string, string][] = [
      [
        "typed",
        `function make(text: string): unknown { const k = Symbol(text); return { [k](): void {} }; }`,
        `make("x (names.js:1:1)\\n    at y");`,
      ],
      [
        "sfi",
        `function make(text: string): unknown { return { [text]: (): void => {} }; }`,
        `make("x (names.js:1:1)\\n    at y");`,
      ],
      ["sfi", `function make(text: string): unknown { return class { static [text] = 1; }; }`, `make("name");`],
    ];
    // Placed at the computed key (each case's first `[`), as an SFI check's trap.
    for (const [mode, before, body] of cases)
      expect(await outcome(mode as "typed" | "sfi", ext(before, body)), before).toBe(
        `sfi 2:${before.indexOf("[") + 1}`,
      );
    // Keys that name a function on one line: as before.
    const plain = ext(
      `function make(text: string): { [Symbol.iterator](): Iterator<number> } { const k = Symbol(text); const o = { [k](): void {}, *[Symbol.iterator](): Iterator<number> { yield 1; } }; return o; }`,
      `for (const x of make("one line")) if (x !== 1) throw new Error("lost");`,
    );
    for (const mode of ["typed", "sfi"] as const) expect(await outcome(mode, plain), mode).toBe("ok");
  });
});
