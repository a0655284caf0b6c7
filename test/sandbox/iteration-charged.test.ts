/**
 * Iteration charged (red team 16, issue 10): a Set's, a Map's and an array's elements walked by
 * builtins in C++ or C (spread, Array.from, the Set and Map constructors, Object.fromEntries,
 * forEach) were charged nothing (set-spread-held, array-spread-quickjs), and a collection grown
 * by its own walk was an endless loop no fuel counted (set-entries-endless). In every placement
 * the work a walk is charged now grows with its collection's size: in the V8 placements at least
 * ITERATOR_STEP_FUEL units an element (sandbox/native/bounded-collections.ts, bounded-builtins.ts);
 * in QuickJS (typed, sfi) four ticks an element past the prelude's free size, seen as interrupt
 * polls (10,000 ticks each). A walk of builtins alone that grows what it walks runs out of its
 * budget. Locks this thread's realm down (the native placement in this thread): a lockdown file
 * (vitest.config.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { rewriteCountingFuel } from "../../extensions/sfi/fuel-count.js";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import { rewriteExtension } from "../../extensions/sfi/rewrite.js";
import { ITERATOR_STEP_FUEL } from "../../sandbox/native/builtin-fuel.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** The walks, by number (a call's vpn is `size * 16 + walk`; walk 0 builds the collections). */
const WALKS = [
  "",
  "[...set]",
  "new Set(set)",
  "new Map(map)",
  "Array.from(set)",
  "set.forEach(push)",
  "[...map.values()]",
  "[...array]",
  "Array.from(array)",
  "[...array.keys()]",
  "Object.fromEntries(array.entries())",
] as const;

/**
 * Built once for each size `n` (walk 0): a Set of `n` numbers, a Map of `n` entries, an array of
 * `n` numbers. Walk 15 is the endless one: `Array.from(s.entries(), s.add, s)`.
 */
const SOURCE = `import { defineExtension } from "spin-kernel/extension";
interface Built { set: Set<number>; map: Map<number, number>; array: number[] }
const built = new Map<number, Built>();
let sink = 0;
export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      const n = args.vpn >> 4;
      const walk = args.vpn & 15;
      if (walk === 0) {
        const set = new Set<number>();
        const map = new Map<number, number>();
        const array: number[] = [];
        for (let i = 0; i < n; i++) { set.add(i); map.set(i, i); array.push(i); }
        built.set(n, { set, map, array });
        return { prefetch: [] };
      }
      if (walk === 15) {
        const s = new Set<unknown>([1]);
        sink += Array.from(s.entries(), s.add, s).length;
        return { prefetch: [] };
      }
      const { set, map, array } = built.get(n)!;
      const out: number[] = [];
      if (walk === 1) sink += [...set].length;
      else if (walk === 2) sink += new Set(set).size;
      else if (walk === 3) sink += new Map(map).size;
      else if (walk === 4) sink += Array.from(set).length;
      else if (walk === 5) { set.forEach(out.push, out); sink += out.length; }
      else if (walk === 6) sink += [...map.values()].length;
      else if (walk === 7) sink += [...array].length;
      else if (walk === 8) sink += Array.from(array).length;
      else if (walk === 9) sink += [...array.keys()].length;
      else if (walk === 10) sink += Object.fromEntries(array.entries())[0] ?? 0;
      return { prefetch: [] };
    },
  },
});
`;

const SMALL = 1 << 10;
const LARGE = 1 << 15;

const PREPARED = {
  typed: () => rewriteCountingFuel("walks.ts", SOURCE).js,
  sfi: () => rewriteExtension("walks.ts", SOURCE).js,
  native: () => rewriteWithFuel("walks.ts", SOURCE).js,
  server: () => rewriteWithFuel("walks.ts", SOURCE).js,
} as const;
type Placement = keyof typeof PREPARED;

const vms = new Map<Placement, ExtensionVM>();

/** Call the handler with `vpn`: the work it was charged (fuel units in V8, interrupt polls in QuickJS), or why it stopped. */
function call(mode: Placement, vpn: number, what: string): number | string {
  const r = vms.get(mode)!.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn } }]);
  if (!r.ok) return r.error.kind;
  const result = r.value.results[0];
  if (result === undefined || !result.ok) throw new Error(`${mode} ${what}: ${JSON.stringify(result)}`);
  return r.value.instructions;
}

/** The work a call of `walk` over the collections of `size` elements is charged. */
function charged(mode: Placement, size: number, walk: number): number {
  const work = call(mode, size * 16 + walk, WALKS[walk]);
  if (typeof work !== "number") throw new Error(`${mode} ${WALKS[walk]} stopped: ${work}`);
  return work;
}

beforeAll(async () => {
  for (const mode of Object.keys(PREPARED) as Placement[]) {
    const created = await createExtensionVM(mode, {
      source: PREPARED[mode](),
      filename: "walks.js",
      seed: 1,
      limits: { timeoutMs: 60_000, runTimeMs: 600_000 },
    });
    if (!created.ok) throw created.error;
    vms.set(mode, created.value);
    for (const n of [SMALL, LARGE]) charged(mode, n, 0);
  }
}, 300_000);
afterAll(() => {
  for (const vm of vms.values()) vm.dispose();
});

const WALK_NUMBERS = WALKS.map((_, i) => i).filter((i) => i > 0);

describe.each(["native", "server"] as const)("%s", (mode) => {
  it.each(WALK_NUMBERS)(`walk %i is charged at least ${ITERATOR_STEP_FUEL} units an element`, (walk) => {
    const small = charged(mode, SMALL, walk);
    const large = charged(mode, LARGE, walk);
    // Before: a Set's and a Map's walks were a constant, whatever the size (a few units).
    expect(large - small, WALKS[walk]).toBeGreaterThanOrEqual(ITERATOR_STEP_FUEL * (LARGE - SMALL));
  });

  it("a walk of builtins alone that grows its Set runs out of its budget", () => {
    expect(call(mode, 15, "Array.from(s.entries(), s.add, s)")).toBe("budget");
  });
});

describe.each(["typed", "sfi"] as const)("%s", (mode) => {
  it.each(WALK_NUMBERS)("walk %i is charged by its size", (walk) => {
    const small = charged(mode, SMALL, walk);
    const large = charged(mode, LARGE, walk);
    // The prelude burns four loop iterations an element past its 4,096 free ones when an
    // iterator is made (126,976 for 2^15 elements; an iteration is two QuickJS ticks: ~25.4
    // polls; before, none for a Set's, a Map's or a plain array's); 1,024 elements are free.
    const ticks = 2 * (4 * LARGE - 4096);
    expect(large - small, WALKS[walk]).toBeGreaterThanOrEqual(Math.floor(ticks / 10_000) - 1);
  });

  it("a walk of builtins alone that grows its Set runs out of its budget", () => {
    expect(call(mode, 15, "Array.from(s.entries(), s.add, s)")).toBe("budget");
  });
});
