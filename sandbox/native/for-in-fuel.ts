/**
 * What a for-in costs before its first iteration, in the V8 placements (extensions/sfi/passes/
 * for-in.ts routes the object of every for-in here through the frame's `__sfi_forin`). V8 lists
 * every enumerable key of the object and of its prototypes in one C++ step (ForInPrepare), and
 * makes the key string of every index of a string or an array there: measured on Node 20 under
 * this machine's load, ~0.4 us a character of a string (0.2 s for 2^19) and ~0.3 us an element of
 * an array, with nothing charged but the loop's one unit when its body breaks at once (red team
 * 10, for-in-string-hold). Charged as Object.keys charges a string's indices (16 units each,
 * bounded-builtins.ts: one call walks at most ~62,000 of them on a default budget): the strings
 * pass charges the object itself when it is a string or a String object (`__sfi_idx`); this
 * charges every array on the prototype chain and every String object the object inherits from,
 * plus a unit for each object of the chain. An array is charged by its length, the most elements it may hold (a sparse
 * one is over-charged, as the Array builtins charge it).
 *
 * Objects' own keys beyond those indices (named keys, and a plain object's integer keys) are
 * charged OWN_KEY_FUEL each, as an index (issue 10, contain15). An object of 2^16 named keys
 * (`o[-1 - i] = i`) is a dictionary, whose keys V8 lists in C++ each time a for-in starts (~0.3 us
 * a key, measured unhardened on Node 20 under load, about what Object.keys of it takes) and
 * copies each time it is spread (~1 us a key): thirty-two for-ins that break at once held
 * native's and a server's thread past the deadline (object-named-keys-for-in: ESCAPED, two runs
 * differed), a hundred spreads ran to the deadline (object-named-keys-spread), each for one
 * unit. The object's own keys are `__sfi_idx`'s (namedKeyCount: an object spread and a for-in),
 * its prototypes' `forInKeyUnits`'s. They are counted by the realm's own Reflect.ownKeys
 * (the realm's own prototypes' enumerable ones by their Object.keys), itself a walk of them in C++ (~11 ns for a small object), before the charge: a walk past the budget
 * lists the keys once, for the count, not at every for-in; an array's or a String object's
 * once its indices are charged.
 */
import { types } from "node:util";

/** Fuel units per index key a for-in makes (as Object.keys of a string: bounded-builtins.ts). */
export const FOR_IN_INDEX_FUEL = 16;

/** Fuel units per own key beyond the indices that a walk of an object's keys lists or copies (as an index key). */
export const OWN_KEY_FUEL = 16;

const stringValueOf = String.prototype.valueOf;
const getPrototypeOf = Object.getPrototypeOf;
const isArray = Array.isArray;
// The realm's own Object.keys, taken before bounded-builtins.ts wraps it (that module imports
// this one first): the count charges nothing itself and runs no guest code (it reads no value;
// the Compartment has no Proxy whose ownKeys trap could run).
const keysOf = Object.keys;
// And its Reflect.ownKeys: an object's own walk (a spread, a rest, Object.values, assign...)
// goes through every own key in C++, the non-enumerable ones too (red team 14,
// object-hidden-keys-spread: 2^15 keys made non-enumerable by Object.create were walked for 0)
// and the symbols, which getOwnPropertyNames lists none of (red team 17,
// object-symbol-keys-rest and -walks: 2^16 symbol keys copied four hundred times a call for a
// unit each).
const ownKeysOf = Reflect.ownKeys;

/** The indices (characters or elements) an object holds that a for-in would make keys of. */
function indicesOf(o: object): number {
  // A String object's own string, from its internal slot: no guest toString runs.
  if (types.isStringObject(o)) return (Reflect.apply(stringValueOf, o, []) as string).length;
  // An array's length is an own data property: no getter runs (the Compartment has no Proxy).
  if (isArray(o)) return (o as unknown[]).length;
  return 0;
}

/**
 * The index properties an object spread or a for-in of `v` lists of `v` itself, what the frame's
 * `__sfi_idx` charges (extensions/sfi/passes/strings.ts): a string's or a String object's
 * characters (issue 10's string-spread-hold) and an array's elements (red team 11's
 * array-spread-object-uncharged: `{ ...a }` of a 2^18-element array copied ~0.55 us an element
 * in C++, 8 a call held native's thread past the deadline). Anything else: 0.
 */
export function ownIndexCount(v: unknown): number {
  if (typeof v === "string") return v.length;
  return typeof v === "object" && v !== null ? indicesOf(v) : 0;
}

/**
 * Fuel units a for-in over `v` is charged before it starts, beyond the strings pass's charge of
 * `v`'s own indices (a string's, a String object's or an array's: the frame's `__sfi_idx`,
 * ownIndexCount, which a for-in's object goes through first): a unit an object of the chain,
 * and the indices of every array on it and of every String object it inherits from.
 */
export function forInUnits(v: unknown): number {
  if ((typeof v !== "object" && typeof v !== "function") || v === null) return 0;
  let units = 1;
  for (let o = getPrototypeOf(v) as object | null; o !== null; o = getPrototypeOf(o) as object | null)
    units += 1 + indicesOf(o) * FOR_IN_INDEX_FUEL;
  return units;
}

/** Whether `k` is an array index's canonical string ("0" … "4294967294"). */
function isIndexKey(k: string | symbol): boolean {
  if (typeof k !== "string") return false;
  const n = Number(k);
  return Number.isInteger(n) && n >= 0 && n < 4294967295 && `${n}` === k;
}

/**
 * The own keys of `v`, symbols too (every one; the enumerable strings with `list` = Object.keys) that
 * ownIndexCount does not count: all of an object's or
 * a function's (a plain object's integer keys too: they are not an array's elements), an
 * array's beyond its present elements, a String object's beyond its characters; 0 for a
 * primitive. What an object spread copies and a for-in lists of `v` itself beyond its indices.
 * A walk of v's keys in C++ (`list`): call it after the indices are charged, so that an
 * array's or a String object's listing is paid for.
 */
export function namedKeyCount(v: unknown, list: (o: object) => (string | symbol)[] = ownKeysOf): number {
  if ((typeof v !== "object" && typeof v !== "function") || v === null) return 0;
  const keys = list(v);
  if (types.isStringObject(v)) return keys.length - (Reflect.apply(stringValueOf, v, []) as string).length;
  if (!isArray(v)) return keys.length;
  // An array's present elements are listed first, ascending, then its other keys in the order
  // they were made, then its symbols: the first key that is not an index ends the elements.
  let lo = 0;
  let hi = Math.min(keys.length, (v as unknown[]).length);
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isIndexKey(keys[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return keys.length - lo;
}

/**
 * The realm's own prototypes: what its constructors make instances of (each global function's
 * `prototype`, Intl's too), what syntax makes (functions, generators, async functions,
 * iterators), and everything on their chains. Fixed when this module loads: lockdown freezes
 * these objects in place (its tamed constructors share their prototypes), and a guest makes
 * none of them. A for-in passes some of them every time (Object.prototype's ~12 methods,
 * Array.prototype's ~40), none enumerable, and V8 lists their keys from a map's cache, not
 * by a walk: counted by their enumerable keys as before (forInKeyUnits).
 */
const realmPrototypes: WeakSet<object> = collectRealmPrototypes();

function collectRealmPrototypes(): WeakSet<object> {
  const set = new WeakSet<object>();
  const chain = (o: unknown): void => {
    for (
      let p = o;
      (typeof p === "object" || typeof p === "function") && p !== null && !set.has(p);
      p = getPrototypeOf(p)
    )
      set.add(p);
  };
  // Data properties only: a getter of Node's globals may load a module.
  const prototypesOf = (holder: object): void => {
    for (const name of Object.getOwnPropertyNames(holder)) {
      const value = Object.getOwnPropertyDescriptor(holder, name)?.value as unknown;
      if (typeof value !== "function") continue;
      const prototype = Object.getOwnPropertyDescriptor(value, "prototype")?.value as unknown;
      chain(prototype);
    }
  };
  prototypesOf(globalThis);
  if (typeof Intl === "object") prototypesOf(Intl);
  const generator = function* () {};
  const asyncGenerator = async function* () {};
  // The made object itself is not the realm's (a generator's own prototype is made per function).
  for (const made of [
    generator,
    asyncGenerator,
    async () => {},
    getPrototypeOf(generator()),
    getPrototypeOf(asyncGenerator()),
    [][Symbol.iterator](),
    ""[Symbol.iterator](),
    new Map()[Symbol.iterator](),
    new Set()[Symbol.iterator](),
    "".matchAll(/(?:)/g),
  ])
    chain(getPrototypeOf(made));
  return set;
}

/**
 * Fuel units a for-in over `v` is charged for the own keys of the objects it inherits from,
 * beyond their indices (forInUnits charged those first): OWN_KEY_FUEL a key. `v`'s own are the
 * frame's `__sfi_idx` charge (namedKeyCount).
 *
 * Every own key of a prototype the guest made (or was handed), symbols and non-enumerable ones
 * too: a dictionary-mode object has no enum cache, and V8's for-in goes through every entry of
 * it, each time, to list its enumerable strings (red team 18, for-in-symbol-prototype: 2^16
 * symbol keys, 3.5 ms a for-in over an object inheriting them, for ~3 units; a prototype of
 * non-enumerable keys likewise). The realm's own prototypes by their enumerable keys (above).
 */
export function forInKeyUnits(v: unknown): number {
  if ((typeof v !== "object" && typeof v !== "function") || v === null) return 0;
  let keys = 0;
  for (let o = getPrototypeOf(v) as object | null; o !== null; o = getPrototypeOf(o) as object | null)
    keys += namedKeyCount(o, realmPrototypes.has(o) ? keysOf : ownKeysOf);
  return keys * OWN_KEY_FUEL;
}
