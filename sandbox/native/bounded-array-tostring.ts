/**
 * Array.prototype.toString through the realm's bounded Object.prototype.toString. The language
 * has it call the receiver's `join`, or, when that is not callable, the INTRINSIC
 * Object.prototype.toString, which V8 calls directly in C++: the realm's bounded, charged one
 * (bounded-strings.ts, red team 9's tag-copy-uncharged) was never reached, and an object with no
 * `join` and a 2^19-character Symbol.toStringTag had its tag copied a call, uncharged (red team
 * 10's tag-copy-array-tostring: the deadline ended its loop in native and server). This one takes
 * the same steps (ToObject, `join` read once) and calls the realm's Object.prototype.toString as
 * it is when this runs: after bounded-strings.ts, before lockdown freezes it.
 */
export function boundArrayToString(): void {
  const objectToString = Object.prototype.toString;
  const original = Array.prototype.toString;
  const toObject = Object;
  const bounded = {
    toString(this: unknown): unknown {
      if (this === null || this === undefined)
        throw new TypeError("Array.prototype.toString called on null or undefined");
      const array = toObject(this) as { join?: unknown };
      const join = array.join;
      return Reflect.apply(typeof join === "function" ? join : objectToString, array, []);
    },
  }.toString;
  Object.defineProperty(bounded, "length", { value: original.length });
  Object.defineProperty(Array.prototype, "toString", { value: bounded, writable: true, configurable: true });
}
