/**
 * Fuel for the walks of a Set's or a Map's elements in a hardened realm (realm.ts), the
 * collections' half of bounded-builtins.ts. V8 walks them in C++ or CSA with no interrupt check
 * and no fuel: red team 16's set-spread-held copied a Set of 2^19 numbers 400 times a call
 * (`[...s]`, also `new Set(s)`, `new Map(m)`), one statement after another, until the deadline,
 * not the budget, ended the call; set-entries-endless (`Array.from(s.entries(), s.add, s)`) walked
 * a Set that its own walk grew, forever.
 *
 * So, as an array's (bounded-builtins.ts ITERATOR_METHODS): an iterator of a Set or a Map is
 * charged ITERATOR_STEP_FUEL an element when it is made (values, keys, entries and
 * Symbol.iterator: spread, for-of, Array.from, the Set, Map, WeakSet and WeakMap constructors
 * and Promise.all all get theirs from these), and its `next` is wrapped to charge each step past
 * those (iterator-steps.ts) and to be a JavaScript call a step, where V8 can stop it. Replacing
 * them also turns off V8's fast paths that copy a Set or a Map without calling them (its
 * iteration protectors). `forEach` is charged the same by the size before it runs (its callback,
 * a builtin such as `push`, can be uncharged too).
 */

// biome-ignore-all lint/complexity/noArguments: a wrapper passes its caller's arguments on exactly (count included) without making an array per call.

import { chargeBuiltinWork, ITERATOR_STEP_FUEL } from "./builtin-fuel.js";
import { PrepaidSteps } from "./iterator-steps.js";

/** The functions of Set.prototype and Map.prototype that make an iterator (keys is values in a Set). */
const ITERATOR_MAKERS: readonly PropertyKey[] = ["values", "keys", "entries", Symbol.iterator];

/** Wrap the iterators and forEach of Set and Map in this realm, before lockdown freezes them. */
export function boundCollectionIteration(): void {
  for (const collection of [Set, Map] as (new () => Iterable<unknown>)[]) {
    const proto = collection.prototype as unknown as Record<PropertyKey, unknown>;
    // The intrinsic getter: a guest's `size` (a subclass's) answers nothing here.
    const sizeOf = Object.getOwnPropertyDescriptor(proto, "size")?.get as (this: unknown) => number;
    const iteratorPrototype = Object.getPrototypeOf(new collection()[Symbol.iterator]()) as Record<string, unknown>;
    // values and Symbol.iterator (a Set's keys too) are one function: they stay one.
    const wrapped = new Map<unknown, (...args: unknown[]) => unknown>();
    for (const key of ITERATOR_MAKERS) {
      const original = proto[key] as (...args: unknown[]) => unknown;
      let bounded = wrapped.get(original);
      if (bounded === undefined) {
        const method = typeof key === "string" ? key : "[Symbol.iterator]";
        bounded = {
          [method](this: unknown): unknown {
            // The original first: a receiver that is not a Set (a Map) gets its own TypeError.
            const iterator = Reflect.apply(original, this, arguments) as object;
            PrepaidSteps.charge(iterator, Reflect.apply(sizeOf, this, []));
            return iterator;
          },
        }[method]!;
        Object.defineProperty(bounded, "name", { value: original.name });
        Object.defineProperty(bounded, "length", { value: original.length });
        wrapped.set(original, bounded);
      }
      Object.defineProperty(proto, key, { value: bounded, writable: true, configurable: true });
    }
    const next = iteratorPrototype.next as (this: unknown) => unknown;
    Object.defineProperty(iteratorPrototype, "next", {
      value: {
        next(this: unknown): unknown {
          PrepaidSteps.step(this);
          return Reflect.apply(next, this, []);
        },
      }.next,
      writable: true,
      configurable: true,
    });
    const forEach = proto.forEach as (...args: unknown[]) => unknown;
    const boundedForEach = {
      forEach(this: unknown): unknown {
        let size = 0;
        try {
          size = Reflect.apply(sizeOf, this, []);
        } catch {
          // Not a Set (or not a Map): the original throws its own TypeError.
        }
        chargeBuiltinWork(size * ITERATOR_STEP_FUEL);
        return Reflect.apply(forEach, this, arguments);
      },
    }.forEach;
    Object.defineProperty(boundedForEach, "length", { value: forEach.length });
    Object.defineProperty(proto, "forEach", { value: boundedForEach, writable: true, configurable: true });
  }
}
