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

import {
  boundWalkingBuiltins,
  guestArrayConstructor,
  guestRangeErrorConstructor,
  MAX_GENERIC_LENGTH,
} from "./bounded-builtins.js";
import { boundCollectionIteration } from "./bounded-collections.js";
import { boundJsonBuiltins } from "./bounded-json.js";
import { guestNumberGlobals } from "./number-parse-fuel.js";
import { chargeNumericArguments } from "./numeric-args-fuel.js";
import { guardGuestJobs } from "./guest-jobs.js";
import { boundArrayToString } from "./bounded-array-tostring.js";
import { boundErrorStacks } from "./bounded-stacks.js";
import {
  boundStringBuiltins,
  guestRegExpConstructor,
  guestStringConstructor,
  guestSymbolConstructor,
  MAX_STRING_LENGTH,
} from "./bounded-strings.js";

/** What `ses` adds to the global object. */
interface SesGlobals {
  lockdown(options: Record<string, string>): void;
  /** SES's: freezes an object, and everything reachable from it by own properties and prototypes. */
  harden<T>(value: T): T;
  Compartment: new (options: { __options__: true; globals?: Record<string, unknown> }) => SesCompartment;
}

export interface SesCompartment {
  readonly globalThis: Record<string, unknown>;
  evaluate(source: string): unknown;
}

/**
 * The hardening of this realm, kept on the realm's global object rather than in this module: a
 * realm is locked down once, and a second copy of this module in the same realm (a test runner
 * that loads modules afresh per file in one process, two copies of the package) must find it
 * done rather than harden the frozen intrinsics again.
 */
const HARDENED = Symbol.for("spin-kernel: hardened realm");
const realm = globalThis as unknown as { [HARDENED]?: Promise<SesGlobals> };
let unboundedForTest = false;

/**
 * For the tests of the last backstops only (test/cli/held-thread.test.ts, test/cli/host-abort.test.ts,
 * through SPIN_TEST_UNBOUNDED_BUILTINS=1, read by the simulation worker and a server's): harden
 * without bounded-builtins.ts, so that a walking builtin holds the thread, or aborts the process,
 * as it did before them. Before the first hardenRealm only.
 */
export function leaveBuiltinsUnboundedForTest(): void {
  if (realm[HARDENED] !== undefined) throw new Error("internal: the realm is already hardened");
  unboundedForTest = true;
}

/**
 * The length bound (elements, and characters for the string builtins) of a realm whose heap is
 * a server's (a few MiB, server-vm.ts). A worker that reaches its heap limit gets 16 MiB of
 * leeway from Node to finish the step it is in, then ends with ERR_WORKER_OUT_OF_MEMORY (the
 * designed "server died: heap exhausted"); a single builtin that allocates more than that
 * leeway in C++ is a fatal OOM of the whole process (red team 5: `new Array(2 ** 24).fill(0)`,
 * 128 MiB, exit 134). 2^19 elements x 8 bytes is 4 MiB, twice over for a growing copy: inside
 * the leeway. The simulation worker (where the kernel's own code shares the realm) keeps the
 * full bounds: its heap is the kernel's (512 MiB).
 */
export const SMALL_HEAP_LENGTH_BOUND = 1 << 19;
let smallHeap = false;

/** A server's worker, before the first hardenRealm: bound lengths for its small heap. */
export function boundBuiltinsForSmallHeap(): void {
  if (realm[HARDENED] !== undefined) throw new Error("internal: the realm is already hardened");
  smallHeap = true;
}

/**
 * Lock this realm down, once. Errors keep their stacks (`errorTaming: "unsafe"`: positions in
 * faults come from them), the console is left alone, SES traps no uncaught error (below), and
 * the rest is SES's default.
 */
export function hardenRealm(): Promise<SesGlobals> {
  realm[HARDENED] ??= (async () => {
    await import("ses");
    if (!unboundedForTest) {
      boundWalkingBuiltins(smallHeap ? SMALL_HEAP_LENGTH_BOUND : MAX_GENERIC_LENGTH);
      boundStringBuiltins(smallHeap ? SMALL_HEAP_LENGTH_BOUND : MAX_STRING_LENGTH);
      // After the bounded Object.prototype.toString, which it calls (tag-copy-array-tostring).
      boundArrayToString();
      boundJsonBuiltins();
      boundCollectionIteration();
      // Over the bounded wrappers: they get a numeric argument converted, charged (issue 10).
      chargeNumericArguments();
    }
    // V8's experimental regex engine (linear-regexp.ts: its `l` flag answers whether a regex can
    // run in linear time) adds a `linear` getter to RegExp.prototype, which SES does not know:
    // lockdown would remove it with a warning on the console in every hardened realm. Nothing
    // here reads it (a regex is asked by compiling it with the flag), so it goes first, quietly.
    Reflect.deleteProperty(RegExp.prototype, "linear");
    // The guest's promise jobs run outside its calls, refused there (guest-jobs.ts).
    guardGuestJobs();
    const ses = globalThis as unknown as SesGlobals;
    // The realm's own Error, on which V8 calls prepareStackTrace (lockdown replaces the global).
    const feralError = globalThis.Error;
    ses.lockdown({
      errorTaming: "unsafe",
      stackFiltering: "verbose",
      consoleTaming: "unsafe",
      domainTaming: "unsafe",
      overrideTaming: "moderate",
      // SES would print an uncaught error or an unhandled rejection to the console raw, guest
      // text and all (red team 3's probe: `void Promise.reject("\u001b[2J…")` reached the
      // terminal unescaped): Node's own handling applies instead (the thread's 'error' event,
      // data for its supervisor).
      errorTrapping: "none",
      unhandledRejectionTrapping: "none",
    });
    if (!unboundedForTest) boundErrorStacks(feralError, smallHeap ? SMALL_HEAP_LENGTH_BOUND : MAX_STRING_LENGTH);
    return ses;
  })();
  return realm[HARDENED];
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

/**
 * What an extension's Compartment gets in place of the realm's own globals, made once per realm
 * (after lockdown: they wrap the tamed ones), in this order.
 */
let guestGlobals: Record<string, unknown> | undefined;

function makeGuestGlobals(): Record<string, unknown> {
  return {
    // Number, parseFloat, parseInt, isNaN and isFinite charge a string they parse (number-parse-fuel.ts).
    ...guestNumberGlobals(),
    // RegExp refuses a regex V8's linear engine cannot run (bounded-strings.ts).
    RegExp: guestRegExpConstructor(),
    // Array charges the holes `new Array(n)` fills, and refuses a length past the bound (bounded-builtins.ts).
    Array: guestArrayConstructor(),
    // RangeError records the errors the guest makes: never V8's stack overflow (bounded-builtins.ts).
    RangeError: guestRangeErrorConstructor(),
    // Symbol bounds a description, and String charges writing one out (bounded-strings.ts:
    // symbol-description-copy).
    Symbol: guestSymbolConstructor(),
    String: guestStringConstructor(),
  };
}

/**
 * `value` hardened by SES (frozen, with everything reachable from it by own properties and
 * prototypes), for what the kernel hands a guest after lockdown: its kernel API object and
 * functions. Only after hardenRealm.
 */
export function hardened<T>(value: T): T {
  const harden = (globalThis as unknown as Partial<SesGlobals>).harden;
  if (harden === undefined) throw new Error("internal: hardened before the realm was locked down");
  return harden(value);
}

/** Names that are values, not bindings a function may declare. */
const NOT_BOUND = new Set(["globalThis", "undefined", "NaN", "Infinity"]);

/** A Compartment with `globals` in place of its own, less REMOVED_GLOBALS; and the names to bind as locals. */
export function newCompartment(
  ses: SesGlobals,
  globals: Record<string, unknown>,
): { compartment: SesCompartment; bindings: string } {
  // Everything the kernel makes for a guest's globals after lockdown is hardened, transitively:
  // a function or object of them left extensible is state a guest keeps across runs, and, when
  // made once per realm as guestGlobals are, shared by every extension (red team 17's
  // shared-static-function-state: a counter added to the guest Symbol's `for`).
  ses.harden(globals);
  const compartment = new ses.Compartment({ __options__: true, globals });
  for (const name of REMOVED_GLOBALS) delete compartment.globalThis[name];
  if (!unboundedForTest) {
    guestGlobals ??= ses.harden(makeGuestGlobals());
    for (const name of Object.keys(guestGlobals))
      Object.defineProperty(compartment.globalThis, name, {
        value: guestGlobals[name],
        writable: true,
        configurable: true,
      });
  }
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
