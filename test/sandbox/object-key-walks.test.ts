/**
 * Walks of an object's own keys are charged by the keys (issue 10, contain15): Object.keys,
 * values, entries, getOwnPropertyNames, assign, create and defineProperties, a for-in (its
 * object's own keys and its prototypes') and an object spread each list or copy every key in
 * C++ or C, once charged a constant (object-named-keys-for-in held native's thread past the
 * deadline). In every placement, the work a walk is charged grows with the object's key count:
 * in the V8 placements exactly OWN_KEY_FUEL units a key (sandbox/native/for-in-fuel.ts,
 * bounded-builtins.ts); in QuickJS (typed, sfi) four ticks a key past the prelude's free size for
 * the builtins and two more past 4,096 for a spread or a for-in, seen as interrupt polls (10,000
 * ticks each, so a range). Locks this thread's realm down (the native placement in this thread):
 * a lockdown file (vitest.config.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExtensionVM } from "../../extensions/loader/engines.js";
import { rewriteCountingFuel } from "../../extensions/sfi/fuel-count.js";
import { rewriteWithFuel } from "../../extensions/sfi/fuel-only.js";
import { rewriteExtension } from "../../extensions/sfi/rewrite.js";
import { ITERATOR_STEP_FUEL } from "../../sandbox/native/builtin-fuel.js";
import { forInKeyUnits, namedKeyCount, OWN_KEY_FUEL } from "../../sandbox/native/for-in-fuel.js";
import type { ExtensionVM } from "../../sandbox/vm.js";

/** The walks, by number (a call's vpn is `keys * 32 + walk`; walk 0 builds the objects, 30 and 31 the others). */
const WALKS = [
  "",
  "Object.keys",
  "Object.values",
  "Object.entries",
  "Object.getOwnPropertyNames",
  "Object.assign",
  "Object.create",
  "Object.defineProperties",
  "for-in",
  "for-in of an inherited object",
  "object spread",
  "JSON.stringify of hidden keys",
  "JSON.parse's reviver over hidden keys",
  "Object.fromEntries",
  "Object.keys of hidden keys",
  "object rest of symbol keys",
  "Object.keys of symbol keys",
  "JSON.stringify of symbol keys",
  "Object.assign of symbol keys",
  "Object.assign of a string",
  "Object.getOwnPropertySymbols",
  "a for-in inheriting symbol keys",
  "a for-in inheriting hidden keys",
] as const;

/**
 * Built past any checks (the verifier refuses defineProperties and a string-typed key; the
 * rewrite passes are what each placement runs), once for each size `n` (walk 0): `o` has `n`
 * named keys ("-1" … "-n": not indices), `pd` as many descriptors, `child` inherits o's,
 * `hidden` as many non-enumerable keys (red team 15: a JSON walk lists none of them, and goes
 * through them all), `pairs` as many entries (walk 31, a call of its own: one call building
 * all of them neared the 60 s deadline in typed on a loaded machine), `syms` as many symbol keys
 * and `str` as many characters (walk 30: red team 17, every walk went through the symbols that
 * getOwnPropertyNames lists none of; assign copied a string source's characters uncharged).
 */
const SOURCE = `import { defineExtension } from "spin-kernel/extension";
interface Built { o: Record<number, number>; pd: Record<number, PropertyDescriptor>; child: Record<number, number> }
const built = new Map<number, Built>();
const extras = new Map<number, { hidden: object; pairs: [string, number][]; hiddenChild: object }>();
const symbolic = new Map<number, { syms: Record<symbol, number>; str: string; symsChild: object }>();
let sink = 0;
export default defineExtension({
  handlers: {
    "Translation.PageNotPresent": (args) => {
      const n = args.vpn >> 5;
      const walk = args.vpn & 31;
      if (walk === 0) {
        const o: Record<number, number> = {};
        const pd: Record<number, PropertyDescriptor> = {};
        for (let i = 0; i < n; i++) { o[-1 - i] = i; pd[-1 - i] = { value: i, enumerable: true }; }
        built.set(n, { o, pd, child: Object.create(o) });
        return { prefetch: [] };
      }
      if (walk === 30) {
        const syms: Record<symbol, number> = {};
        for (let i = 0; i < n; i++) syms[Symbol()] = i;
        symbolic.set(n, { syms, str: "x".repeat(n), symsChild: Object.create(syms) });
        return { prefetch: [] };
      }
      if (walk === 31) {
        const hd: Record<number, PropertyDescriptor> = {};
        const pairs: [string, number][] = [];
        for (let i = 0; i < n; i++) { hd[-1 - i] = { value: i }; pairs.push([\`k\${i}\`, i]); }
        const hidden: object = Object.create(null, hd);
        extras.set(n, { hidden, pairs, hiddenChild: Object.create(hidden) });
        return { prefetch: [] };
      }
      const { o, pd, child } = built.get(n)!;
      const { hidden, pairs, hiddenChild } = extras.get(n)!;
      const { syms, str, symsChild } = symbolic.get(n)!;
      if (walk === 1) sink += Object.keys(o).length;
      else if (walk === 2) sink += Object.values(o).length;
      else if (walk === 3) sink += Object.entries(o).length;
      else if (walk === 4) sink += Object.getOwnPropertyNames(o).length;
      else if (walk === 5) sink += Object.assign({}, o)[-1] ?? 0;
      else if (walk === 6) sink += Object.create(null, pd)[-1] ?? 0;
      else if (walk === 7) sink += Object.defineProperties({}, pd)[-1] ?? 0;
      else if (walk === 8) { for (const k in o) { sink += k.length; break; } }
      else if (walk === 9) { for (const k in child) { sink += k.length; break; } }
      else if (walk === 10) { const copy = { ...o }; sink += copy[-1] ?? 0; }
      else if (walk === 11) sink += JSON.stringify(hidden).length;
      else if (walk === 12) {
        // The reviver puts the hidden object where the walk goes next (element 1).
        const r: unknown = JSON.parse("[0,1]", function (this: unknown[], k: string, v: unknown) { if (k === "0") this[1] = hidden; return v; });
        sink += Array.isArray(r) ? r.length : 0;
      }
      else if (walk === 13) sink += Object.fromEntries(pairs).k0 ?? 0;
      else if (walk === 14) sink += Object.keys(hidden).length;
      else if (walk === 15) { const { ...copy } = syms; sink += copy === syms ? 1 : 0; }
      else if (walk === 16) sink += Object.keys(syms).length;
      else if (walk === 17) sink += JSON.stringify(syms).length;
      else if (walk === 18) sink += Object.assign({}, syms) === syms ? 1 : 0;
      else if (walk === 19) sink += (Object.assign({}, str) as Record<number, string>)[0] === "x" ? 1 : 0;
      else if (walk === 20) sink += Object.getOwnPropertySymbols(o).length;
      else if (walk === 21) { for (const k in symsChild) { sink += k.length; break; } }
      else if (walk === 22) { for (const k in hiddenChild) { sink += k.length; break; } }
      return { prefetch: [] };
    },
  },
});
`;

const SMALL = 1 << 10;
const LARGE = 1 << 15;

const PREPARED = {
  typed: () => rewriteCountingFuel("walks.ts", SOURCE).js,
  // SFI's control pass tames defineProperties (a trap): its walk is left out there.
  sfi: () => rewriteExtension("walks.ts", SOURCE).js,
  native: () => rewriteWithFuel("walks.ts", SOURCE).js,
  server: () => rewriteWithFuel("walks.ts", SOURCE).js,
} as const;
type Placement = keyof typeof PREPARED;

const vms = new Map<Placement, ExtensionVM>();

/** Call the handler with `vpn`: the work it was charged (fuel units in V8, interrupt polls in QuickJS). */
function call(mode: Placement, vpn: number, what: string): number {
  const r = vms.get(mode)!.invokeMany([{ event: "Translation.PageNotPresent", index: 0, args: { space: 0, vpn } }]);
  if (!r.ok) throw new Error(`${mode} ${what}: ${r.error.kind}: ${r.error.message}`);
  const result = r.value.results[0];
  if (result === undefined || !result.ok) throw new Error(`${mode} ${what}: ${JSON.stringify(result)}`);
  return r.value.instructions;
}

beforeAll(async () => {
  for (const mode of Object.keys(PREPARED) as Placement[]) {
    const created = await createExtensionVM(mode, {
      source: PREPARED[mode](),
      filename: "walks.js",
      seed: 1,
      // Building the objects of 2^15 keys (four of them) is past a default budget in QuickJS.
      limits: { timeoutMs: 60_000, runTimeMs: 600_000, budget: 1000 },
    });
    if (!created.ok) throw created.error;
    vms.set(mode, created.value);
    for (const n of [SMALL, LARGE]) {
      call(mode, n * 32, `building ${n} keys`);
      call(mode, n * 32 + 31, `building ${n} hidden keys and entries`);
      call(mode, n * 32 + 30, `building ${n} symbol keys and characters`);
    }
  }
}, 300_000);
afterAll(() => {
  for (const vm of vms.values()) vm.dispose();
});

/** The work a call of `walk` over the objects of `keys` keys is charged. */
function charged(mode: Placement, keys: number, walk: number): number {
  return call(mode, keys * 32 + walk, WALKS[walk]);
}

/**
 * The walks a placement has: sfi's control pass makes defineProperties a trap. Object.fromEntries
 * is a V8 placements' charge (QuickJS steps its entries through an iterator's next, a tick each).
 */
function walksOf(mode: Placement): number[] {
  return WALKS.map((_, i) => i).filter(
    (i) =>
      i > 0 &&
      !(mode === "sfi" && WALKS[i] === "Object.defineProperties") &&
      !((mode === "typed" || mode === "sfi") && WALKS[i] === "Object.fromEntries") &&
      // Red team 18's prototype keys: a V8 placements' charge (the prelude's for-in counts them its own way).
      !((mode === "typed" || mode === "sfi") && WALKS[i].startsWith("a for-in inheriting")),
  );
}

describe.each(["native", "server"] as const)("%s", (mode) => {
  it.each(walksOf(mode))(`walk %i is charged ${OWN_KEY_FUEL} units a key`, (walk) => {
    const small = charged(mode, SMALL, walk);
    const large = charged(mode, LARGE, walk);
    // Object.fromEntries steps an array iterator too, charged when it is made.
    const perKey = OWN_KEY_FUEL + (WALKS[walk] === "Object.fromEntries" ? ITERATOR_STEP_FUEL : 0);
    expect(large - small, WALKS[walk]).toBe(perKey * (LARGE - SMALL));
    // Before: a constant, whatever the keys (a few units).
    expect(small, WALKS[walk]).toBeGreaterThanOrEqual(OWN_KEY_FUEL * SMALL);
  });
});

describe.each(["typed", "sfi"] as const)("%s", (mode) => {
  it.each(walksOf(mode))("walk %i is charged by its keys", (walk) => {
    const small = charged(mode, SMALL, walk);
    const large = charged(mode, LARGE, walk);
    // The prelude's Object builtins burn four loop iterations a key past its 4,096 free ones
    // (126,976 more for 2^15 keys; an iteration is two QuickJS ticks: ~25.4 polls; before, one
    // a key, ~5.7 polls). A spread or a for-in counts the keys by the prelude's Object.keys and
    // burns two iterations a key more past 4,096 (65,536: ~38.5 polls in all; none before).
    // getOwnPropertySymbols a tick a key, as isFrozen (red team 17). A rest of symbol keys is
    // charged by the prelude's getOwnPropertyNames, by every own key, and the SFI runtime's
    // two iterations more count the named ones (none here).
    const spreadOrForIn = WALKS[walk].startsWith("for-in") || WALKS[walk] === "object spread";
    const rate = WALKS[walk] === "Object.getOwnPropertySymbols" ? 1 : 4;
    const ticks = 2 * (rate * LARGE - 4096 + (spreadOrForIn ? 2 * LARGE : 0));
    expect(large - small, WALKS[walk]).toBeGreaterThanOrEqual(Math.floor(ticks / 10_000) - 1);
    expect(large - small, WALKS[walk]).toBeLessThanOrEqual(Math.ceil(ticks / 10_000) + 1);
  });
});

describe("namedKeyCount and forInKeyUnits", () => {
  it("count every own key beyond the indices ownIndexCount charges, the non-enumerable ones too (red team 14)", () => {
    const named: Record<string, number> = { a: 1, b: 2 };
    Object.defineProperty(named, "hidden", { value: 3, enumerable: false });
    expect(namedKeyCount(named)).toBe(3);
    // Enumerable only where asked (a for-in's prototypes: forInKeyUnits).
    expect(namedKeyCount(named, Object.keys)).toBe(2);
    // A plain object's integer keys are not an array's elements: counted.
    expect(namedKeyCount({ 0: 1, 1: 2, x: 3 })).toBe(3);
    const array: unknown[] & { x?: number; y?: number } = [1, 2, 3];
    array.x = 1;
    array.y = 2;
    // x, y and the array's own length.
    expect(namedKeyCount(array)).toBe(3);
    const sparse: unknown[] & { x?: number } = [];
    sparse[1000] = 1;
    sparse.x = 1;
    expect(namedKeyCount(sparse)).toBe(2);
    const boxed = Object.assign(Object("abc") as object, { x: 1 });
    expect(namedKeyCount(boxed)).toBe(2);
    const fn = Object.assign(() => 1, { x: 1, y: 2 });
    // x, y, and the function's own length and name.
    expect(namedKeyCount(fn)).toBe(4);
    // Symbol keys too (red team 17: a rest or assign copies them), an array's after its others.
    const symbolic = Object.assign([1, 2], { [Symbol()]: 1, [Symbol()]: 2 });
    // The two symbols and the array's own length.
    expect(namedKeyCount(symbolic)).toBe(3);
    expect(namedKeyCount({ [Symbol()]: 1, a: 2 })).toBe(2);
    expect(namedKeyCount("abc")).toBe(0);
    expect(namedKeyCount(null)).toBe(0);
    expect(namedKeyCount(7)).toBe(0);
  });

  it("charge a for-in the keys of what its object inherits from, not its own", () => {
    const proto = { a: 1, b: 2, c: 3 };
    const child = Object.assign(Object.create(proto) as object, { own: 1 });
    expect(forInKeyUnits(child)).toBe(3 * OWN_KEY_FUEL);
    expect(forInKeyUnits({ own: 1 })).toBe(0);
    expect(forInKeyUnits("abc")).toBe(0);
  });

  it("charge a prototype's symbol and non-enumerable keys too, the realm's own prototypes' enumerable ones only (red team 18)", () => {
    const proto: Record<string | symbol, number> = { a: 1, [Symbol()]: 2 };
    Object.defineProperty(proto, "hidden", { value: 3, enumerable: false });
    const middle = Object.create(proto) as object;
    Object.defineProperty(middle, Symbol(), { value: 4, enumerable: false });
    expect(forInKeyUnits(Object.create(middle))).toBe(4 * OWN_KEY_FUEL);
    // Object.prototype's, Array.prototype's, a generator's and an iterator's chains: no key enumerable.
    expect(forInKeyUnits({})).toBe(0);
    expect(forInKeyUnits([1, 2])).toBe(0);
    expect(forInKeyUnits(() => 1)).toBe(0);
    expect(forInKeyUnits((function* () {})())).toBe(0);
    expect(forInKeyUnits([][Symbol.iterator]())).toBe(0);
    expect(forInKeyUnits(new Map())).toBe(0);
    // A class's prototype is the guest's: its constructor and method.
    class A {
      m(): number {
        return 1;
      }
    }
    expect(forInKeyUnits(new A())).toBe(2 * OWN_KEY_FUEL);
  });
});
