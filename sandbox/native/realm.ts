/**
 * The hardened realm of the V8 placements (docs/PLACEMENTS.md). `ses` (Hardened JavaScript, used
 * by MetaMask and Agoric for third-party plugins) freezes every shared intrinsic of this realm
 * (`lockdown()`), so that code in a Compartment can reach nothing mutable it did not make, and
 * gives each extension a Compartment: a global scope of its own with no ambient authority (no
 * `process`, no `require`, no timers, no `Atomics`), whose globals we choose.
 *
 * Lockdown is for the whole realm and cannot be undone, so it happens only where extensions run
 * in it: the simulation worker of a run with a `native` extension, the worker of a `server`
 * extension, or (a library user running `native` in-thread) the caller's own realm. Measured in
 * docs/PLACEMENTS.md: the kernel, the QuickJS sandbox and the TypeScript compiler all work after
 * it, and a call into a Compartment costs what a call costs.
 */

/** What `ses` adds to the global object. */
interface SesGlobals {
  lockdown(options: Record<string, string>): void;
  Compartment: new (options: { __options__: true; globals?: Record<string, unknown> }) => SesCompartment;
}

export interface SesCompartment {
  readonly globalThis: Record<string, unknown>;
  evaluate(source: string): unknown;
}

let hardened: Promise<SesGlobals> | undefined;

/**
 * Lock this realm down, once. Errors keep their stacks (`errorTaming: "unsafe"`: positions in
 * faults come from them), the console is left alone, and the rest is SES's default.
 */
export function hardenRealm(): Promise<SesGlobals> {
  hardened ??= (async () => {
    await import("ses");
    boundGenericArrayMethods();
    const ses = globalThis as unknown as SesGlobals;
    ses.lockdown({
      errorTaming: "unsafe",
      stackFiltering: "verbose",
      consoleTaming: "unsafe",
      domainTaming: "unsafe",
      overrideTaming: "moderate",
    });
    return ses;
  })();
  return hardened;
}

/**
 * The longest array-like a generic Array method may walk in a hardened realm. Some of V8's
 * generic paths (e.g. `Array.prototype.includes.call({ length: "9007199254740991" }, x)`) loop
 * in C++ with no interrupt check: no fuel counts them, and not even `worker.terminate()` stops
 * them (measured: a simulation worker killed by the watchdog never exited). A real array is
 * bounded by the heap long before this; an array-like claiming more, or whose length is not a
 * number held in a data property, is refused up front.
 */
export const MAX_GENERIC_LENGTH = 1 << 24;

/** Array methods that walk `this.length` in C++ without calling back into JavaScript. */
const WALKING_METHODS = [
  "includes",
  "indexOf",
  "lastIndexOf",
  "fill",
  "join",
  "toString",
  "toLocaleString",
  "copyWithin",
  "reverse",
  "slice",
  "splice",
  "flat",
  "at",
] as const;

/**
 * Wrap each WALKING_METHODS of Array.prototype, before lockdown freezes it, so that a receiver
 * whose length (as the method itself computes it: ToLength) exceeds MAX_GENERIC_LENGTH is
 * refused with a RangeError; what is within runs the original. The kernel's own arrays are far
 * below the bound; the realm is the simulation worker's or a server's, never the CLI's.
 */
function boundGenericArrayMethods(): void {
  const proto = Array.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of WALKING_METHODS) {
    const original = proto[name];
    if (typeof original !== "function") continue;
    const bounded = {
      [name](this: unknown, ...args: unknown[]): unknown {
        if (!Array.isArray(this) && typeof this !== "string") {
          // A data property read once here is the length the method reads next: no getter, no
          // valueOf can answer differently the second time.
          const d =
            this === null || this === undefined ? undefined : Object.getOwnPropertyDescriptor(Object(this), "length");
          if (d === undefined && this !== null && this !== undefined && "length" in Object(this))
            throw new RangeError(`Array.prototype.${name} on an array-like whose length is inherited`);
          const length = d === undefined ? 0 : d.value;
          if (d !== undefined && (!("value" in d) || typeof length !== "number"))
            throw new RangeError(`Array.prototype.${name} on an array-like whose length is not a number`);
          if (length > MAX_GENERIC_LENGTH)
            throw new RangeError(`Array.prototype.${name} on an array-like longer than ${MAX_GENERIC_LENGTH}`);
        }
        return original.apply(this, args);
      },
    }[name]!;
    Object.defineProperty(Array.prototype, name, { value: bounded, writable: true, configurable: true });
  }
}

/**
 * Globals an extension's Compartment does not get: code from strings (`eval`, `Function`, more
 * Compartments), SES's own functions, BigInt (its operators are C calls no fuel counts; the
 * kernel's API is numbers; the verifier refuses the syntax), Proxy, and every kind of
 * ArrayBuffer with its views, and TextEncoder (it makes Uint8Arrays): their backing stores live outside V8's heap, so neither a
 * server's `resourceLimits` nor the kernel's heap limit bounds them (measured: a handler
 * allocating 2 MiB Float64Arrays took 5 GiB of the machine before an allocation failed).
 */
const REMOVED_GLOBALS = [
  "eval",
  "Function",
  "Compartment",
  "lockdown",
  "harden",
  "BigInt",
  "BigInt64Array",
  "BigUint64Array",
  "Proxy",
  "ArrayBuffer",
  "SharedArrayBuffer",
  "DataView",
  "Int8Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "Int16Array",
  "Uint16Array",
  "Int32Array",
  "Uint32Array",
  "Float32Array",
  "Float64Array",
  "Atomics",
  "WebAssembly",
  "TextEncoder",
  "TextDecoder",
] as const;

/** Names that are values, not bindings a function may declare. */
const NOT_BOUND = new Set(["globalThis", "undefined", "NaN", "Infinity"]);

/** A Compartment with `globals` in place of its own, less REMOVED_GLOBALS; and the names to bind as locals. */
export function newCompartment(
  ses: SesGlobals,
  globals: Record<string, unknown>,
): { compartment: SesCompartment; bindings: string } {
  const compartment = new ses.Compartment({ __options__: true, globals });
  for (const name of REMOVED_GLOBALS) delete compartment.globalThis[name];
  const names = Object.getOwnPropertyNames(compartment.globalThis).filter(
    (n) => /^[A-Za-z_$][\w$]*$/.test(n) && !NOT_BOUND.has(n),
  );
  // `undefined`, `NaN` and `Infinity` are not bindings of the global object a frame can
  // destructure, but free names a Compartment would look up through its scope on every use.
  return {
    compartment,
    bindings: `const { ${names.join(", ")} } = globalThis; const undefined = void 0, NaN = 0 / 0, Infinity = 1 / 0`,
  };
}
