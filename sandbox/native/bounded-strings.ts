/**
 * Length bounds on the string builtins of a hardened realm (realm.ts), the string half of
 * bounded-builtins.ts. V8 runs a string builtin in C++ or Torque without polling for interrupts:
 * neither fuel nor `worker.terminate()` stops it. Red team 4 measured: `"a".repeat(2 ** 28)
 * .split("")` made V8 die with a fatal "invalid size" CHECK (the whole process, exit 133);
 * `"a".repeat(2 ** 24).replaceAll("", "b")` ran ~3 s past terminate(); a replacement of many
 * `$&` over a 2^21-character string sized a builder past V8's limit (fatal again) after ~20 s.
 *
 * So every String.prototype function that walks its receiver (all but the O(1) ones) refuses,
 * with a RangeError, a receiver longer than MAX_STRING_LENGTH; `repeat`, `padStart`, `padEnd`,
 * `concat` refuse a result longer than it; `replace`/`replaceAll` (and RegExp's
 * Symbol.replace) refuse a replacement string whose work, (receiver length + 1) x (replacement
 * length + 1), exceeds MAX_STRING_WORK (each match copies the replacement's parts); RegExp's
 * `exec`, `test` and symbol methods refuse a subject longer than the bound; so do the URI
 * functions and escape/unescape. The bound is set by measurement (Node 20, one core of two
 * busy): the slowest call it allows, a global empty-pattern replace over 2^21 characters, takes
 * ~0.3 s; at 2^24 it took 2.7 s. The kernel's own strings in this realm are a few KiB.
 *
 * Each wrapper converts a guest value to a string (or number) ONCE and hands the builtin the
 * converted value: a `toString`/`valueOf` that answers short to the check and long to the
 * builtin has no second call to answer. Conversions are the builtin's own (`${x}` is ToString,
 * `+x` ToNumber: both throw on a Symbol as the builtin does).
 */

// biome-ignore-all lint/complexity/noArguments: a wrapper passes its caller's arguments on exactly (count included) without making an array per call.

import { types } from "node:util";
import {
  chargeBuiltinWork,
  chargeChars,
  chargeRegexMatch,
  chargingBuiltinWork,
  ITERATOR_STEP_FUEL,
} from "./builtin-fuel.js";
import { assertLinearRegExpCheckWorks, linearRegExpRefusal } from "./linear-regexp.js";
import { MAX_BIND_WALK, MAX_BOUND_ARGUMENTS } from "../limits.js";
import { OWN_KEY_FUEL } from "./for-in-fuel.js";
import { patternCost } from "./regexp-cost.js";
import { chargeRegexCompile } from "./regexp-compile-fuel.js";

/** The longest string a walking string builtin accepts in a hardened realm. */
export const MAX_STRING_LENGTH = 1 << 21;

/** The bound this realm's wrappers apply: MAX_STRING_LENGTH, or lower in a small heap (realm.ts). */
let maxStringLength = MAX_STRING_LENGTH;

/** This realm's string bound (JSON.parse's wrapper in bounded-builtins.ts applies it too). */
export function stringLengthBound(): number {
  return maxStringLength;
}

/** The most (subject + 1) x (replacement + 1) a replace may cost. */
export const MAX_STRING_WORK = 1 << 22;

/** String.prototype's functions that touch O(1) characters, or none. */
const O1_STRING_METHODS: ReadonlySet<PropertyKey> = new Set([
  "constructor",
  "at",
  "charAt",
  "charCodeAt",
  "codePointAt",
  "toString",
  "valueOf",
]);

function refuseLong(s: string, what: string): string {
  if (s.length > maxStringLength) throw new RangeError(`${what} on a string longer than ${maxStringLength}`);
  return s;
}

/** The receiver as the builtin converts it (RequireObjectCoercible, ToString), checked. */
function receiverString(o: unknown, what: string): string {
  if (o === null || o === undefined) throw new TypeError(`${what} called on null or undefined`);
  return refuseLong(typeof o === "string" ? o : `${o}`, what);
}

/**
 * A replacement value converted once, and the result's length bounded by the realm's string
 * bound. A replacement string's work, (subject + 1) x (replacement + 1), is bounded as before;
 * its result, by the most it can make: the subject, plus at each possible match the
 * replacement with every `$` pattern as long as the subject (`$&`, `` $` ``, `$'`, `$1`...,
 * `$<name>`), less the match's own length when the pattern is a string (`global`: every
 * position may match; `pattern`: the search string, or undefined for a regex). Red team 8's
 * audit: `"a".repeat(32000).replaceAll("", "$`")` cost ~96,000 characters of work and made a
 * 512 M character string. A function's results are bounded as it returns them
 * (boundedReplacer).
 */
function checkedReplacement(subject: string, r: unknown, what: string, global: boolean, pattern?: string): unknown {
  if (typeof r === "function") return boundedReplacer(subject, r as (...args: unknown[]) => unknown, what);
  const s = typeof r === "string" ? r : `${r}`;
  if ((subject.length + 1) * (s.length + 1) > MAX_STRING_WORK)
    throw new RangeError(`${what} with a replacement costing more than ${MAX_STRING_WORK} characters`);
  const n = subject.length;
  let dollars = 0;
  for (let i = s.indexOf("$"); i >= 0; i = s.indexOf("$", i + 1)) dollars++;
  const minMatch = pattern === undefined ? 0 : pattern.length;
  const growth = Math.max(0, s.length + dollars * n - minMatch);
  const matches = !global ? 1 : minMatch > 0 ? Math.floor(n / minMatch) : n + 1;
  if (growth > 0 && n + matches * growth > maxStringLength)
    throw new RangeError(
      `${what} with a replacement that may make a string longer than ${maxStringLength} (${matches} possible matches, each up to ${growth} characters longer)`,
    );
  return s;
}

/**
 * A replacement function, its results bounded: the builtin converts each to a string and copies
 * it into the result, in C++ (red team 8, replace-fn-total-oom: 512 matches each replaced by the
 * same 2^19-character string made one of 2^28). The wrapper converts each result once, keeps the
 * result's length exactly (the subject, less each match, the builtin's first argument, plus each
 * replacement) and refuses, before the builtin copies it, a replacement that takes it past the
 * realm's string bound; each replacement is charged its length.
 */
function boundedReplacer(
  subject: string,
  f: (...args: unknown[]) => unknown,
  what: string,
): (...args: unknown[]) => string {
  let length = subject.length;
  return function (this: unknown): string {
    const value = Reflect.apply(f, this, arguments);
    const out = typeof value === "string" ? value : `${value}`;
    const match = arguments[0] as unknown;
    length += out.length - (typeof match === "string" ? match.length : 0);
    refuseLongResult(length, what);
    chargeChars(out.length);
    return out;
  };
}

/** The longest markup an HTML method of String.prototype adds (`<font size="">`, `</font>`). */
const HTML_TAG_CHARS = 32;

/** String.prototype's HTML methods without an attribute: the receiver and at most HTML_TAG_CHARS of markup. */
const HTML_TAG_METHODS: ReadonlySet<PropertyKey> = new Set([
  "big",
  "blink",
  "bold",
  "fixed",
  "italics",
  "small",
  "strike",
  "sub",
  "sup",
]);

/**
 * The most characters a growing builtin makes of one input character, an ASCII one and any
 * other UTF-16 code unit, measured over every code point (test/sandbox/growth-refused.test.ts
 * checks each against the builtin): a case mapping up to 3 (U+0390 upper case; a locale's, 2 of
 * an ASCII `I` before an accent in Lithuanian), `normalize` up to 4 (NFD of U+1F82) or 18
 * (NFKD and NFKC of U+FDFA), a URI encoding up to 9 (U+0800), `escape` 6.
 */
export const GROWTH: Readonly<Record<string, readonly [ascii: number, other: number]>> = {
  toUpperCase: [1, 3],
  toLowerCase: [1, 2],
  toLocaleUpperCase: [2, 3],
  toLocaleLowerCase: [2, 3],
  NFC: [1, 3],
  NFD: [1, 4],
  NFKC: [1, 18],
  NFKD: [1, 18],
  encodeURI: [3, 9],
  encodeURIComponent: [3, 9],
  escape: [3, 6],
};

/** GROWTH's factors of a builtin (or a normalization form), or undefined: its own keys only (a form is the guest's string). */
function growthOf(key: PropertyKey): readonly [number, number] | undefined {
  return typeof key === "string" && Object.hasOwn(GROWTH, key) ? GROWTH[key] : undefined;
}

/**
 * The longest string a growing builtin can make of `s`, by GROWTH's factors: the ASCII code
 * units counted only when the string's other units might not all fit (a JavaScript loop, a
 * nanosecond or so a unit, within the walk the wrapper charges).
 */
export function mostMadeOf(s: string, [ascii, other]: readonly [number, number], bound: number): number {
  if (s.length * other <= bound) return s.length * other;
  let wide = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) wide++;
  return (s.length - wide) * ascii + wide * other;
}

/**
 * Refuse, before the builtin runs, a call that may make a string past the realm's bound: red
 * team 9's audit found the builtin made it first, up to 18 times the bound in one allocation
 * (NFKD of 2^19 U+FDFA: 9.4 M characters, 19 MiB, in a server whose bound is 2^19), refused only
 * after. A call whose worst case passes the bound is refused even when this input would have
 * made less (a long text of non-ASCII letters): the message says to work in parts.
 */
function refuseGrowth(s: string, growth: readonly [number, number], what: string): void {
  refuseMost(mostMadeOf(s, growth, maxStringLength), s, what);
}

function refuseMost(most: number, s: string, what: string): void {
  if (most > maxStringLength)
    throw new RangeError(
      `${what} of ${s.length} characters, which may make a string longer than ${maxStringLength} (up to ${most}); call it on parts of the string`,
    );
}

/**
 * A string a builtin has made from inputs within the bound (its worst case refused beforehand
 * when it passes the bound: refuseGrowth), its growth charged.
 */
function madeAtMost(r: unknown, inputLength: number, what: string): unknown {
  if (typeof r === "string" && r.length > inputLength) {
    refuseLongResult(r.length, what);
    chargeChars(r.length - inputLength);
  }
  return r;
}

function refuseLongResult(n: number, what: string): void {
  if (n > maxStringLength) throw new RangeError(`${what} making a string longer than ${maxStringLength}`);
}

/** Replace `proto[key]` by `make(original)`, keeping its name and length. */
function wrap(
  target: object,
  key: PropertyKey,
  make: (original: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown,
): void {
  const original = (target as Record<PropertyKey, unknown>)[key];
  if (typeof original !== "function") return;
  const bounded = make(original as (...args: unknown[]) => unknown);
  Object.defineProperty(bounded, "length", { value: (original as { length: number }).length });
  Object.defineProperty(bounded, "name", { value: (original as { name: string }).name });
  Object.defineProperty(target, key, { value: bounded, writable: true, configurable: true });
}

function boundStringPrototype(): void {
  for (const key of Reflect.ownKeys(String.prototype)) {
    if (O1_STRING_METHODS.has(key)) continue;
    const d = Object.getOwnPropertyDescriptor(String.prototype, key);
    if (d === undefined || typeof d.value !== "function") continue;
    const what = `String.prototype.${typeof key === "string" ? key : String(key)}`;
    wrap(String.prototype, key, (original) => {
      switch (key) {
        case "repeat":
          return {
            m(this: unknown): unknown {
              const s = receiverString(this, what);
              const n = +(arguments[0] as number);
              if (s.length > 0 && n > 0 && s.length * Math.trunc(n) > maxStringLength)
                refuseLongResult(s.length * Math.trunc(n), what);
              if (n > 0) chargeChars(s.length * Math.trunc(n));
              return Reflect.apply(original, s, [n]);
            },
          }.m;
        case "padStart":
        case "padEnd":
          return {
            m(this: unknown): unknown {
              const s = receiverString(this, what);
              const n = +(arguments[0] as number);
              if (n > maxStringLength) refuseLongResult(n, what);
              if (n > 0) chargeChars(n);
              const fill = arguments[1] === undefined ? undefined : `${arguments[1]}`;
              return Reflect.apply(original, s, arguments.length > 1 ? [n, fill] : [n]);
            },
          }.m;
        case "concat":
          return {
            m(this: unknown): unknown {
              const s = receiverString(this, what);
              const parts: string[] = [];
              let total = s.length;
              for (let i = 0; i < arguments.length; i++) {
                const p = `${arguments[i]}`;
                total += p.length;
                refuseLongResult(total, what);
                parts.push(p);
              }
              chargeChars(total);
              return Reflect.apply(original, s, parts);
            },
          }.m;
        case "replace":
        case "replaceAll":
          return {
            m(this: unknown): unknown {
              const s = receiverString(this, what);
              // A string pattern (any primitive, as the builtin converts it) is converted once,
              // here, and passed on converted; a regex's matches are as many as its flag allows;
              // another object (its own Symbol.replace, guest code) is taken to match anywhere.
              const p = arguments[0] as unknown;
              const object = p !== null && (typeof p === "object" || typeof p === "function");
              const pattern = object ? undefined : `${p}`;
              const global =
                key === "replaceAll" || (isRegExp(p) ? Reflect.apply(regExpGlobalGetter!, p, []) === true : object);
              const r = checkedReplacement(s, arguments[1], what, global, pattern);
              // A regex pattern's matches are charged by its exec (boundRegExpPrototype); the
              // string search and the copies here, by length (every match may copy the replacement).
              chargeReplaceWork(s, r, key === "replaceAll");
              return Reflect.apply(original, s, [object ? p : pattern, r]);
            },
          }.m;
        case "match":
        case "matchAll":
        case "search":
          return {
            m(this: unknown): unknown {
              const s = receiverString(this, what);
              // A pattern that is not an object becomes a regex made by the intrinsic
              // constructor (RegExpCreate): converted once here, checked, and passed on.
              const p = arguments[0] as unknown;
              if (p === null || p === undefined || (typeof p !== "object" && typeof p !== "function")) {
                const source = p === undefined ? "(?:)" : `${p}`;
                refuseNonLinearPattern(source, key === "matchAll" ? "g" : "", what);
                return Reflect.apply(original, s, [p === undefined ? undefined : source]);
              }
              // Any other object would be made a regex from its text (RegExpCreate of its
              // toString) unless a matcher it has says otherwise, read by the builtin, after any
              // check here could read it: only a real RegExp (checked when it was made) passes.
              if (!isRegExp(p))
                throw new TypeError(
                  `${what} takes a RegExp or a string here (the V8 placements make no regex from an object's text)`,
                );
              return Reflect.apply(original, s, [p]);
            },
          }.m;
        case "anchor":
        case "fontcolor":
        case "fontsize":
        case "link":
          return {
            m(this: unknown): unknown {
              // `<a name="attribute">receiver</a>`: the attribute converted once, each `"` in it
              // written as `&quot;` (six characters), both inputs the guest's.
              const s = receiverString(this, what);
              const attribute = `${arguments[0]}`;
              refuseLongResult(s.length + 6 * attribute.length + HTML_TAG_CHARS, what);
              chargeChars(s.length + attribute.length);
              return Reflect.apply(original, s, [attribute]);
            },
          }.m;
        case Symbol.iterator:
          return {
            m(this: unknown): unknown {
              // The walk it makes possible (`[...s]`, Array.from, for-of, new Set), a step a
              // character made into a string of its own in C++ (~120 ns measured on Node 20),
              // charged up front as an array iterator's steps are (issue 10's string-spread-hold:
              // a character was a quarter of a unit, as a search's).
              const s = receiverString(this, what);
              chargeBuiltinWork(s.length * ITERATOR_STEP_FUEL);
              return Reflect.apply(original, s, []);
            },
          }.m;
        case "normalize":
          return {
            m(this: unknown): unknown {
              const s = receiverString(this, what);
              chargeChars(s.length);
              // The form converted once: a guest's toString answers the check and the builtin alike.
              const form = arguments[0] === undefined ? "NFC" : `${arguments[0]}`;
              const growth = growthOf(form);
              if (growth !== undefined) refuseGrowth(s, growth, what);
              return madeAtMost(Reflect.apply(original, s, [form]), s.length, what);
            },
          }.m;
        default: {
          const growth = growthOf(key);
          const html = HTML_TAG_METHODS.has(key);
          return {
            m(this: unknown): unknown {
              const s = receiverString(this, what);
              chargeChars(s.length);
              if (growth !== undefined) refuseGrowth(s, growth, what);
              if (html) refuseMost(s.length + HTML_TAG_CHARS, s, what);
              return madeAtMost(Reflect.apply(original, s, arguments), s.length, what);
            },
          }.m;
        }
      }
    });
  }
}

/** Charge a replace's search and copies: the subject, and the replacement once, or once a possible match (all). */
function chargeReplaceWork(subject: string, replacement: unknown, all: boolean): void {
  if (!chargingBuiltinWork()) return;
  const r = typeof replacement === "string" ? replacement.length : 0;
  chargeChars(all ? (subject.length + 1) * (r + 1) : subject.length + r);
}

/** RegExp.prototype's `source` getter: its brand check throws on anything but a real RegExp. */
const regExpSourceGetter = Object.getOwnPropertyDescriptor(RegExp.prototype, "source")?.get;

/**
 * Refuse a receiver that is not a plain RegExp. V8's symbol methods take a slow path in C++ for
 * any other receiver: they call its `exec` (and, for split, its species constructor's) and copy
 * every capture of the result (ToLength(result.length), up to 2^32-1) without polling for
 * interrupts. Red team 5: a subclass whose exec returns a match of length 2^32-1 made split a
 * fatal heap OOM of the whole process and replace a hold past terminate(). A plain RegExp (a
 * real one, prototype RegExp.prototype, no own property but lastIndex) finds `exec`,
 * `constructor` and Symbol.species on frozen intrinsics: the builtin exec, whose result has
 * exactly the pattern's captures. Neither check can be trapped (a Proxy fails the brand check).
 */
function refuseNonPlainRegExp(re: unknown, what: string): void {
  if (typeof re !== "object" || re === null || regExpSourceGetter === undefined)
    throw new TypeError(`${what} called on a non-RegExp`);
  Reflect.apply(regExpSourceGetter, re, []);
  const keys = Reflect.ownKeys(re);
  if (Object.getPrototypeOf(re) !== RegExp.prototype || keys.length !== 1 || keys[0] !== "lastIndex")
    throw new RangeError(`${what} on a RegExp subclass or a RegExp with own properties: use a plain RegExp`);
}

/** RegExp.prototype's flag getters, in the order `flags` lists them: each reads the regex's own flag. */
const regExpFlagGetters = (
  [
    ["d", "hasIndices"],
    ["g", "global"],
    ["i", "ignoreCase"],
    ["m", "multiline"],
    ["s", "dotAll"],
    ["u", "unicode"],
    ["v", "unicodeSets"],
    ["y", "sticky"],
  ] as const
).flatMap(([flag, name]) => {
  const get = Object.getOwnPropertyDescriptor(RegExp.prototype, name)?.get;
  return get === undefined ? [] : [{ flag, get }];
});

/** A real RegExp (the source getter's brand check; no guest code runs). */
function isRegExp(x: unknown): boolean {
  if (regExpSourceGetter === undefined) return false;
  try {
    Reflect.apply(regExpSourceGetter, x, []);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuse a regex V8's linear-time engine cannot run (linear-regexp.ts): in the V8 placements it
 * would backtrack in native code without fuel, for as long as the subject makes it (red team 5's
 * `/(a+)+\1?$/`: a clock read through the deadline). Source and flags are read through
 * RegExp.prototype's own getters (the regex's internal slots: no guest code runs).
 *
 * Checked where an extension can make a regex from a string, not where one runs: the realm's
 * own code (the kernel's, the CLI's in a thread that runs `native` in-process) shares these
 * builtins and uses regexes the linear engine cannot run. An extension makes a regex by a
 * literal (the verifier's no-nonlinear-regexp refuses those), by its Compartment's `RegExp`
 * (guestRegExpConstructor, below; `/a/.constructor` is refused by no-function-constructor, and
 * a species constructor copies a regex already checked), or by String's match, matchAll and
 * search of a string, which make one from the intrinsic constructor (checked in their wrappers).
 */
function refuseNonLinearRegExp(re: object, what: string): void {
  const source = Reflect.apply(regExpSourceGetter!, re, []) as string;
  let flags = "";
  for (const { flag, get } of regExpFlagGetters) if (Reflect.apply(get, re, []) === true) flags += flag;
  refuseNonLinearPattern(source, flags, what);
}

function refuseNonLinearPattern(source: string, flags: string, what: string): void {
  // The regex's compiles, charged before the linear engine's (regexp-compile-uncharged).
  chargeRegexCompile(source, flags);
  const refusal = linearRegExpRefusal(source, flags);
  if (refusal !== undefined)
    throw new SyntaxError(
      `${what}: the regular expression /${source.length > 60 ? `${source.slice(0, 60)}...` : source}/${flags} cannot run in linear time (${refusal}); the V8 placements run only regexes V8's linear-time engine can run (no backreference, lookahead, lookbehind, i/u/v/d flag or large counted repetition), since V8 backtracks without fuel`,
    );
}

/**
 * The `RegExp` an extension's Compartment gets (realm.ts): the realm's, refusing a regex the
 * linear engine cannot run. Called or constructed (a subclass's `super` too) as the original;
 * its `prototype` is RegExp.prototype, so `instanceof RegExp` holds. One per realm, frozen.
 */
export function guestRegExpConstructor(): unknown {
  const Original = RegExp;
  const guestRegExp = function (this: unknown, pattern: unknown, flags: unknown): unknown {
    const re = (
      new.target === undefined
        ? Reflect.apply(Original, undefined, [pattern, flags])
        : Reflect.construct(Original, [pattern, flags], new.target)
    ) as object;
    refuseNonLinearRegExp(re, "RegExp");
    return re;
  };
  Object.defineProperty(guestRegExp, "name", { value: "RegExp" });
  Object.defineProperty(guestRegExp, "length", { value: 2 });
  Object.defineProperty(guestRegExp, "prototype", { value: Original.prototype, writable: false });
  const species = Object.getOwnPropertyDescriptor(Original, Symbol.species);
  if (species !== undefined) Object.defineProperty(guestRegExp, Symbol.species, species);
  return Object.freeze(guestRegExp);
}

/** RegExp.prototype's `global`, `sticky` and `dotAll` getters (a match starts at lastIndex with the first two). */
const regExpGlobalGetter = Object.getOwnPropertyDescriptor(RegExp.prototype, "global")?.get;
const regExpStickyGetter = Object.getOwnPropertyDescriptor(RegExp.prototype, "sticky")?.get;
const regExpDotAllGetter = Object.getOwnPropertyDescriptor(RegExp.prototype, "dotAll")?.get;

/**
 * Charge one match attempt of `re` on `subject` (builtin-fuel.ts): the characters it may scan
 * times the size of the program the pattern compiles to (regexp-cost.ts). A search scans from
 * where it starts to the end; a sticky attempt is anchored where it starts and scans at most the
 * pattern's longest match (and the character after it), so `split`, which runs one at every
 * position, is charged about once a character, not for the rest of the subject at each. Read
 * through the builtin getters and lastIndex's own data property: no guest code runs (a lastIndex
 * that is not a number is charged from 0).
 */
function chargeExec(re: unknown, subject: string): void {
  if (!chargingBuiltinWork() || !isRegExp(re)) return;
  const source = Reflect.apply(regExpSourceGetter!, re, []) as string;
  const cost = patternCost(source, Reflect.apply(regExpDotAllGetter!, re, []) === true ? "s" : "");
  const sticky = Reflect.apply(regExpStickyGetter!, re, []) === true;
  let start = 0;
  if (sticky || Reflect.apply(regExpGlobalGetter!, re, []) === true) {
    const last = Object.getOwnPropertyDescriptor(re, "lastIndex")?.value as unknown;
    if (typeof last === "number" && last > 0) start = Math.min(subject.length, Math.floor(last));
  }
  const rest = subject.length - start;
  chargeRegexMatch(sticky ? Math.min(rest, cost.maxLength + 1) : rest, cost.size);
}

function boundRegExpPrototype(): void {
  const subjectMethods: PropertyKey[] = ["exec", "test", Symbol.match, Symbol.matchAll, Symbol.search, Symbol.split];
  for (const key of subjectMethods) {
    const what = `RegExp.prototype.${String(key)}`;
    const symbolMethod = typeof key === "symbol";
    wrap(RegExp.prototype, key, (original) => {
      return {
        m(this: unknown): unknown {
          if (symbolMethod) refuseNonPlainRegExp(this, what);
          const s = refuseLong(`${arguments[0]}`, what);
          // Every match attempt is an exec: `test` and the symbol methods call this one, once a match.
          if (key === "exec") chargeExec(this, s);
          return Reflect.apply(original, this, arguments.length > 1 ? [s, arguments[1]] : [s]);
        },
      }.m;
    });
  }
  const what = "RegExp.prototype[Symbol.replace]";
  wrap(RegExp.prototype, Symbol.replace, (original) => {
    return {
      m(this: unknown): unknown {
        refuseNonPlainRegExp(this, what);
        const s = refuseLong(`${arguments[0]}`, what);
        const global = Reflect.apply(regExpGlobalGetter!, this, []) === true;
        const r = checkedReplacement(s, arguments[1], what, global);
        chargeReplaceWork(s, r, global);
        return Reflect.apply(original, this, [s, r]);
      },
    }.m;
  });
}

function boundGlobalStringFunctions(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  for (const key of ["encodeURI", "encodeURIComponent", "decodeURI", "decodeURIComponent", "escape", "unescape"]) {
    wrap(g, key, (original) => {
      return {
        m(this: unknown): unknown {
          const s = refuseLong(`${arguments[0]}`, key);
          const growth = growthOf(key);
          if (growth !== undefined) refuseGrowth(s, growth, key);
          // Red team 16 (uri-functions-uncharged): a walk of the argument and a copy into the
          // result, in C++, were no fuel (2^18 characters encoded 3,000 times a call ran to the
          // deadline). The argument is charged before, the result after (madeAtMost charges
          // what it grew by; the rest of it here).
          chargeChars(s.length);
          const r = madeAtMost(Reflect.apply(original, this, [s]), s.length, key);
          if (typeof r === "string") chargeChars(Math.min(r.length, s.length));
          return r;
        },
      }.m;
    });
  }
}

/**
 * Error.prototype.toString, as the language defines it, with its result bounded: the builtin
 * joins `name` and `message` as a rope (V8's StringAdd), and red team 8's rope-by-error-tostring
 * doubled a string nine times so (an Error whose name and message are both the last result),
 * with no `+` in the text for the strings pass to see, to a 2^28-character rope that `===`
 * flattened in one 512 MiB allocation. Here `name` and `message` are read and converted once,
 * as the builtin does, and a result longer than the realm's string bound is refused (a
 * RangeError) before it is made; its length is charged. The stacks of the realm's errors start
 * with the same text (SES's prepareStackTrace writes `${error}`, this function).
 */
function boundErrorToString(): void {
  wrap(Error.prototype, "toString", () => {
    return {
      toString(this: unknown): string {
        return errorText(this, true);
      },
    }.toString;
  });
}

/**
 * Error.prototype.toString's text of `o`, bounded; its length charged when `charged`. Also the
 * header of an error's stack when the error's toString is the realm's own (bounded-stacks.ts):
 * charged when the guest reads the stack, not when the kernel builds the fault of a throw from
 * it; `name` and `message` getters, the guest's, run charged either way.
 */
export function errorText(o: unknown, charged: boolean): string {
  const what = "Error.prototype.toString";
  if (o === null || (typeof o !== "object" && typeof o !== "function"))
    throw new TypeError(`${what} called on a value that is not an object`);
  const error = o as { readonly name?: unknown; readonly message?: unknown };
  const n = error.name;
  const name = n === undefined ? "Error" : `${n}`;
  const m = error.message;
  const message = m === undefined ? "" : `${m}`;
  if (name === "") return message;
  if (message === "") return name;
  const length = name.length + 2 + message.length;
  refuseLongResult(length, what);
  if (charged) chargeChars(length);
  return `${name}: ${message}`;
}

/**
 * RegExp.prototype.toString, as the language defines it (`"/" + ToString(R.source) + "/" +
 * ToString(R.flags)`), with its result bounded. The builtin is generic (any object will do) and
 * V8 builds its result in C++ as a rope: red team 9's rope-by-regexp-tostring doubled a string
 * nine times through an object whose `source` and `flags` were both the last result, to a
 * 2^28-character rope that `===` flattened in one 512 MiB allocation (a server's host aborted).
 * Here `source` and `flags` are read and converted once, in the builtin's order, and a result
 * longer than the realm's string bound is refused before it is made; its length is charged.
 */
function boundRegExpToString(): void {
  const what = "RegExp.prototype.toString";
  wrap(RegExp.prototype, "toString", () => {
    return {
      toString(this: unknown): string {
        if (this === null || (typeof this !== "object" && typeof this !== "function"))
          throw new TypeError(`${what} called on a value that is not an object`);
        const r = this as { readonly source?: unknown; readonly flags?: unknown };
        const source = `${r.source}`;
        const flags = `${r.flags}`;
        const length = source.length + flags.length + 2;
        refuseLongResult(length, what);
        chargeChars(length);
        return `/${source}/${flags}`;
      },
    }.toString;
  });
}

/**
 * Object.prototype.toString, as the language defines it (`"[object " + tag + "]"`, the tag the
 * object's Symbol.toStringTag when it is a string, else its builtin tag), with its result
 * charged by its length and bounded: V8 copies a guest tag into a new string each call, in C++,
 * and red team 9's tag-copy-uncharged flattened a 2^19-character one 2,000 times for ~2,000
 * fuel units (the deadline, not the budget, ended its loop). The tag is read once (a getter runs
 * once, as in the builtin) and the builtin tag found from the object's internal slots, as the
 * builtin finds it; no guest code runs twice.
 */
function boundObjectToString(): void {
  const what = "Object.prototype.toString";
  const isArray = Array.isArray;
  const toObject = Object;
  wrap(Object.prototype, "toString", () => {
    return {
      toString(this: unknown): string {
        if (this === undefined) return "[object Undefined]";
        if (this === null) return "[object Null]";
        const o = toObject(this) as Record<PropertyKey, unknown>;
        const tag = o[Symbol.toStringTag];
        const name = typeof tag === "string" ? tag : builtinTag(o, isArray);
        refuseLongResult(name.length + 9, what);
        chargeChars(name.length + 9);
        return `[object ${name}]`;
      },
    }.toString;
  });
}

/** The builtin tag of Object.prototype.toString's steps 4-14, from the object's internal slots. */
function builtinTag(o: object, isArray: (x: unknown) => boolean): string {
  if (isArray(o)) return "Array";
  if (types.isArgumentsObject(o)) return "Arguments";
  if (typeof o === "function") return "Function";
  if (types.isNativeError(o)) return "Error";
  if (types.isBooleanObject(o)) return "Boolean";
  if (types.isNumberObject(o)) return "Number";
  if (types.isStringObject(o)) return "String";
  if (types.isDate(o)) return "Date";
  if (types.isRegExp(o)) return "RegExp";
  return "Object";
}

/**
 * The longest description a symbol an extension makes may have (its Compartment's `Symbol` and
 * `Symbol.for`; the QuickJS prelude's alike). A description is copied wherever the symbol is
 * written out, in C++ where no wrapper sees it: `String(symbol)` (SymbolDescriptiveString, which
 * String() calls directly), a method keyed by the symbol, named `[description]`, a stack frame
 * naming that method. Red team 9's symbol-description-copy copied a 2^19-character one four
 * times an iteration for a few fuel units: the deadline, not the budget, ended the loop. A
 * description is a label; 1,024 characters cost what the rest of those operations costs
 * (measured on Node 20: a computed method named by a 16-character description ~720 ns an
 * iteration, by a 1,024-character one ~1,000 ns; `String(symbol)` ~210 and ~430 ns).
 */
export const MAX_SYMBOL_DESCRIPTION = 1024;

/** A symbol's description as `Symbol(description)` converts it, refused past MAX_SYMBOL_DESCRIPTION and charged. */
function checkedDescription(description: unknown, what: string): string {
  const d = `${description as string}`;
  if (d.length > MAX_SYMBOL_DESCRIPTION)
    throw new RangeError(
      `${what} with a description of ${d.length} characters (at most ${MAX_SYMBOL_DESCRIPTION}: a symbol's description is copied wherever the symbol is written out)`,
    );
  chargeChars(d.length);
  return d;
}

/**
 * The `Symbol` an extension's Compartment gets (realm.ts): the realm's, refusing a description
 * longer than MAX_SYMBOL_DESCRIPTION (and `Symbol.for` a key longer than it: the key is the
 * description). Its statics (the well-known symbols, `keyFor`) and `prototype` are the
 * original's; `new Symbol()` is the original's TypeError. One per realm, frozen.
 */
export function guestSymbolConstructor(): unknown {
  const Original = Symbol;
  const originalFor = Symbol.for;
  const guestSymbol = function (this: unknown, description: unknown): symbol {
    if (new.target !== undefined) return Reflect.construct(Original, [], new.target) as symbol;
    return description === undefined ? Original() : Original(checkedDescription(description, "Symbol"));
  };
  for (const key of Reflect.ownKeys(Original)) {
    if (key === "name" || key === "length" || key === "prototype" || key === "for") continue;
    const d = Object.getOwnPropertyDescriptor(Original, key);
    if (d !== undefined) Object.defineProperty(guestSymbol, key, d);
  }
  Object.defineProperty(guestSymbol, "for", {
    value: {
      for(key: unknown): symbol {
        return originalFor(checkedDescription(key, "Symbol.for"));
      },
    }.for,
    writable: true,
    configurable: true,
  });
  Object.defineProperty(guestSymbol, "name", { value: "Symbol" });
  Object.defineProperty(guestSymbol, "length", { value: 0 });
  Object.defineProperty(guestSymbol, "prototype", { value: Original.prototype, writable: false });
  return Object.freeze(guestSymbol);
}

/** Symbol.prototype's `description` getter (a symbol's own slot: no guest code runs). */
const symbolDescriptionGetter = Object.getOwnPropertyDescriptor(Symbol.prototype, "description")?.get;

/** The length of `Symbol(description)` for a symbol or a Symbol object, or -1 for anything else. */
function symbolTextLength(x: unknown): number {
  if (symbolDescriptionGetter === undefined || (typeof x !== "symbol" && (typeof x !== "object" || x === null)))
    return -1;
  try {
    const d = Reflect.apply(symbolDescriptionGetter, x, []) as string | undefined;
    return (d === undefined ? 0 : d.length) + 8;
  } catch {
    return -1;
  }
}

/**
 * The `String` an extension's Compartment gets (realm.ts): the realm's, charging the copy
 * `String(symbol)` makes of the symbol's description (red team 9's symbol-description-copy: the
 * builtin calls SymbolDescriptiveString directly, no wrapper of Symbol.prototype.toString sees
 * it). Called or constructed as the original; its statics (the realm's bounded `raw`,
 * `fromCharCode`...) and `prototype` are the original's, so `instanceof String` holds.
 */
export function guestStringConstructor(): unknown {
  const Original = String;
  const guestString = function (this: unknown): unknown {
    if (new.target !== undefined) return Reflect.construct(Original, arguments, new.target);
    if (arguments.length > 0 && typeof arguments[0] === "symbol") {
      const n = symbolTextLength(arguments[0]);
      refuseLongResult(n, "String");
      chargeChars(n);
    }
    return Reflect.apply(Original, undefined, arguments);
  };
  for (const key of Reflect.ownKeys(Original)) {
    if (key === "name" || key === "length" || key === "prototype") continue;
    const d = Object.getOwnPropertyDescriptor(Original, key);
    if (d !== undefined) Object.defineProperty(guestString, key, d);
  }
  Object.defineProperty(guestString, "name", { value: "String" });
  Object.defineProperty(guestString, "length", { value: 1 });
  Object.defineProperty(guestString, "prototype", { value: Original.prototype, writable: false });
  return Object.freeze(guestString);
}

/**
 * The bound arguments each bound function made here holds, its bound targets' counted in and
 * each bind one more (sandbox/limits.ts MAX_BOUND_ARGUMENTS): V8's CallBoundFunction copies them
 * onto the stack at every call, uncharged, and red team 18's bound-args-copy (24,000 of them,
 * called 60,000 times a call) held a native thread past its termination.
 */
const boundArguments = new WeakMap<object, number>();

function boundArgumentsOf(f: unknown): number {
  return typeof f === "function" ? (boundArguments.get(f) ?? 0) : 0;
}

/**
 * Every VM's kernel.log (native-vm.ts makeKernel registers each): the realm's bind is shared by
 * every Compartment, so it tells a VM's log by this set.
 */
const kernelLogs = new WeakSet<object>();

/** Register a VM's kernel.log: Function.prototype.bind refuses it (refuseBoundLog). */
export function registerKernelLog(log: object): void {
  kernelLogs.add(log);
}

const BOUND_LOG = "kernel.log cannot be bound: call it as kernel.log(...) inside a function of your own";

function isKernelLog(v: unknown): boolean {
  return typeof v === "function" && kernelLogs.has(v);
}

/**
 * kernel.log may not be bound (red team 18, issue 10; the QuickJS prelude's rule, prelude.js
 * refuseBoundLog): not as the target, the receiver (`kernel.log.call.bind(kernel.log, null)`),
 * or a value reachable in the bound arguments through objects' own data properties, where a
 * bound apply or Reflect.apply finds it. A bound function is the only callable that calls
 * kernel.log with no frame of the extension's. The walk reads descriptors (no getter runs; the
 * Compartment has no Proxy), follows a guest-made prototype (an array-like's inherited index;
 * the realm's prototypes are frozen), is charged OWN_KEY_FUEL a value, and refuses the bind past
 * MAX_BIND_WALK values (sandbox/limits.ts).
 */
function refuseBoundLog(target: unknown, args: IArguments): void {
  if (isKernelLog(target) || isKernelLog(args[0])) throw new TypeError(BOUND_LOG);
  const stack: object[] = [];
  for (let i = 1; i < args.length; i++) {
    const v: unknown = args[i];
    if (isKernelLog(v)) throw new TypeError(BOUND_LOG);
    if ((typeof v === "object" && v !== null) || typeof v === "function") stack.push(v as object);
  }
  // The walk only while a guest call (or a guest's job) runs: this realm's bind is the kernel's
  // and Node's too, and their binds hold sockets and streams whose graphs pass MAX_BIND_WALK
  // (`spin bench placement` died in net.Socket's bind). Outside a call the top-level checks
  // above still hold, and apply's bound list, the one reader of a nested value at call time,
  // is refused whatever runs (refuseBoundList).
  if (stack.length === 0 || !chargingBuiltinWork()) return;
  const seen = new WeakSet<object>();
  let walked = 0;
  for (let o = stack.pop(); o !== undefined; o = stack.pop()) {
    if (seen.has(o) || types.isProxy(o)) continue;
    seen.add(o);
    const keys = Reflect.ownKeys(o);
    walked += 1 + keys.length;
    if (walked > MAX_BIND_WALK) {
      chargeBuiltinWork(walked * OWN_KEY_FUEL);
      throw new RangeError(
        `Function.prototype.bind: its bound arguments hold more than ${MAX_BIND_WALK} values (each is looked through for kernel.log, which cannot be bound); pass them at the call`,
      );
    }
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(o, key);
      if (d === undefined || !("value" in d)) continue;
      const v: unknown = d.value;
      if (isKernelLog(v)) throw new TypeError(BOUND_LOG);
      if ((typeof v === "object" && v !== null) || typeof v === "function") stack.push(v as object);
    }
    const p = Object.getPrototypeOf(o) as object | null;
    if (p !== null && p !== Object.prototype && p !== Array.prototype && p !== Function.prototype) stack.push(p);
  }
  chargeBuiltinWork(walked * OWN_KEY_FUEL);
}

/** What each bound function calls: its target, receiver and bound arguments (refuseBoundList). */
const boundParts = new WeakMap<object, { target: unknown; receiver: unknown; args: unknown[] }>();

const BOUND_LIST =
  "Function.prototype.bind: a bound function may not reach apply, Reflect.apply or Reflect.construct with its argument list bound, nor bind call or apply to call or apply (the list is read at the call, after bind looked through it for kernel.log); pass the list at the call";

/**
 * A bound argument list (bindapply, red team 18; prelude.js refuseBoundList is the QuickJS
 * placements' rule): apply, Reflect.apply and Reflect.construct read the callables they call
 * from a list at the call, after refuseBoundLog looked through it at the bind (a write after
 * the bind, a getter put kernel.log there). So bind refuses a bound function that reaches one
 * of them with its list bound, worked out as its call would: a bound target unfolds into its
 * own target, receiver and arguments, and call's target is its receiver, called with the first
 * argument as its receiver. call or apply as the receiver of call or apply is refused outright.
 */
function refuseBoundList(target: unknown, args: IArguments): void {
  const call = Function.prototype.call;
  const applyFn = Function.prototype.apply;
  let t = target;
  let r: unknown = args[0];
  let a: unknown[] = Array.prototype.slice.call(args, 1);
  for (let depth = 0; depth <= MAX_BOUND_ARGUMENTS; depth++) {
    const parts = typeof t === "function" ? boundParts.get(t) : undefined;
    if (parts !== undefined) {
      t = parts.target;
      r = parts.receiver;
      a = [...parts.args, ...a];
      continue;
    }
    if ((t === call || t === applyFn) && (r === call || r === applyFn)) throw new TypeError(BOUND_LIST);
    if (t === applyFn && a.length >= 2) throw new TypeError(BOUND_LIST);
    if (t === Reflect.apply && a.length >= 3) throw new TypeError(BOUND_LIST);
    if (t === Reflect.construct && a.length >= 2) throw new TypeError(BOUND_LIST);
    if (t !== call || typeof r !== "function") return;
    t = r;
    r = a[0];
    a = a.slice(1);
  }
}

/**
 * Symbol.prototype.toString (`"Symbol(" + description + ")"`, a copy of the description made in
 * C++), charged by its length and bounded; and Function.prototype.bind, which names what it
 * makes `"bound " + name` (a rope V8 flattens when the name is read: red team 9's
 * symbol-description-copy, and a chain of binds, whose names grow by six characters a bind, is
 * a quadratic copy for linear fuel): the name it made is read (its own data property, which the
 * builtin defines), refused past the string bound and charged by its length. A bind past
 * MAX_BOUND_ARGUMENTS (above) is refused before it is made, and so is a bind of kernel.log
 * (refuseBoundLog, above).
 */
function boundSymbolAndBindNames(): void {
  wrap(Symbol.prototype, "toString", (original) => {
    return {
      toString(this: unknown): unknown {
        const n = symbolTextLength(this);
        refuseLongResult(n, "Symbol.prototype.toString");
        chargeChars(n);
        return Reflect.apply(original, this, []);
      },
    }.toString;
  });
  wrap(Function.prototype, "bind", (original) => {
    return {
      bind(this: unknown): unknown {
        refuseBoundLog(this, arguments);
        refuseBoundList(this, arguments);
        const n = boundArgumentsOf(this) + 1 + (arguments.length > 1 ? arguments.length - 1 : 0);
        if (n > MAX_BOUND_ARGUMENTS)
          throw new RangeError(
            `Function.prototype.bind: a bound function holding ${n} bound arguments (at most ${MAX_BOUND_ARGUMENTS}, its bound targets' counted in and each bind one more: a call copies them all, uncharged); pass them at the call`,
          );
        const bound = Reflect.apply(original, this, arguments) as object;
        boundArguments.set(bound, n);
        boundParts.set(bound, { target: this, receiver: arguments[0], args: Array.prototype.slice.call(arguments, 1) });
        const name = Object.getOwnPropertyDescriptor(bound, "name")?.value as unknown;
        if (typeof name === "string") {
          refuseLongResult(name.length, "Function.prototype.bind");
          chargeChars(name.length);
        }
        return bound;
      },
    }.bind;
  });
}

/** Wrap this realm's string-walking builtins, before lockdown freezes them. */
export function boundStringBuiltins(lengthBound: number = MAX_STRING_LENGTH): void {
  maxStringLength = lengthBound;
  assertLinearRegExpCheckWorks();
  boundStringPrototype();
  boundRegExpPrototype();
  boundGlobalStringFunctions();
  boundErrorToString();
  boundRegExpToString();
  boundObjectToString();
  boundSymbolAndBindNames();
}
