/**
 * Red team 18's QuickJS charges (issue 10), in typed, sfi and a server: ES2025's Set methods, a
 * String.raw walk, a repeat or pad past 2^24 characters, a function's toString, joins each under
 * the free size a builtin call had, Math.f16round's conversion and `+` under the SFI runtime's
 * free size were each a tick (or nothing) however much C did, so a loop of them ran to the
 * deadline, not the budget. Each loop below ran with no fault before the charges (a few hundred
 * milliseconds at most here: the exercises are the ones that ran to the deadline); now it runs
 * out of budget where the placement has the builtin, and the ordinary calls give what the
 * language says.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { apiDeclarationFile, executionModes } from "../../extensions/loader/index.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

const SOURCE = `
import { defineExtension, kernel } from "spin-kernel/extension";
// The ES2022 library the type check uses has neither the Set methods nor f16round.
interface SetMethods { union(o: Set<number>): Set<number>; intersection(o: Set<number>): Set<number>; isSubsetOf(o: Set<number>): boolean }
// A method's parameter is compared both ways (bivariance): one that takes a Set with the methods
// implements one that takes any Set.
interface SetUser { use(s: Set<number>, o: Set<number>): unknown[] }
const setCalls: SetUser = {
  use(m: Set<number> & SetMethods, o: Set<number>): unknown[] {
    if (typeof m.union !== "function") return [[1, 2, 3, 4], [3], false];
    return [[...m.union(o)], [...m.intersection(o)], m.isSubsetOf(o)];
  },
};
const unions: SetUser = {
  use(m: Set<number> & SetMethods, o: Set<number>): unknown[] {
    if (typeof m.union !== "function") throw new Error("no Set methods");
    let n = 0;
    for (let i = 0; i < 40; i++) n += m.union(o).size;
    return [n];
  },
};
const f16 = (x: unknown): number | undefined => {
  if (!("f16round" in Math)) return undefined;
  const f = Math.f16round;
  if (typeof f !== "function") return undefined;
  const r: unknown = f.call(Math, x);
  return typeof r === "number" ? r : undefined;
};
const ordinary = (): unknown[] => {
  const [u, i, sub] = setCalls.use(new Set([1, 2, 3]), new Set([3, 4]));
  const h = f16("1.5");
  return [u, i, sub, h === undefined ? 1.5 : h, String.raw({ raw: ["a", "b", "c"] }, 1, 2), "ab".repeat(3), "x".padStart(4, "-"), "y".padEnd(3), [1, 2].join("+"), String(payload).length > 0];
};
function payload(): number {
  return "${"x".repeat(100_000)}".length;
}
const loops: (() => number)[] = [
  // 40 unions of a Set of 2^16 numbers (QuickJS; none in the V8 placements).
  () => {
    const big = new Set<number>();
    for (let i = 0; i < 1 << 16; i++) big.add(i);
    return unions.use(big, new Set<number>()).length;
  },
  // 100 String.raw walks of 2^16 empty strings.
  () => { const raw: string[] = []; for (let i = 0; i < 1 << 16; i++) raw.push(""); let n = 0; for (let i = 0; i < 100; i++) n += String.raw({ raw }).length; return n; },
  // One repeat past 2^24 characters.
  () => "a".repeat(17_000_000).length,
  // 1,000 toStrings of a function of ~100,000 characters.
  () => { let n = 0; for (let i = 0; i < 1000; i++) n += payload.toString().length; return n; },
  // 2,000 joins of four 60,000-character strings.
  () => { const p = "x".repeat(60_000); const parts = [p, p, p, p]; let n = 0; for (let i = 0; i < 2000; i++) n += parts.join("").length; return n; },
  // 500 f16rounds of a 2^14-digit string (nothing in the V8 placements, which have no f16round).
  () => { const d = "1".repeat(1 << 14); let n = 0; for (let i = 0; i < 500; i++) n += f16(d) ?? 0; return n; },
  // 500 strings of 200,000 characters made by \`+\`.
  () => { const a = "x".repeat(100_000); let n = 0; for (let i = 0; i < 500; i++) n += (a + a).length; return n; },
  // 300 trimLefts and trimRights of 2^18 characters (QuickJS's own functions, not trimStart's and trimEnd's).
  () => { const s = " " + "x".repeat(1 << 18) + " "; let n = 0; for (let i = 0; i < 150; i++) n += s.trimLeft().length + s.trimRight().length; return n; },
  // 300 reads of the source of a regex of 50,000 characters, and 300 toStrings (each writes it out anew).
  () => { const re = new RegExp("a".repeat(50_000)); let n = 0; for (let i = 0; i < 300; i++) n += re.source.length + re.toString().length; return n; },
];
export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const f = loops[args.vpn - 1];
      kernel.log(JSON.stringify(f === undefined ? ordinary() : f()));
      const first = args.resident[0];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
`;

const vms: ExtensionVM[] = [];
afterAll(() => {
  for (const vm of vms) vm.dispose();
});

async function vmOf(mode: "typed" | "sfi" | "server"): Promise<ExtensionVM> {
  const prepared = executionModes[mode].prepare("charged.ts", SOURCE, { apiDeclarationFile: apiDeclarationFile() });
  const created = await createExtensionVM(mode, {
    source: prepared.js,
    filename: "charged.js",
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
  if (!r.ok) return { fault: r.error.kind, seen: undefined };
  const result = r.value.results[0]!;
  if (!result.ok) return { fault: result.error.kind, seen: undefined };
  return { fault: undefined, seen: JSON.parse(vm.logs.at(-1)!.text) as unknown };
}

describe.each(["typed", "sfi", "server"] as const)("builtins charged again (red team 18) [%s]", (mode) => {
  it("give what the language says; loops of them run out of budget where the placement has them", async () => {
    const vm = await vmOf(mode);
    expect(run(vm, 0).seen).toEqual([[1, 2, 3, 4], [3], false, 1.5, "a1b2c", "ababab", "---x", "y  ", "1+2", true]);
    // All at once, so that a failure shows every loop's fault. The server has no Set methods
    // (a TypeError), refuses a repeat past its string bound, copies no function's text (V8's
    // toString is a slice: nothing to charge) and has no f16round (the loop does nothing).
    const faults = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((vpn) => run(vm, vpn).fault);
    const quickjs = ["budget", "budget", "budget", "budget", "budget", "budget", "budget", "budget", "budget"];
    const server = ["exception", "budget", "exception", undefined, "budget", undefined, "budget", "budget", "budget"];
    expect(faults).toEqual(mode === "server" ? server : quickjs);
  });
});
