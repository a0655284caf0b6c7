/**
 * The steps of a builtin iterator, paid for ahead (bounded-builtins.ts: an array's iterator;
 * bounded-collections.ts: a Set's or a Map's). An iterator is charged ITERATOR_STEP_FUEL for
 * every element its collection holds when it is made, and its wrapped `next` charges each step
 * past those: a collection that grows while it is iterated by builtins alone (red team 16's
 * set-entries-endless, `Array.from(s.entries(), s.add, s)`; `Array.from(a.values(), a.push, a)`
 * alike) was an endless walk that no fuel counted.
 */

import { chargeBuiltinWork, ITERATOR_STEP_FUEL } from "./builtin-fuel.js";

/** A base whose constructor returns the object it is given: a subclass's `super(o)` stamps `o`. */
export class ReturnOverride {
  constructor(o: object) {
    // biome-ignore lint/correctness/noConstructorReturn: the point: the subclass's private field goes on `o`.
    return o;
  }
}

/**
 * The steps left paid for, in a private field stamped on the iterator (no reflection reaches it;
 * as cheap as adding a property: see IteratedArray in bounded-builtins.ts).
 */
export class PrepaidSteps extends ReturnOverride {
  #left: number;
  private constructor(iterator: object, steps: number) {
    super(iterator);
    this.#left = steps;
  }

  /**
   * Stamp `iterator` with `elements` steps paid for (and charge them): one more, free, for the
   * step that answers `done`, so that a walk of a collection that does not grow costs what it
   * cost before steps were counted.
   */
  static charge(iterator: object, elements: number): void {
    chargeBuiltinWork(elements * ITERATOR_STEP_FUEL);
    new PrepaidSteps(iterator, elements + 1);
  }

  /** One step of `iterator` (a wrapped `next`'s receiver): charged when none is left paid for. */
  static step(iterator: unknown): void {
    if (typeof iterator === "object" && iterator !== null && #left in iterator) {
      const it = iterator as PrepaidSteps;
      if (it.#left > 0) {
        it.#left--;
        return;
      }
    }
    chargeBuiltinWork(ITERATOR_STEP_FUEL);
  }
}
