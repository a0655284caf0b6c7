/**
 * Length bounds on the builtins of a hardened realm (realm.ts) that walk a length in C++ or
 * Torque. V8 polls for interrupts in JavaScript (loops, calls), not inside such a walk: a walk
 * over indices that hold nothing runs no guest code, so no fuel counts it, and not even
 * `worker.terminate()` stops it (measured by red team 3: `Array.prototype.forEach.call({ length:
 * 2 ** 53 - 1 }, f)` never calls `f` and held the simulation worker forever; a real array with
 * `length = 2 ** 32 - 1` and one element made `indexOf`, `sort`, `reverse` hold it for minutes;
 * `sort.call({ length: 2 ** 53 - 1 })` made V8 abort the whole process, FatalProcessOutOfMemory).
 *
 * So every such builtin refuses, with a RangeError, a receiver (or source) whose length, as the
 * builtin itself will compute it, exceeds MAX_GENERIC_LENGTH: real arrays too (a sparse array's
 * length costs nothing), array-likes, strings. A dense array cannot approach the bound inside
 * the kernel's heap limit (2^24 elements are 128 MiB of pointers), so nothing the kernel or a
 * well-behaved extension does is refused. Which builtins: every function of Array.prototype but
 * the few that touch O(1) elements (push, pop, at); `flat`/`flatMap`, which walk nested arrays
 * too, and `concat`, which walks its spreadable arguments: their whole walk is bounded; the
 * array iterators (`values`, which is also Symbol.iterator, `keys`, `entries`), checked when one
 * is made: spread syntax, `new Set(a)`, `Promise.all(a)`, `new AggregateError(a)` iterate a
 * sparse array in C++ through them; Array.from's source; String.raw's `raw`; JSON's walks
 * (bounded-json.ts). Found by enumerating every function reachable from a Compartment and calling
 * it with huge array-likes, sparse arrays and huge numbers, each in a process killed when it held
 * (docs/PLACEMENTS.md, "What no meter sees"). Typed arrays are out of the Compartment's reach
 * (realm.ts), and their lengths are their buffers' anyway. An array iterator re-reads the length
 * at each step: its `next` checks it again (boundArrayIteratorSteps).
 *
 * Under the bound each walk is charged as fuel before it runs (builtin-fuel.ts, red team 7's
 * `array-builtin-deadline-clock`: a sort of 2^20 elements was ~100 ms for a few units): the
 * elements it walks, a join a unit an element, a sort without a comparator (or with one not the
 * guest's own: isGuestFunction) n log2 n, a callback not the guest's a unit a call, an array
 * iterator its steps when it is made and each step past them (iterator-steps.ts), Array.from its
 * steps (before, when their number is known; else as it takes them). A Set's and a Map's
 * iterators are charged alike (bounded-collections.ts).
 */

// biome-ignore-all lint/complexity/noArguments: a wrapper passes its caller's arguments on exactly (count included: \`reduce(f)\` and \`reduce(f, undefined)\` differ) without making an array per call.

import { types } from "node:util";
import { namedKeyCount, OWN_KEY_FUEL, ownIndexCount } from "./for-in-fuel.js";
import {
  ARRAY_FROM_STEP_FUEL,
  chargeBuiltinWork,
  chargeChars,
  chargeElements,
  chargingBuiltinWork,
} from "./builtin-fuel.js";
import { stringLengthBound } from "./bounded-strings.js";
import { PrepaidSteps, ReturnOverride } from "./iterator-steps.js";

/** The longest array, array-like or string a walking builtin accepts in a hardened realm. */
export const MAX_GENERIC_LENGTH = 1 << 24;

/**
 * The bound this realm's wrappers apply: MAX_GENERIC_LENGTH, or lower where the realm's heap is
 * small (a server's: boundWalkingBuiltins' argument, from realm.ts).
 */
let maxLength = MAX_GENERIC_LENGTH;

/**
 * How deep a builtin's walk of nested values may go: joins (`join`, `toString`, `toLocaleString`
 * convert each element, an array's through its own join; `String(a)` is toString then join: two
 * per level, so 127 levels), `flat`'s snapshot, and JSON's walks (bounded-json.ts). Red team 4:
 * `String()` of arrays nested 8,141 deep recursed through the builtin and its wrapper with no
 * guest frame (so no depth count) until V8's own stack overflow, at a depth that depends on the
 * frames' tiers; red team 5 did the same with JSON.stringify. Far below that stack, and far above
 * any nesting a table of the kernel's holds. All these walks count in one nesting count, across
 * nested calls on this thread (builtinNesting).
 */
export const MAX_BUILTIN_NESTING = 256;

/** Array.prototype's functions that convert nested arrays through each other. */
const JOINING: ReadonlySet<PropertyKey> = new Set(["join", "toString", "toLocaleString"]);

/**
 * The nested walks under way on this thread (one realm, one thread): joins, flat's copy and JSON's
 * walks (bounded-json.ts) count in ONE counter, across nested calls. A count per builtin, or per
 * call, let guest code multiply it: red team 6's getter at level 250 of a nested array called
 * flat(Infinity) again, each guest frame buying 250 levels of the kernel's recursion, and a few
 * dozen such frames overflowed V8's stack at a point that depends on the frames' tiers. With one
 * count, a guest's whole chain of nested walks is at most MAX_BUILTIN_NESTING levels of the
 * kernel's recursion, refused at the same level every run.
 */
let builtinNesting = 0;

/** Enter one level of a nested walk, or a RangeError past the bound (`what of nested deeper than`). */
export function enterBuiltinNesting(what: string, nested: string): void {
  if (builtinNesting >= MAX_BUILTIN_NESTING)
    throw new RangeError(`${what} of ${nested} nested deeper than ${MAX_BUILTIN_NESTING}`);
  builtinNesting++;
}

/** Leave a level entered by enterBuiltinNesting (in a `finally`). */
export function leaveBuiltinNesting(): void {
  builtinNesting--;
}

/** The nested walks under way on this thread: 0 between guest calls (a pooled worker is checked for it). */
export function builtinNestingDepth(): number {
  return builtinNesting;
}

/** Array.prototype's functions that make an array iterator (Symbol.iterator is `values`). */
const ITERATOR_METHODS: ReadonlySet<PropertyKey> = new Set(["values", "keys", "entries"]);

/**
 * The array (or array-like) an iterator made by those functions iterates, kept in a private field
 * stamped on the iterator: no reflection reaches it, and it costs what adding a property costs
 * (a WeakMap entry per iterator, ephemerons for the collector, doubled the kernel's own native
 * Reclaim, 6.5 → 14.4 µs, its for-of loops making iterators on every event).
 */
class IteratedArray extends ReturnOverride {
  #array: object;
  constructor(iterator: object, array: object) {
    super(iterator);
    this.#array = array;
  }
  static of(iterator: object): object | undefined {
    return #array in iterator ? (iterator as IteratedArray).#array : undefined;
  }
}

/**
 * An array iterator re-reads its array's length at every step, so a length checked when the
 * iterator was made can grow before the walk ends: a getter the walk runs (an element read
 * through a class's accessor) set `length = 2 ** 32 - 1`, and spread, `new Set`, `Promise.all`
 * then stepped through 2^32 holes in Torque, uninterruptible by fuel (the watchdog's kill ended
 * it). The iterators' `next` is wrapped: each step checks the iterated array's length again (a
 * RangeError the step after it grew past the bound) and is a JavaScript call, which V8 can
 * interrupt. The wrapper costs a call a step; V8 already took the iteration protocol's slow path
 * here (its fast path needs Array.prototype[Symbol.iterator] untouched, and it is wrapped above).
 */
function boundArrayIteratorSteps(): void {
  const prototype = Object.getPrototypeOf([][Symbol.iterator]()) as Record<string, unknown>;
  const next = prototype.next as (this: unknown) => unknown;
  Object.defineProperty(prototype, "next", {
    value: {
      next(this: unknown): unknown {
        const a = typeof this === "object" && this !== null ? IteratedArray.of(this) : undefined;
        if (a !== undefined) checkedLength(a, "an array iterator");
        // A step past the elements the iterator was charged for when it was made (its array
        // grew): `Array.from(a.values(), a.push, a)` walked on forever uncharged.
        PrepaidSteps.step(this);
        return Reflect.apply(next, this, []);
      },
    }.next,
    writable: true,
    configurable: true,
  });
}

/**
 * Array.prototype's functions that call their first argument once an element (flatMap's own
 * wrapper is charged alike). A guest function's calls are fuel (an entry a unit), a builtin's are
 * not: red team 16 (issue 10) filtered 2^19 numbers with `Number.isFinite`, n / 4 units for n
 * calls, ~950 ms of a budget's worth under load. So a callback that is not the guest's own
 * (isGuestFunction) is charged a unit an element more, before the walk.
 */
const CALLBACK_METHODS: ReadonlySet<PropertyKey> = new Set([
  "every",
  "some",
  "forEach",
  "map",
  "filter",
  "reduce",
  "reduceRight",
  "find",
  "findIndex",
  "findLast",
  "findLastIndex",
]);

/**
 * The text every function of the extension's starts its body with (extensions/sfi/passes/fuel.ts:
 * its entry's fuel check), looked for in the first GUEST_MARK_WITHIN characters of its source.
 */
const GUEST_MARK = "--__sfi_fuel < 0";
const GUEST_MARK_WITHIN = 512;
const functionToString = Function.prototype.toString;
const FunctionPrototype = Function.prototype;
// The realm's own, before bounded-strings.ts wraps them to charge the guest: this search is ours.
const stringSlice = String.prototype.slice;
const stringIncludes = String.prototype.includes;

/**
 * Whether each call of `f` is fuel of its own: a plain function of the extension's (an arrow, a
 * method, a `function`), whose source text starts its body with the fuel pass's entry check.
 * Only the extension's text holds it: a builtin's source is `[native code]`, a bound function's
 * too, and the realm's own wrappers (this file's, Math's) are code of ours, not instrumented. A
 * generator or async function (its body may not run at the call) or a function whose prototype
 * the guest changed is counted as not the guest's, as is one whose check is past the first
 * GUEST_MARK_WITHIN characters (long parameter defaults): charged as a builtin, never less.
 * V8 answers the source as a slice of the module's text; only its start is searched.
 */
export function isGuestFunction(f: unknown): boolean {
  if (typeof f !== "function" || Object.getPrototypeOf(f) !== FunctionPrototype) return false;
  const source = Reflect.apply(functionToString, f, []) as string;
  const start = Reflect.apply(stringSlice, source, [0, GUEST_MARK_WITHIN]) as string;
  return Reflect.apply(stringIncludes, start, [GUEST_MARK]) === true;
}

/** A walk that calls `callback` once an element: the calls charged when they are no fuel of their own. */
function chargeCallbackCalls(n: number, callback: unknown): void {
  if (n > 0 && !isGuestFunction(callback)) chargeBuiltinWork(n);
}

/** Array.prototype's functions that touch a bounded number of elements whatever the length. */
const O1_METHODS: ReadonlySet<PropertyKey> = new Set(["constructor", "push", "pop", "at"]);

/**
 * The length a walking builtin will compute for `o` (ToLength(o.length)), read here once, or a
 * RangeError when it exceeds the bound or could differ on the builtin's own read (a getter, an
 * inherited or non-number length). `what` names the builtin in the error.
 */
export function checkedLength(o: unknown, what: string): number {
  if (Array.isArray(o)) {
    // A real array's length is its own data property, always a number.
    const n = (o as unknown[]).length;
    if (n > maxLength) throw new RangeError(`${what} on an array longer than ${maxLength}`);
    return n;
  }
  if (o === null || o === undefined) return 0;
  if (typeof o === "string") {
    if (o.length > maxLength) throw new RangeError(`${what} on a string longer than ${maxLength}`);
    return o.length;
  }
  const object = Object(o) as object;
  // A data property read once here is the length the builtin reads next: no getter, no valueOf
  // can answer differently the second time.
  const d = Object.getOwnPropertyDescriptor(object, "length");
  if (d === undefined) {
    if ("length" in object) throw new RangeError(`${what} on an array-like whose length is inherited`);
    return 0;
  }
  if (!("value" in d) || typeof d.value !== "number")
    throw new RangeError(`${what} on an array-like whose length is not a number`);
  if (d.value > maxLength) throw new RangeError(`${what} on an array-like longer than ${maxLength}`);
  return d.value;
}

/**
 * `flat`'s whole walk, done here first: every index of the receiver and of each nested array it
 * will descend into, up to `depth`, at most maxLength in all, read ONCE into a snapshot
 * (holes stay holes) that the builtin then flattens. Checking the arrays and letting the builtin
 * read them again was a time-of-check/time-of-use hole (red team 4): a getter answered `[1]` to
 * the check and a sparse array of length 2^32-1 to the builtin. This walk is JavaScript
 * (interruptible, and no longer than the bound). The snapshot is a plain array: a subclass's
 * species does not make the result (the kernel and its extensions have none). Its levels count
 * in the thread's nesting bound (enterBuiltinNesting).
 */
function flatSnapshot(o: unknown, depth: number, what: string): unknown[] {
  let budget = maxLength;
  // One copy per nested array and remaining depth (an array met again, e.g. `fill(a)`, is not
  // copied again; its walk is counted again, as the builtin walks it again): the snapshot's
  // memory is the distinct arrays', not the walk's.
  const copies = new Map<number, Map<unknown, { readonly copy: unknown[]; readonly cost: number }>>();
  // The copy recurses in JavaScript (and the builtin then in Torque) once a level: each level is
  // one of the thread's nested walks (enterBuiltinNesting), so that `flat(Infinity)` of arrays
  // nested deeper than V8's stack, or a getter in it calling flat again, fails at the same level
  // every run, not at V8's stack limit.
  const copy = (a: unknown, d: number): { readonly copy: unknown[]; readonly cost: number } => {
    const seen = copies.get(d)?.get(a);
    if (seen !== undefined) {
      budget -= seen.cost;
      if (budget < 0) throw new RangeError(`${what} would walk more than ${maxLength} elements`);
      return seen;
    }
    const before = budget;
    const n = checkedLength(a, what);
    budget -= n;
    if (budget < 0) throw new RangeError(`${what} would walk more than ${maxLength} elements`);
    const arrayLike = Object(a) as Record<number, unknown>;
    const out: unknown[] = [];
    out.length = n;
    enterBuiltinNesting(what, "arrays");
    try {
      for (let i = 0; i < n; i++) {
        if (!(i in arrayLike)) continue;
        const e = arrayLike[i];
        out[i] = d >= 1 && Array.isArray(e) ? copy(e, d - 1).copy : e;
      }
    } finally {
      leaveBuiltinNesting();
    }
    const made = { copy: out, cost: before - budget };
    let atDepth = copies.get(d);
    if (atDepth === undefined) copies.set(d, (atDepth = new Map()));
    atDepth.set(a, made);
    return made;
  };
  return copy(o, depth).copy;
}

/** `flat`'s depth argument as the builtin computes it (ToIntegerOrInfinity; undefined is 1). */
function flatDepth(x: unknown): number {
  if (x === undefined) return 1;
  // An object would run a valueOf that the builtin runs again (and may answer differently).
  if (x !== null && (typeof x === "object" || typeof x === "function"))
    throw new RangeError("Array.prototype.flat with a depth that is an object");
  const n = Number(x);
  return Number.isNaN(n) ? 0 : Math.trunc(n);
}

/**
 * Wrap the walking builtins of this realm, before lockdown freezes them. Each wrapper checks
 * and then calls the original with the same `this` and arguments (`Reflect.apply` of
 * `arguments`: no array is made for the call).
 */
export function boundWalkingBuiltins(lengthBound: number = MAX_GENERIC_LENGTH): void {
  maxLength = lengthBound;
  const proto = Array.prototype as unknown as Record<PropertyKey, unknown>;
  // The realm's own join, before it is wrapped: boundedJoin joins the converted strings with it.
  const originalJoin = proto.join as (...args: unknown[]) => unknown;
  // `values` and Symbol.iterator are one function: they stay one.
  const wrapped = new Map<unknown, (...args: unknown[]) => unknown>();
  for (const key of Reflect.ownKeys(Array.prototype)) {
    if (O1_METHODS.has(key)) continue;
    const original = proto[key];
    if (typeof original !== "function") continue;
    const again = wrapped.get(original);
    if (again !== undefined) {
      Object.defineProperty(Array.prototype, key, { value: again, writable: true, configurable: true });
      continue;
    }
    const name = typeof key === "string" ? key : String(key);
    const what = `Array.prototype.${name}`;
    const bounded =
      key === "flat"
        ? {
            flat(this: unknown): unknown {
              if (this === null || this === undefined) return Reflect.apply(original, this, arguments);
              const depth = flatDepth(arguments[0]);
              const snapshot = flatSnapshot(this, depth, what);
              chargeElements(snapshot.length);
              return Reflect.apply(original, snapshot, [depth]);
            },
          }.flat
        : key === "flatMap"
          ? {
              flatMap(this: unknown): unknown {
                // flatMap descends one level into what its callback returns: the callback's
                // arrays are made by guest code (JavaScript, metered) but walked by the builtin,
                // so their lengths are bounded by the wrapped callback below.
                const n = checkedLength(this, what);
                chargeElements(n);
                const f = arguments[0] as unknown;
                chargeCallbackCalls(n, f);
                if (typeof f !== "function") return Reflect.apply(original, this, arguments);
                let budget = maxLength;
                const wrapped = function (this: unknown): unknown {
                  const r = Reflect.apply(f, this, arguments) as unknown;
                  if (Array.isArray(r)) {
                    const n = checkedLength(r, what);
                    chargeElements(n);
                    budget -= n;
                    if (budget < 0) throw new RangeError(`${what} would walk more than ${maxLength} elements`);
                  }
                  return r;
                };
                return Reflect.apply(original, this, [wrapped, arguments[1]]);
              },
            }.flatMap
          : key === "concat"
            ? {
                concat(this: unknown): unknown {
                  // concat walks each spreadable argument as it walks its receiver.
                  let total = checkedLength(this, what);
                  for (let i = 0; i < arguments.length; i++) {
                    const a = arguments[i] as unknown;
                    if (a !== null && typeof a === "object") total += checkedLength(a, what);
                    if (total > maxLength) throw new RangeError(`${what} would walk more than ${maxLength} elements`);
                  }
                  chargeElements(total);
                  return Reflect.apply(original, this, arguments);
                },
              }.concat
            : key === "join" || key === "toLocaleString"
              ? {
                  [name](this: unknown): unknown {
                    const n = checkedLength(this, what);
                    // Each element is converted to a string: a unit each.
                    chargeBuiltinWork(n);
                    enterBuiltinNesting(what, "arrays");
                    try {
                      return boundedJoin(this, n, key === "join", arguments, what, originalJoin);
                    } finally {
                      leaveBuiltinNesting();
                    }
                  },
                }[name]!
              : JOINING.has(key)
                ? {
                    [name](this: unknown): unknown {
                      // Each element is converted to a string: a unit each.
                      chargeBuiltinWork(checkedLength(this, what));
                      // Nested arrays join through these wrappers once a level: a count, so that
                      // a deep nesting fails at the same level every run, not at V8's stack end.
                      enterBuiltinNesting(what, "arrays");
                      try {
                        return Reflect.apply(original, this, arguments);
                      } finally {
                        leaveBuiltinNesting();
                      }
                    },
                  }[name]!
                : ITERATOR_METHODS.has(key)
                  ? {
                      [name](this: unknown): unknown {
                        // The walk it makes possible (for-of, spread, Array.from, new Set), a call of
                        // the wrapped `next` a step, charged up front (and a step past it, by `next`).
                        const n = checkedLength(this, what);
                        const iterator = Reflect.apply(original, this, arguments) as object;
                        PrepaidSteps.charge(iterator, n);
                        new IteratedArray(iterator, Object(this) as object);
                        return iterator;
                      },
                    }[name]!
                  : key === "sort" || key === "toSorted"
                    ? {
                        [name](this: unknown): unknown {
                          // Without a comparator, n log2 n comparisons of the elements as
                          // strings, in C++; with one of the guest's, its calls are fuel of
                          // their own. Red team 16 (sort-builtin-comparator): a builtin
                          // comparator's are not (`sort(Math.atan2)` of 2^19 numbers, ~10 M
                          // calls for n / 4 units, ran to the deadline): charged as no comparator.
                          // toSorted was charged as a linear walk, with or without one.
                          const n = checkedLength(this, what);
                          const comparator = arguments[0] as unknown;
                          if (comparator === undefined || !isGuestFunction(comparator))
                            chargeBuiltinWork(n * Math.ceil(Math.log2(n + 1)));
                          else chargeElements(n);
                          return Reflect.apply(original, this, arguments);
                        },
                      }[name]!
                    : CALLBACK_METHODS.has(key)
                      ? {
                          [name](this: unknown): unknown {
                            const n = checkedLength(this, what);
                            chargeElements(n);
                            chargeCallbackCalls(n, arguments[0]);
                            return Reflect.apply(original, this, arguments);
                          },
                        }[name]!
                      : {
                          [name](this: unknown): unknown {
                            chargeElements(checkedLength(this, what));
                            return Reflect.apply(original, this, arguments);
                          },
                        }[name]!;
    Object.defineProperty(bounded, "length", { value: (original as { length: number }).length });
    wrapped.set(original, bounded);
    Object.defineProperty(Array.prototype, key, { value: bounded, writable: true, configurable: true });
  }
  boundArrayIteratorSteps();
  const from = Array.from;
  Object.defineProperty(Array, "from", {
    value: {
      from(this: unknown, source: unknown): unknown {
        // Its steps are charged before they run when their number is known: an array-like's
        // length, a string's, or the array of an array iterator (whose own steps were charged
        // when it was made). Another iterable's (a Set, a Map, their iterators, a generator)
        // as they are taken, by a map function of its own that charges each call: charged after
        // it returned, a walk that never returns was never charged (red team 16's
        // set-entries-endless, `Array.from(s.entries(), s.add, s)`), and each call is a
        // JavaScript entry, where V8 can stop it.
        const iterated = source !== null && typeof source === "object" ? IteratedArray.of(source) : undefined;
        const known = iterated ?? source;
        const n = checkedLength(known, "Array.from");
        const counted = iterated !== undefined || Array.isArray(known) || typeof known === "string" || n > 0;
        chargeBuiltinWork(n * ARRAY_FROM_STEP_FUEL);
        const mapFn = arguments[1] as unknown;
        // (Anything else whose length is 0: an array-like it walks no element of, or an
        // iterable, which a getter may say it is only on the builtin's own read.)
        if (counted || (mapFn !== undefined && typeof mapFn !== "function"))
          return Reflect.apply(from, this, arguments);
        const thisArg = arguments[2] as unknown;
        const step = (v: unknown, k: number): unknown => {
          chargeBuiltinWork(ARRAY_FROM_STEP_FUEL);
          return mapFn === undefined ? v : Reflect.apply(mapFn as (...a: unknown[]) => unknown, thisArg, [v, k]);
        };
        return Reflect.apply(from, this, [source, step]);
      },
    }.from,
    writable: true,
    configurable: true,
  });
  const raw = String.raw;
  Object.defineProperty(String, "raw", {
    value: {
      raw(this: unknown, template: unknown): unknown {
        // String.raw walks `template.raw` as an array-like: a data property, read once here.
        if (template === null || typeof template !== "object") return Reflect.apply(raw, this, arguments);
        const d = Object.getOwnPropertyDescriptor(template, "raw");
        if (d === undefined ? "raw" in template : !("value" in d))
          throw new RangeError("String.raw on a template whose raw is inherited or a getter");
        const parts = d?.value as unknown;
        if (parts === null || parts === undefined) return Reflect.apply(raw, this, arguments);
        const n = checkedLength(parts, "String.raw");
        // Its walk, a read and a conversion an element (here and again in the builtin), charged
        // a unit an element before it runs, as a join is: 2^19 "" walked 400 times a call had
        // been charged only by the string made (nothing), red team 18's string-raw-walk-held.
        chargeBuiltinWork(n);
        // Red team 8 (string-raw-total-oom): 512 parts of 2^19 characters, each within every
        // bound, made a 2^28-character rope. Each part and substitution is converted once, in
        // the builtin's order, the total bounded by the realm's string bound before anything
        // is joined, and charged; the builtin then joins the converted strings.
        const from = Object(parts) as Record<number, unknown>;
        const bound = stringLengthBound();
        const converted: string[] = [];
        const substitutions: string[] = [];
        let total = 0;
        for (let i = 0; i < n; i++) {
          const part = `${from[i]}`;
          total += part.length;
          if (i + 1 < n && i + 1 < arguments.length) {
            const substitution = `${arguments[i + 1]}`;
            total += substitution.length;
            substitutions.push(substitution);
          }
          if (total > bound) throw new RangeError(`String.raw making a string longer than ${bound}`);
          converted.push(part);
        }
        chargeChars(total);
        return Reflect.apply(raw, this, [{ raw: converted }, ...substitutions]);
      },
    }.raw,
    writable: true,
    configurable: true,
  });
  boundStringIndexWalks();
}

/**
 * Fuel units charged per character of a string whose index properties Object's listing builtins
 * walk. Object.entries of a string makes a [key, character] pair a character in C++ (red team
 * 9's object-entries-hold: ~5.9 s for 2^21 characters under load, ~2.8 us a character), and
 * three calls in one expression have no back-edge where worker.terminate() can act: the thread
 * was held past the backstop (exit 4). At 16 units a character a default budget lets one call
 * walk at most ~62,000 characters (~0.2 s at that rate), and a longer one is stopped by its fuel
 * before it runs.
 */
export const STRING_INDEX_FUEL = 16;

/**
 * Object.keys, values, entries, getOwnPropertyNames, assign, and the properties argument of
 * create and defineProperties charged by the keys they walk: before they run, the indices of a
 * string, a String object or an array (STRING_INDEX_FUEL each: ownIndexCount), then the other
 * own keys (OWN_KEY_FUEL each, sandbox/native/for-in-fuel.ts namedKeyCount, counted once the
 * indices are paid for, symbols too: red team 17), all counted first: a list returned leaves out
 * the keys walked past (non-enumerable ones, symbols), so it is not the count. An
 * object of 200,000 keys was listed ~70 ms a call for one unit, and builtin-object-keys's
 * thousand calls ran to the deadline, not the budget (issue 10, contain15). Only while a guest
 * call runs: the kernel's own calls count nothing.
 */
function boundStringIndexWalks(): void {
  /** The other own keys of `o` (namedKeyCount), charged while a guest call runs. */
  const chargeNamedKeys = (o: unknown): void => {
    if (chargingBuiltinWork()) chargeBuiltinWork(namedKeyCount(o) * OWN_KEY_FUEL);
  };
  for (const key of ["keys", "values", "entries", "getOwnPropertyNames"] as const) {
    const original = Object[key] as (o: unknown) => unknown;
    // getOwnPropertyNames's list is every string key it walked, not the symbols it walked past
    // (red team 17), and Object.keys walks the non-enumerable ones too and lists only the
    // others (red team 14): each counted first (namedKeyCount: every own key), like the rest.
    const bounded = {
      [key](this: unknown, o: unknown): unknown {
        const indices = ownIndexCount(o);
        chargeBuiltinWork(indices * STRING_INDEX_FUEL);
        chargeNamedKeys(o);
        return Reflect.apply(original, this, [o]);
      },
    }[key]!;
    Object.defineProperty(bounded, "length", { value: original.length });
    Object.defineProperty(Object, key, { value: bounded, writable: true, configurable: true });
  }
  const assign = Object.assign;
  const boundedAssign = {
    assign(this: unknown): unknown {
      let n = 0;
      // A string's characters or an array's elements (red team 11: an array of 2^18, ~60 ms).
      for (let i = 1; i < arguments.length; i++) n += ownIndexCount(arguments[i]);
      chargeBuiltinWork(n * STRING_INDEX_FUEL);
      for (let i = 1; i < arguments.length; i++) chargeNamedKeys(arguments[i]);
      return Reflect.apply(assign, this, arguments);
    },
  }.assign;
  Object.defineProperty(boundedAssign, "length", { value: assign.length });
  Object.defineProperty(Object, "assign", { value: boundedAssign, writable: true, configurable: true });
  // Object.create's and defineProperties' properties argument: every own key is listed before
  // the first descriptor is read (red team 11's string-index-walks-uncharged: a String object's
  // indices, ~0.9 us a character, then the TypeError of its first character; an array's alike).
  for (const [key, at] of [
    ["create", 1],
    ["defineProperties", 1],
  ] as const) {
    const original = Object[key] as (...args: unknown[]) => unknown;
    const bounded = {
      [key](this: unknown): unknown {
        chargeBuiltinWork(ownIndexCount(arguments[at]) * STRING_INDEX_FUEL);
        chargeNamedKeys(arguments[at]);
        return Reflect.apply(original, this, arguments);
      },
    }[key]!;
    Object.defineProperty(bounded, "length", { value: original.length });
    Object.defineProperty(Object, key, { value: bounded, writable: true, configurable: true });
  }
  // The other walks of every own key, in C++, that returned (or made) nothing to count them by:
  // freezing, sealing and asking whether an object is either (each goes through every key, an
  // already frozen one too), and listing its symbols (every key is looked at). Red team 14's
  // object-key-walks-unlisted: a thousand Object.isFrozen of a wide frozen object ran to the
  // deadline for a unit each, and the two runs differed.
  for (const key of ["freeze", "seal", "isFrozen", "isSealed", "getOwnPropertySymbols"] as const) {
    const original = Object[key] as (o: unknown) => unknown;
    const bounded = {
      [key](this: unknown, o: unknown): unknown {
        if (chargingBuiltinWork()) chargeBuiltinWork(ownIndexCount(o) * STRING_INDEX_FUEL);
        chargeNamedKeys(o);
        return Reflect.apply(original, this, [o]);
      },
    }[key]!;
    Object.defineProperty(bounded, "length", { value: original.length });
    Object.defineProperty(Object, key, { value: bounded, writable: true, configurable: true });
  }
  boundFromEntries();
}

const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")?.get;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, "size")?.get;

/**
 * Object.fromEntries defines a key an entry in C++ (~2 us a pair measured, red team 14's notes),
 * its entries stepped by an iterator: an array's charged ITERATOR_STEP_FUEL a step when it is
 * made, a Map's or a Set's not at all. Each entry is charged OWN_KEY_FUEL more before the call,
 * as a key an object walk makes, when their number is known without running guest code: an
 * array's length (the most entries it may hold), a Map's or a Set's size (read by the realm's
 * own getters). Any other iterable steps through guest code, charged as guest code.
 */
function boundFromEntries(): void {
  const fromEntries = Object.fromEntries;
  const entriesOf = (v: unknown): number => {
    if (typeof v !== "object" || v === null) return 0;
    if (Array.isArray(v)) return v.length;
    if (types.isMap(v) && mapSize !== undefined) return Reflect.apply(mapSize, v, []) as number;
    if (types.isSet(v) && setSize !== undefined) return Reflect.apply(setSize, v, []) as number;
    return 0;
  };
  const bounded = {
    fromEntries(this: unknown, iterable: unknown): unknown {
      if (chargingBuiltinWork()) chargeBuiltinWork(entriesOf(iterable) * OWN_KEY_FUEL);
      return Reflect.apply(fromEntries, this, [iterable]);
    },
  }.fromEntries;
  Object.defineProperty(bounded, "length", { value: fromEntries.length });
  Object.defineProperty(Object, "fromEntries", { value: bounded, writable: true, configurable: true });
}

/**
 * Array.prototype.join (`separator`: its arguments) or toLocaleString (undefined), its result's
 * length bounded: the builtin converts every element and copies them into one flat string in
 * C++ (red team 8, join-total-oom: 512 elements, each the same 2^19-character string, made a
 * 2^28-character one, 512 MiB in one allocation). Each element is converted once here, in
 * order, as the builtin converts it (`toLocaleString` is the element's own, called with the
 * same arguments), the running length refused past the realm's string bound before anything is
 * joined, and the result charged its length; the builtin then joins the converted strings (a
 * plain array of strings: nothing of the guest's runs again).
 */
function boundedJoin(
  receiver: unknown,
  n: number,
  join: boolean,
  args: IArguments,
  what: string,
  originalJoin: (...args: unknown[]) => unknown,
): unknown {
  // null or undefined: the builtin's TypeError.
  if (receiver === null || receiver === undefined) return Reflect.apply(originalJoin, receiver, []);
  const o = Object(receiver) as Record<number, unknown>;
  const separatorArgument = join ? (args[0] as unknown) : undefined;
  const separator = separatorArgument === undefined ? "," : `${separatorArgument}`;
  const bound = stringLengthBound();
  const parts: string[] = [];
  let total = n > 0 ? (n - 1) * separator.length : 0;
  if (total > bound) throw new RangeError(`${what} making a string longer than ${bound}`);
  for (let i = 0; i < n; i++) {
    const e = o[i];
    let part: string;
    if (e === undefined || e === null) part = "";
    else if (join) part = typeof e === "string" ? e : `${e}`;
    else {
      // Invoke(element, "toLocaleString", the call's own arguments), then ToString.
      const locale = (Object(e) as { toLocaleString?: unknown }).toLocaleString;
      if (typeof locale !== "function") throw new TypeError(`${what}: an element's toLocaleString is not a function`);
      part = `${Reflect.apply(locale as (...a: unknown[]) => unknown, e, args)}`;
    }
    total += part.length;
    if (total > bound) throw new RangeError(`${what} making a string longer than ${bound}`);
    parts.push(part);
  }
  chargeChars(total);
  return Reflect.apply(originalJoin, parts, [separator]);
}

/**
 * The `Array` an extension's Compartment gets (realm.ts): the realm's, charging what a length
 * argument makes it fill. `new Array(2 ** 24)` writes 2^24 holes into a 128 MiB store in C++
 * (~160 ms measured, ~1 s under load with a large heap), for no fuel: after red team 7's fill
 * charge, fill-bound-oom's call spent that before the fill's charge could refuse it, so the
 * deadline or the budget ended it depending on the load. A length past the realm's walking bound
 * is refused (a RangeError, as an invalid length is). Called or constructed (a subclass's
 * `super` too) as the original; its `prototype`, `from`, `of`, `isArray` and species are the
 * original's. One per realm, frozen.
 */
export function guestArrayConstructor(): unknown {
  const Original = Array;
  const guestArray = function (this: unknown): unknown {
    const n = arguments.length === 1 ? (arguments[0] as unknown) : undefined;
    // Past the realm's bound the store is refused before V8 makes it: in a server's small heap a
    // 2^24-element store (128 MiB) is a fatal out-of-memory of the whole process, not a
    // catchable one, when it lands more than ~16 MiB past the heap limit (fill-bound-oom).
    if (typeof n === "number" && n > maxLength && Number.isInteger(n) && n < 2 ** 32)
      throw new RangeError(`new Array(${n}) would make more than ${maxLength} elements`);
    if (typeof n === "number" && n > 0 && n <= maxLength) chargeElements(n);
    return new.target === undefined
      ? Reflect.apply(Original, undefined, arguments)
      : Reflect.construct(Original, arguments, new.target);
  };
  for (const key of Reflect.ownKeys(Original)) {
    if (key === "name" || key === "length" || key === "prototype") continue;
    const d = Object.getOwnPropertyDescriptor(Original, key);
    if (d !== undefined) Object.defineProperty(guestArray, key, d);
  }
  Object.defineProperty(guestArray, "name", { value: "Array" });
  Object.defineProperty(guestArray, "length", { value: 1 });
  Object.defineProperty(guestArray, "prototype", { value: Original.prototype, writable: false });
  return Object.freeze(guestArray);
}

/**
 * Errors the guest made with its `RangeError`: never V8's own stack overflow, whatever their
 * message (native-vm.ts isEngineStackOverflow). A guest that threw `new RangeError("Maximum call
 * stack size exceeded")` was reported as a stack fault: a fault kind of its choosing
 * (fault-kind-forge).
 */
export const guestMadeRangeErrors = new WeakSet<object>();

/**
 * The guest's `RangeError`: the realm's, called, constructed or subclassed, with each error it
 * makes recorded in guestMadeRangeErrors. The made error's prototype is the realm's
 * RangeError.prototype (or the subclass's), as before; the stack V8 captures names this
 * function's frame too, which positions skip (only the extension's file is read).
 */
export function guestRangeErrorConstructor(): unknown {
  const Original = RangeError;
  const guestRangeError = function (this: unknown): unknown {
    const made: object =
      new.target === undefined
        ? Reflect.apply(Original, undefined, arguments)
        : Reflect.construct(Original, arguments, new.target);
    guestMadeRangeErrors.add(made);
    return made;
  };
  for (const key of Reflect.ownKeys(Original)) {
    if (key === "name" || key === "length" || key === "prototype") continue;
    const d = Object.getOwnPropertyDescriptor(Original, key);
    if (d !== undefined) Object.defineProperty(guestRangeError, key, d);
  }
  Object.defineProperty(guestRangeError, "name", { value: "RangeError" });
  Object.defineProperty(guestRangeError, "length", { value: 1 });
  Object.defineProperty(guestRangeError, "prototype", { value: Original.prototype, writable: false });
  Object.setPrototypeOf(guestRangeError, Object.getPrototypeOf(Original));
  return Object.freeze(guestRangeError);
}
