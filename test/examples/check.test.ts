/** Load-time: every good example passes the real checks; the load-time broken ones fail as documented. */
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { checkExtension } from "../../extensions/check/pipeline.js";
import { formatDiagnostics } from "../../extensions/diagnostics.js";
import { API, GOOD, RUNTIME_BROKEN, abs, lineOf } from "./helpers.js";

const opts = { apiDeclarationFile: API };
const check = (file: string) => checkExtension(file, fs.readFileSync(abs(file), "utf8"), opts);

describe("good examples", () => {
  it.each(GOOD)("%s passes the type check and the verifier with zero diagnostics", (file) => {
    const r = check(file);
    expect(formatDiagnostics(r.diagnostics)).toBe("");
    expect(r.statsLine).toMatch(/^processed \d+ nodes, \d+ rules, 0 diagnostics$/);
  });

  it.each(GOOD)("%s opens with a header comment saying how to run it", (file) => {
    const text = fs.readFileSync(abs(file), "utf8");
    expect(text.startsWith("/**")).toBe(true);
    expect(text).toContain(`npx spin load ${file} --scenario examples/scenarios/`);
  });
});

describe("broken examples rejected at load time", () => {
  it("type-error.ts: TS2322 at the line assigning a vpn to a Frame, and nothing else", () => {
    const file = "examples/broken/type-error.ts";
    const r = check(file);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.source])).toEqual([
      ["TS2322", lineOf(file, "const victim: Frame = first.vpn;"), 13, "typescript"],
    ]);
    expect(r.diagnostics[0]!.message).toContain("Type 'number' is not assignable to type 'Frame'");
    // The header states the same place.
    expect(fs.readFileSync(abs(file), "utf8")).toContain(`${file}:${r.diagnostics[0]!.line}:13 TS2322`);
  });

  it("verifier-rejection.ts: no-type-assertion at the 'as Frame', no TypeScript diagnostic", () => {
    const file = "examples/broken/verifier-rejection.ts";
    const r = check(file);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.source])).toEqual([
      ["no-type-assertion", lineOf(file, "const victim = 0 as Frame;"), 22, "verifier"],
    ]);
    expect(r.diagnostics[0]!.message).toBe(
      "type assertion 'as Frame'; expected no assertion (use a typed declaration, 'satisfies' or a type guard)",
    );
    expect(fs.readFileSync(abs(file), "utf8")).toContain(`${file}:${r.diagnostics[0]!.line}:22 no-type-assertion`);
  });

  it("invalid-frame.ts: no-type-predicate at the 'n is Frame' guard, no TypeScript diagnostic", () => {
    const file = "examples/broken/invalid-frame.ts";
    const r = check(file);
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.source])).toEqual([
      ["no-type-predicate", lineOf(file, "function looksLikeFrame(n: number): n is Frame {"), 37, "verifier"],
    ]);
    expect(fs.readFileSync(abs(file), "utf8")).toContain(`${file}:${r.diagnostics[0]!.line}:37 no-type-predicate`);
  });

  it.each(RUNTIME_BROKEN)("%s is only broken at run time: it passes every load-time check", (file) => {
    expect(formatDiagnostics(check(file).diagnostics)).toBe("");
  });
});
