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
 * one is over-charged, as the Array builtins charge it). Objects' own named keys are not charged:
 * the guest paid for making each, and V8 caches a fast object's keys (Left open, docs/EXERCISES.md).
 */
import { types } from "node:util";

/** Fuel units per index key a for-in makes (as Object.keys of a string: bounded-builtins.ts). */
export const FOR_IN_INDEX_FUEL = 16;

const stringValueOf = String.prototype.valueOf;
const getPrototypeOf = Object.getPrototypeOf;
const isArray = Array.isArray;

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
