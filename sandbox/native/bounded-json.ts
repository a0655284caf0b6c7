/**
 * JSON in a hardened realm (realm.ts), the JSON half of bounded-builtins.ts. V8's serialiser
 * (`JSON.stringify`) and its reviver walk (`JSON.parse(text, reviver)`) recurse in C++ over the
 * value's nesting, with no guest frame (so no depth count of the fuel pass) until V8's own stack
 * limit, which depends on how much native stack the frames below use, i.e. on the tiers V8 runs
 * them in at that moment (background compilation: wall-clock timing). Red team 5 binary-searched
 * the deepest nesting JSON.stringify accepts at the bottom of a re-optimised guest recursion and
 * read the JIT's timing (same seed, different bytes, native and server). JSON.parse itself is
 * iterative in V8 (a text nested 10^5 deep parses, or fails at its end, the same way every run);
 * its reviver walk overflowed at a stack-dependent depth (2,720 in one measurement).
 *
 * So both walks are done here, in JavaScript, with a fixed bound on nesting (MAX_BUILTIN_NESTING,
 * 256), in the one count join and flat use too, across nested calls on this thread (a toJSON may
 * call JSON.stringify again, or flat): past it, a RangeError, at the same place every run.
 *
 *  - `JSON.stringify(value, replacer, space)` follows the specification's steps (ECMA-262,
 *    SerializeJSONProperty and its callers) in their order: the replacer's property list and the
 *    space are converted once, first; then the value is walked, each property read once, each
 *    toJSON and replacer function called once, in the order the builtin would call them, and a
 *    snapshot is made of what the serialiser would write: primitives, plain arrays and
 *    null-prototype objects of data properties, nested no deeper than the bound. The builtin
 *    then serialises the snapshot (its C++ recursion is at most the bound deep; it calls no guest
 *    code). The walk visits at most as many values as the realm's string bound has characters
 *    (2^21 in the kernel's realm, 2^19 in a server's), whatever it writes: a DAG of shared arrays
 *    would otherwise be walked exponentially often (4,096 references to one object of 4,096
 *    undefined keys is 16.7M visits that write almost nothing), and the snapshot is bounded too.
 *    The walk also counts, exactly, the characters the builtin will write (each string and key
 *    quoted and escaped, numbers, punctuation, the gap's newlines and indents), and refuses, with
 *    a RangeError, a text longer than the realm's string bound before the builtin writes it; the
 *    text is charged by its length (red team 9: 512 references to one 2^19-character string are
 *    513 visits, and V8 wrote a 2^28-character string, 512 MiB, in C++, for no fuel by length).
 *    Each object the walk enters is charged the keys it goes through, before it lists them,
 *    whether or not they are written (chargeWalkedKeys): red team 15's json-hidden-keys-stringify
 *    made 2^15 keys non-enumerable, which the realm's Object.keys walks in C++ to list none, and
 *    a thousand stringifies of that object, each charged "{}", ran native's and a server's
 *    thread to the deadline (native ESCAPED in one run).
 *  - `JSON.parse(text, reviver)` charges the text by its length (builtin-fuel.ts
 *    JSON_PARSE_CHARS_PER_FUEL), parses it without the reviver (iterative), then applies the
 *    reviver as the specification's InternalizeJSONProperty does, here, with the nesting bound,
 *    each object's own keys charged as stringify charges them (a reviver may put an object of
 *    hidden keys where the walk goes next).
 *
 * Guest code (getters, toJSON, replacer, reviver, valueOf of a boxed number) runs as guest code:
 * its frames are counted and its fuel charged by the fuel pass, as before.
 */

// biome-ignore-all lint/complexity/noArguments: a wrapper reads its caller's arguments as the builtin does (count included) without making an array per call.

import { types } from "node:util";
import { checkedLength, enterBuiltinNesting, leaveBuiltinNesting } from "./bounded-builtins.js";
import { chargeBuiltinWork, chargeChars, chargeJsonText, chargingBuiltinWork } from "./builtin-fuel.js";
import { stringLengthBound } from "./bounded-strings.js";
import { namedKeyCount, OWN_KEY_FUEL } from "./for-in-fuel.js";

/** One level of a JSON walk: counted with the thread's other nested walks (bounded-builtins.ts). */
function enterNesting(what: string): void {
  enterBuiltinNesting(what, "a value");
}

const booleanValueOf = Boolean.prototype.valueOf;
const bigintValueOf = typeof BigInt === "function" ? BigInt.prototype.valueOf : undefined;
const defineProperty = Object.defineProperty;
const objectKeys = Object.keys;

/** Own data property, as CreateDataProperty makes it. */
function dataProperty(value: unknown): PropertyDescriptor {
  return { value, writable: true, enumerable: true, configurable: true };
}

/** One stringify call's state (the specification's JSON Serialization Record, plus our bounds). */
interface SerializeState {
  readonly replacer: ((this: unknown, key: string, value: unknown) => unknown) | undefined;
  readonly propertyList: string[] | undefined;
  /** Objects being serialised (cycle detection). */
  readonly stack: Set<object>;
  /** Values the walk may still visit. */
  budget: number;
  /** The gap's length (0: no newlines or indents). */
  readonly gap: number;
  /** Characters the builtin will write for what the walk has seen so far. */
  written: number;
}

/** Add `n` characters to the text the builtin will write, refused past the realm's string bound. */
function write(state: SerializeState, n: number): void {
  state.written += n;
  if (state.written > stringLengthBound())
    throw new RangeError(`${WHAT} making a string longer than ${stringLengthBound()}`);
}

/**
 * The length of `s` as JSON writes it, quotes included (QuoteJSONString): `"` and `\` and the
 * controls with a short escape take 2 characters, the other controls and lone surrogates 6
 * (`\u00XX`, `\uDXXX`). Its lower bound, the raw length and the quotes, is checked first, so
 * the characters scanned in one call are at most the bound plus one string.
 */
function writeQuoted(state: SerializeState, s: string): void {
  write(state, s.length + 2);
  let extra = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) extra += c === 8 || c === 9 || c === 10 || c === 12 || c === 13 ? 1 : 5;
    else if (c === 0x22 || c === 0x5c) extra += 1;
    else if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
      else extra += 5;
    }
  }
  write(state, extra);
}

/** A primitive's text as JSON writes it. */
function writePrimitive(state: SerializeState, value: string | number | boolean | null): void {
  if (typeof value === "string") writeQuoted(state, value);
  else if (typeof value === "number") write(state, Number.isFinite(value) ? `${value}`.length : 4);
  else write(state, value === false ? 5 : 4); // true, null
}

/**
 * The punctuation before the `index`-th member written of a container at `depth` (the top-level
 * value's container is at 0): a comma after the first, and with a gap a newline and the
 * member's indent, `(depth + 1)` gaps.
 */
function writeMemberLead(state: SerializeState, index: number, depth: number): void {
  write(state, (index > 0 ? 1 : 0) + (state.gap > 0 ? 1 + (depth + 1) * state.gap : 0));
}

/** A container's brackets and, when it has members and a gap, the newline and indent before its close. */
function writeClose(state: SerializeState, members: number, depth: number): void {
  write(state, 2 + (members > 0 && state.gap > 0 ? 1 + depth * state.gap : 0));
}

const WHAT = "JSON.stringify";

/**
 * SerializeJSONProperty(state, key, holder), as a snapshot: the value the serialiser would write
 * for `holder[key]`, or undefined where it writes nothing.
 */
function snapshotProperty(state: SerializeState, holder: object, key: string): unknown {
  if (--state.budget < 0) throw new RangeError(`${WHAT} would visit more than ${stringLengthBound()} values`);
  let value = (holder as Record<string, unknown>)[key];
  if ((typeof value === "object" && value !== null) || typeof value === "bigint") {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") value = Reflect.apply(toJSON, value, [key]);
  }
  if (state.replacer !== undefined) value = Reflect.apply(state.replacer, holder, [key, value]);
  if (typeof value === "object" && value !== null && types.isBoxedPrimitive(value)) {
    if (types.isNumberObject(value)) value = +value;
    else if (types.isStringObject(value)) value = `${value as object}`;
    else if (types.isBooleanObject(value)) value = Reflect.apply(booleanValueOf, value, []);
    else if (types.isBigIntObject(value) && bigintValueOf !== undefined)
      value = Reflect.apply(bigintValueOf, value, []);
  }
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
      writePrimitive(state, value);
      return value;
    case "bigint":
      throw new TypeError("Do not know how to serialize a BigInt");
    case "object":
      if (value === null) {
        writePrimitive(state, null);
        return null;
      }
      return Array.isArray(value) ? snapshotArray(state, value) : snapshotObject(state, value);
    default:
      // undefined, a function, a symbol: nothing (null in an array).
      return undefined;
  }
}

function enterValue(state: SerializeState, value: object): void {
  if (state.stack.has(value)) throw new TypeError("Converting circular structure to JSON");
  enterNesting(WHAT);
  state.stack.add(value);
}

function leaveValue(state: SerializeState, value: object): void {
  state.stack.delete(value);
  leaveBuiltinNesting();
}

function snapshotArray(state: SerializeState, value: unknown[]): unknown[] {
  enterValue(state, value);
  try {
    const n = checkedLength(value, WHAT);
    const depth = state.stack.size - 1;
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      writeMemberLead(state, i, depth);
      const v = snapshotProperty(state, value, `${i}`);
      if (v === undefined) write(state, 4); // null
      out.push(v);
    }
    writeClose(state, n, depth);
    return out;
  } finally {
    leaveValue(state, value);
  }
}

/**
 * Charge the keys a walk of `value` goes through, OWN_KEY_FUEL each (as the realm's other walks
 * of an object's keys: bounded-builtins.ts), while a guest call runs: every own key
 * (namedKeyCount: Object.keys goes through the non-enumerable ones too, to list none of them),
 * or a replacer's property list, each key of which is read of every object the walk enters.
 */
function chargeWalkedKeys(value: object, propertyList: string[] | undefined): void {
  if (chargingBuiltinWork())
    chargeBuiltinWork((propertyList === undefined ? namedKeyCount(value) : propertyList.length) * OWN_KEY_FUEL);
}

function snapshotObject(state: SerializeState, value: object): object {
  enterValue(state, value);
  try {
    chargeWalkedKeys(value, state.propertyList);
    const keys = state.propertyList ?? objectKeys(value);
    const depth = state.stack.size - 1;
    const out = Object.create(null) as object;
    let members = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const v = snapshotProperty(state, value, key);
      if (v === undefined) continue; // a member that writes nothing, key included
      // The key and its punctuation, counted once the value is known to be written.
      writeMemberLead(state, members, depth);
      writeQuoted(state, key);
      write(state, state.gap > 0 ? 2 : 1);
      defineProperty(out, key, dataProperty(v));
      members++;
    }
    writeClose(state, members, depth);
    return out;
  } finally {
    leaveValue(state, value);
  }
}

/**
 * The replacer array's property list (the specification's step 4.b): each element read once,
 * strings and numbers (boxed or not) converted once, duplicates dropped.
 */
function propertyListOf(replacer: unknown[]): string[] {
  const n = checkedLength(replacer, "JSON.stringify's replacer");
  const list: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const v = replacer[i];
    let item: string | undefined;
    if (typeof v === "string") item = v;
    else if (typeof v === "number") item = `${v}`;
    else if (typeof v === "object" && v !== null && (types.isStringObject(v) || types.isNumberObject(v)))
      item = `${v as object}`;
    if (item !== undefined && !seen.has(item)) {
      seen.add(item);
      list.push(item);
    }
  }
  return list;
}

/** The space argument converted once (step 5): what the builtin makes of the primitive is the same gap. */
function gapOf(space: unknown): unknown {
  if (typeof space !== "object" || space === null) return space;
  if (types.isNumberObject(space)) return +space;
  if (types.isStringObject(space)) return `${space}`;
  return undefined;
}

/** The gap's length the builtin makes of a converted space (step 6-8): up to 10 spaces, or a string's first 10 characters. */
function gapLength(gap: unknown): number {
  if (typeof gap === "number") {
    const n = Math.min(10, Math.trunc(gap));
    return n >= 1 ? n : 0;
  }
  return typeof gap === "string" ? Math.min(10, gap.length) : 0;
}

/** Wrap JSON.parse and JSON.stringify of this realm, before lockdown freezes them. */
export function boundJsonBuiltins(): void {
  // JSON.parse walks its text in C++ and collects an array's elements before sizing it: red
  // team 5 parsed a 2^28-character "0,0,...", made by doubling, and V8 sized a FixedArray past
  // its maximum (a fatal CHECK of the whole process). The text is converted ONCE (ToString, as
  // the builtin does) and refused past the string bound: 2^21 characters make at most 2^20
  // elements, far from any V8 limit. It is charged by its length before the builtin reads it
  // (JSON_PARSE_CHARS_PER_FUEL: red team 18's json-parse-uncharged parsed a kept 2^19-character
  // text three hundred times a call for a unit each). A reviver is applied here (above).
  const parse = JSON.parse;
  defineProperty(JSON, "parse", {
    value: {
      parse(this: unknown, text: unknown, reviver: unknown): unknown {
        const s = typeof text === "string" ? text : `${text}`;
        if (s.length > stringLengthBound())
          throw new RangeError(`JSON.parse of a text longer than ${stringLengthBound()}`);
        chargeJsonText(s.length);
        const unfiltered = Reflect.apply(parse, this, [s]) as unknown;
        if (typeof reviver !== "function") return unfiltered;
        const root = {};
        defineProperty(root, "", dataProperty(unfiltered));
        return internalize(root, "", reviver as (this: unknown, key: string, value: unknown) => unknown);
      },
    }.parse,
    writable: true,
    configurable: true,
  });
  const stringify = JSON.stringify;
  defineProperty(JSON, "stringify", {
    value: {
      stringify(this: unknown, value: unknown, replacer: unknown, space: unknown): unknown {
        let replacerFunction: SerializeState["replacer"];
        let propertyList: string[] | undefined;
        if (typeof replacer === "function") replacerFunction = replacer as SerializeState["replacer"];
        else if (Array.isArray(replacer)) propertyList = propertyListOf(replacer);
        const gap = gapOf(space);
        const wrapper = {};
        defineProperty(wrapper, "", dataProperty(value));
        const state: SerializeState = {
          replacer: replacerFunction,
          propertyList,
          stack: new Set(),
          budget: stringLengthBound(),
          gap: gapLength(gap),
          written: 0,
        };
        let snapshot: unknown;
        try {
          snapshot = snapshotProperty(state, wrapper, "");
        } finally {
          // The text counted (and its strings scanned), what the builtin writes, or would have.
          chargeChars(state.written);
        }
        if (snapshot === undefined) return undefined;
        // The snapshot's objects hold only the listed keys; the list is passed on for its order.
        return Reflect.apply(stringify, this, [snapshot, propertyList, gap]);
      },
    }.stringify,
    writable: true,
    configurable: true,
  });
}

/** InternalizeJSONProperty(holder, name, reviver), with the nesting bound. */
function internalize(
  holder: object,
  name: string,
  reviver: (this: unknown, key: string, value: unknown) => unknown,
): unknown {
  const value = (holder as Record<string, unknown>)[name];
  if (typeof value === "object" && value !== null) {
    enterNesting("JSON.parse's reviver");
    try {
      const revive = (key: string): void => {
        const e = internalize(value, key, reviver);
        if (e === undefined) Reflect.deleteProperty(value, key);
        else Reflect.defineProperty(value, key, dataProperty(e));
      };
      if (Array.isArray(value)) {
        const n = checkedLength(value, "JSON.parse's reviver");
        for (let i = 0; i < n; i++) revive(`${i}`);
      } else {
        // Every own key walked is charged, as stringify's walk charges it (a reviver may put an
        // object of hidden keys where the walk is about to go).
        chargeWalkedKeys(value, undefined);
        const keys = objectKeys(value);
        for (let i = 0; i < keys.length; i++) revive(keys[i]!);
      }
    } finally {
      leaveBuiltinNesting();
    }
  }
  return Reflect.apply(reviver, holder, [name, value]);
}
