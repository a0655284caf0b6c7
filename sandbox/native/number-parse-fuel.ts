/**
 * Parsing a number from a string, charged in the V8 placements (builtin-fuel.ts). ToNumber reads
 * every character of a string in C++ (~1-2.5 ns a character on Node 20 under this machine's
 * load: 0.5-1.3 ms for 2^19 digits), and `+s`, `Number(s)`, `parseFloat(s)`, `parseInt(s)` were
 * each one fuel unit or none (red team 10's number-parse-uncharged: a loop of them ran until the
 * deadline). The Compartment's Number, parseFloat, parseInt, isNaN and isFinite convert their
 * argument once, charge a string CHARS_PER_FUEL characters a unit (a whole budget is ~10 ms of
 * parsing), and pass the converted value on; unary plus goes through the frame's `__sfi_num`
 * (extensions/sfi/passes/number-parse.ts), which calls chargedToNumber for anything not a number.
 * Other operators that convert a string (`s * 1`, `s < 1`) are refused by the type check on a
 * string, and on a string typed otherwise are the operators' open item (docs/EXERCISES.md).
 */
// biome-ignore-all lint/complexity/noArguments: Math's wrappers pass their caller's arguments on as they are (count included) without making an array per call.

import { chargeChars } from "./builtin-fuel.js";

const OBJECT_CONVERSIONS = ["valueOf", "toString"] as const;

function isObject(v: unknown): v is object {
  return v !== null && (typeof v === "object" || typeof v === "function");
}

/** ToPrimitive(v, number), as the language does it (the guest's methods run, once each). */
function toPrimitiveNumber(v: unknown): unknown {
  if (!isObject(v)) return v;
  const exotic = (v as { [Symbol.toPrimitive]?: unknown })[Symbol.toPrimitive];
  if (exotic !== undefined && exotic !== null) {
    if (typeof exotic !== "function") throw new TypeError("Symbol.toPrimitive is not a function");
    const r = Reflect.apply(exotic, v, ["number"]) as unknown;
    if (isObject(r)) throw new TypeError("Cannot convert object to primitive value");
    return r;
  }
  for (let i = 0; i < OBJECT_CONVERSIONS.length; i++) {
    const method = (v as Record<string, unknown>)[OBJECT_CONVERSIONS[i]!];
    if (typeof method !== "function") continue;
    const r = Reflect.apply(method, v, []) as unknown;
    if (!isObject(r)) return r;
  }
  throw new TypeError("Cannot convert object to primitive value");
}

/** ToNumber(v), a string charged by its length before it is parsed. */
export function chargedToNumber(v: unknown): number {
  const p = toPrimitiveNumber(v);
  if (typeof p === "string") chargeChars(p.length);
  // A symbol throws the language's TypeError here (BigInt is not in a Compartment).
  return +(p as number);
}

/** ToString(v) once, charged by its length, for parseFloat and parseInt. */
function chargedString(v: unknown): string {
  const s = `${v as string}`;
  chargeChars(s.length);
  return s;
}

/** The Compartment's Number, parseFloat, parseInt, isNaN and isFinite (realm.ts): made once per realm, frozen. */
export function guestNumberGlobals(): Record<string, unknown> {
  const OriginalNumber = Number;
  const originalParseFloat = parseFloat;
  const originalParseInt = parseInt;
  // biome-ignore lint/suspicious/noGlobalIsNan: the global isNaN, whose conversion it wraps
  const originalIsNaN = isNaN;
  // biome-ignore lint/suspicious/noGlobalIsFinite: the global isFinite, whose conversion it wraps
  const originalIsFinite = isFinite;
  const guestParseFloat = {
    parseFloat(string: unknown): number {
      return originalParseFloat(chargedString(string));
    },
  }.parseFloat;
  const guestParseInt = {
    parseInt(string: unknown, radix: unknown): number {
      return originalParseInt(chargedString(string), radix as number);
    },
  }.parseInt;
  const guestIsNaN = {
    isNaN(number: unknown): boolean {
      return originalIsNaN(chargedToNumber(number));
    },
  }.isNaN;
  const guestIsFinite = {
    isFinite(number: unknown): boolean {
      return originalIsFinite(chargedToNumber(number));
    },
  }.isFinite;
  // biome-ignore lint/suspicious/noShadowRestrictedNames: named as the builtin it stands for
  const guestNumber = function Number(this: unknown, ...value: unknown[]): unknown {
    const n = value.length === 0 ? 0 : chargedToNumber(value[0]);
    return new.target === undefined ? n : Reflect.construct(OriginalNumber, [n], new.target);
  };
  // Number's own properties (constants, isInteger...), its parseFloat and parseInt the guest's.
  const own = Object.getOwnPropertyNames(OriginalNumber);
  for (let i = 0; i < own.length; i++) {
    const key = own[i]!;
    if (key === "name" || key === "length") continue;
    const d = Object.getOwnPropertyDescriptor(OriginalNumber, key)!;
    if (key === "parseFloat") d.value = guestParseFloat;
    if (key === "parseInt") d.value = guestParseInt;
    Object.defineProperty(guestNumber, key, d);
  }
  Object.defineProperty(guestNumber, "length", { value: 1 });
  for (const f of [guestParseFloat, guestParseInt, guestIsNaN, guestIsFinite]) Object.freeze(f);
  return {
    Number: Object.freeze(guestNumber),
    parseFloat: guestParseFloat,
    parseInt: guestParseInt,
    isNaN: guestIsNaN,
    isFinite: guestIsFinite,
  };
}

/** Math's charged functions, made by the first chargedMathFunctions of this realm. */
let mathFunctions: ReadonlyMap<PropertyKey, unknown> | undefined;

/**
 * Math's functions as an extension's Math holds them (native-vm.ts seededMath): each converts an
 * argument that is not a number once, as Number does (a string charged by its length:
 * chargedToNumber), and passes the numbers on. Red team 16 (sort-comparator-tonumber): Math's
 * own ToNumber of a 32 KB numeric string, ~20 us in C++ for no fuel, was every comparison of a
 * sort with `Math.atan2` as its comparator. Numbers go straight through. Made once per realm,
 * frozen (every extension's Math shares them: nothing of one can reach another through them).
 */
export function chargedMathFunctions(): ReadonlyMap<PropertyKey, unknown> {
  if (mathFunctions !== undefined) return mathFunctions;
  const made = new Map<PropertyKey, unknown>();
  for (const key of Object.getOwnPropertyNames(Math)) {
    const original = (Math as unknown as Record<string, unknown>)[key];
    if (key === "random" || typeof original !== "function") continue;
    const f = original as (...args: unknown[]) => unknown;
    const charged = {
      [key](this: unknown): unknown {
        const n = arguments.length;
        let i = 0;
        while (i < n && typeof arguments[i] === "number") i++;
        if (i === n) return Reflect.apply(f, this, arguments);
        const converted: number[] = [];
        for (let k = 0; k < n; k++) {
          const a = arguments[k] as unknown;
          converted.push(typeof a === "number" ? a : chargedToNumber(a));
        }
        return Reflect.apply(f, this, converted);
      },
    }[key]!;
    Object.defineProperty(charged, "length", { value: f.length });
    made.set(key, Object.freeze(charged));
  }
  mathFunctions = made;
  return made;
}
