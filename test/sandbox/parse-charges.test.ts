/**
 * Red team 10's number-parse-uncharged and regexp-compile-uncharged, in all four placements: a
 * number parsed from a string (unary plus, Number, parseFloat, parseInt, isNaN, isFinite) and a
 * regex made from a string (RegExp, called or constructed, match and search of a string) are
 * charged before the engine reads the string, and give what the language says: the wrappers
 * convert their argument once, as the builtin would, and pass it on converted.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { apiDeclarationFile, executionModes } from "../../extensions/loader/index.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

const SOURCE = `
import { defineExtension, kernel } from "spin-kernel/extension";
const calls: string[] = [];
const logged = (v: string) => ({ valueOf: () => { calls.push("valueOf"); return v; }, toString: () => "t" });
const ordinary = (): unknown[] => [
  +"12", +" 1e3 ", +"0x1f", +"", +"x", +true, +[], +["4"], +logged("7"),
  +{ [Symbol.toPrimitive]: (hint: string) => (hint === "number" ? 5 : 0) },
  Number("3.5"), Number(), new Number("8").valueOf(), Number(logged("9")),
  parseFloat("3.5e2x"), parseInt("ff", 16), parseInt(" 12px"), parseFloat(String(logged("0"))),
  isNaN(Number("abc")), isFinite(Number("12")),
  Number.parseFloat === parseFloat, Number.parseInt === parseInt, Number.MAX_SAFE_INTEGER, Number.isInteger(2),
  new RegExp("a+b", "g").test("xaab"), RegExp("c").source, new RegExp(/d/g).flags, new RegExp(/e/, "y").sticky,
  "abc".search("b"), ("xyz".match("y") ?? [""])[0], /f/ instanceof RegExp, new RegExp("g") instanceof RegExp,
  calls.join(),
];
const parses = (n: number): number => {
  let long = "1";
  for (let i = 0; i < 17; i++) long = long + long;
  let x = 0;
  for (let i = 0; i < n; i++) x += +long > 0 ? 1 : 0;
  return x;
};
const compiles = (n: number): number => {
  let pattern = "(?:a|b)";
  for (let i = 0; i < 10; i++) pattern = pattern + pattern;
  let x = 0;
  for (let i = 0; i < n; i++) x += new RegExp(pattern + i).source.length > 0 ? 1 : 0;
  return x;
};
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const out = args.vpn === 0 ? ordinary() : args.vpn === 1 ? parses(1000) : compiles(1000);
      kernel.log(JSON.stringify(out));
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
`;

/** What the language gives for ordinary() (computed here, in plain V8). */
const EXPECTED = [
  12,
  1000,
  31,
  0,
  null,
  1,
  0,
  4,
  7,
  5,
  3.5,
  0,
  8,
  9,
  350,
  255,
  12,
  null,
  true,
  true,
  true,
  true,
  9007199254740991,
  true,
  true,
  "c",
  "g",
  true,
  1,
  "y",
  true,
  true,
  "valueOf,valueOf",
];

const vms: ExtensionVM[] = [];
afterAll(() => {
  for (const vm of vms) vm.dispose();
});

async function vmOf(mode: "typed" | "sfi" | "server"): Promise<ExtensionVM> {
  const prepared = executionModes[mode].prepare("parses.ts", SOURCE, { apiDeclarationFile: apiDeclarationFile() });
  const created = await createExtensionVM(mode, {
    source: prepared.js,
    filename: "parses.js",
    seed: 1,
    limits: { timeoutMs: 60_000 },
  });
  if (!created.ok) throw created.error;
  vms.push(created.value);
  return created.value;
}

function run(vm: ExtensionVM, vpn: number) {
  const r = vm.invokeMany([
    { event: "PhysAddr.Reclaim", index: 0, args: { space: 0, vpn, resident: [{ frame: 3, vpn: 1 }] } },
  ]);
  // A fault of the call (the budget) fails the whole batch; one of the handler, its result.
  if (!r.ok) return { fault: r.error.kind, seen: undefined };
  const result = r.value.results[0]!;
  if (!result.ok) return { fault: result.error.kind, seen: undefined };
  return { fault: undefined, seen: JSON.parse(vm.logs.at(-1)!.text) as unknown };
}

describe.each(["typed", "sfi", "server"] as const)("parsing and compiling from strings [%s]", (mode) => {
  it("gives what the language says, each argument converted once; a loop of long parses or compiles runs out of budget", async () => {
    const vm = await vmOf(mode);
    expect(run(vm, 0).seen).toEqual(EXPECTED);
    // 1,000 parses of 2^17 digits, 1,000 compiles of 7,168 characters: past the budget, not the deadline.
    expect(run(vm, 1).fault).toBe("budget");
    expect(run(vm, 2).fault).toBe("budget");
  });
});
