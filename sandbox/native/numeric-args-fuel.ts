/**
 * The numeric arguments of the realm's builtins, converted once and charged (issue 10,
 * numeric-argument-string). A position, count, index, radix or code given as a string (or an
 * object whose conversion yields one) is read whole by ToNumber in C++ at every call, one fuel
 * unit or none: a 32 K-digit string as `charAt`'s position, 2^14 calls, held the host until the
 * deadline killed a call. Each wrapper here converts such an argument once with chargedToNumber
 * (charged by length at Math's rate: number-parse-fuel.ts, one source of truth) and passes the
 * number on; an argument that is already a number (or undefined, whose meaning differs from
 * NaN's for several of them) goes straight through after one typeof. The set is QuickJS's
 * (sandbox/guest/prelude.js numericArgs: STRING_NUMBERS, ARRAY_NUMBERS, TYPED_NUMBERS), with the
 * counts of repeat, padStart and padEnd, which the V8 wrappers read with an uncharged `+`.
 * Installed over the bounded wrappers (realm.ts, after bounded-builtins.ts and
 * bounded-strings.ts), so those get numbers.
 */
// biome-ignore-all lint/complexity/noArguments: the wrappers pass their caller's arguments on as they are (count included) without making an array per call.

import { chargedToNumber } from "./number-parse-fuel.js";

/** Which of the first three arguments are numeric (bit i: argument i), by method name. */
type Masks = Readonly<Record<string, number>>;

const STRING_NUMBERS: Masks = {
  slice: 3,
  substring: 3,
  substr: 3,
  at: 1,
  startsWith: 2,
  endsWith: 2,
  indexOf: 2,
  lastIndexOf: 2,
  includes: 2,
  split: 2,
  charAt: 1,
  charCodeAt: 1,
  codePointAt: 1,
  repeat: 1,
  padStart: 1,
  padEnd: 1,
};
const NUMBER_NUMBERS: Masks = { toFixed: 1, toPrecision: 1, toExponential: 1, toString: 1 };
const ARRAY_NUMBERS: Masks = {
  at: 1,
  indexOf: 2,
  lastIndexOf: 2,
  includes: 2,
  fill: 6,
  copyWithin: 7,
  slice: 3,
  splice: 3,
  toSpliced: 3,
  with: 1,
};
const TYPED_NUMBERS: Masks = {
  at: 1,
  indexOf: 2,
  lastIndexOf: 2,
  includes: 2,
  fill: 7,
  copyWithin: 7,
  slice: 3,
  subarray: 3,
  with: 3,
  set: 2,
};
/** Every argument of these is a number (a character code, a code point). */
const ALL_ARGUMENTS = -1;
const STRING_STATICS: Masks = { fromCharCode: ALL_ARGUMENTS, fromCodePoint: ALL_ARGUMENTS };

/** Whether ToNumber of `v` may read a string (a string, or an object's conversion). */
function slow(v: unknown): boolean {
  const t = typeof v;
  return t === "string" || t === "object" || t === "function";
}

function convertingWrapper(f: (...args: unknown[]) => unknown, mask: number): (...args: unknown[]) => unknown {
  return {
    m(this: unknown): unknown {
      const n = arguments.length;
      let i = 0;
      while (i < n && !(((mask >> Math.min(i, 31)) & 1) === 1 && slow(arguments[i]))) i++;
      if (i === n) return Reflect.apply(f, this, arguments);
      const converted: unknown[] = [];
      for (let k = 0; k < n; k++) {
        const a = arguments[k] as unknown;
        converted.push(((mask >> Math.min(k, 31)) & 1) === 1 && slow(a) ? chargedToNumber(a) : a);
      }
      return Reflect.apply(f, this, converted);
    },
  }.m;
}

function wrapAll(target: object, masks: Masks): void {
  for (const key of Object.keys(masks)) {
    const d = Object.getOwnPropertyDescriptor(target, key);
    if (d === undefined || typeof d.value !== "function") continue;
    const f = d.value as (...args: unknown[]) => unknown;
    const wrapped = convertingWrapper(f, masks[key]!);
    Object.defineProperty(wrapped, "length", { value: f.length });
    Object.defineProperty(wrapped, "name", { value: f.name });
    Object.defineProperty(target, key, { ...d, value: wrapped });
  }
}

/** Wrap this realm's builtins (realm.ts hardenRealm, before lockdown, once). */
export function chargeNumericArguments(): void {
  wrapAll(String.prototype, STRING_NUMBERS);
  wrapAll(Number.prototype, NUMBER_NUMBERS);
  wrapAll(String, STRING_STATICS);
  wrapAll(Array.prototype, ARRAY_NUMBERS);
  wrapAll(Object.getPrototypeOf(Uint8Array.prototype) as object, TYPED_NUMBERS);
}
