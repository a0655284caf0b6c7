// The frame of an extension in the V8 placements (native, server: sandbox/native/), evaluated in
// a SES Compartment of a hardened realm. The extension's CommonJS body (checked as typed, with
// SFI's fuel pass: extensions/sfi/fuel-only.ts) is put in place of __MODULE__, and __BINDINGS__
// becomes a declaration of the Compartment's globals as constants of this function
// (`const { Array, Math, ... } = globalThis;`): a global is otherwise looked up through the
// Compartment's scope on every use, which was measured 300 times slower than a local. The fuel
// counter is a local of the frame, so the check the fuel pass inserts costs a decrement; the host
// refills it per invocation through the function handed to __sfi_native.fuel, which also resets
// the call depth the fuel pass counts (__sfi_depth; past its limit __sfi_deep faults the call). Nothing here is
// reachable by the extension: every name of the frame starts with __sfi (the parameter, the
// counter, the trap), and those names are refused at load.
(function (__sfi_native) {
  "use strict";
  __BINDINGS__;
  // A regex literal whose text SES would refuse is made by the Compartment's RegExp from its text
  // escaped in a string (extensions/sfi/ses-text.ts): kept here, where no binding of the
  // extension's can stand in for it.
  const __sfi_RegExp = RegExp;
  let __sfi_fuel = 0;
  let __sfi_depth = 0;
  let __sfi_overflowed = false;
  const __sfi_nofuel = __sfi_native.nofuel;
  const __sfi_deep = __sfi_native.deep;
  // The refill at a call's start also forgets an overflow of the call before.
  __sfi_native.fuel(function (n) {
    const left = __sfi_fuel;
    __sfi_fuel = n;
    __sfi_depth = 0;
    if (n > 0) __sfi_overflowed = false;
    return left;
  });
  // V8's own stack overflow ends the guest call (extensions/sfi/passes/overflow.ts): every catch
  // block starts with __sfi_caught, every counted frame and every try with a finally hands what
  // passes through to __sfi_unwind, and a finally runs only while __sfi_overflowed is false.
  // The host (__sfi_native.overflow) says whether a value is V8's overflow, without running any
  // of the guest's code, and when it is records the site and empties the fuel; from then on
  // every value is rethrown, so no catch block runs again in the call.
  const __sfi_overflow = __sfi_native.overflow;
  const __sfi_caught = function (e, site) {
    if (__sfi_overflowed || (__sfi_overflowed = __sfi_overflow(e, site))) throw e;
  };
  const __sfi_unwind = function (e, site) {
    if (!__sfi_overflowed) __sfi_overflowed = __sfi_overflow(e, site);
    throw e;
  };
  // Builtin work charged by the realm's wrappers (sandbox/native/builtin-fuel.ts): false, and the
  // fuel spent (every later check throws), when the units are not there.
  __sfi_native.charge(function (n) { if (__sfi_fuel < n) { __sfi_fuel = -1; return false; } __sfi_fuel -= n; return true; });
  // The object of a for-in (extensions/sfi/passes/for-in.ts), after __sfi_idx: the index keys V8
  // makes of arrays and inherited strings before the first iteration, then the other keys of
  // the objects it inherits from, charged before it lists one (sandbox/native/for-in-fuel.ts).
  const __sfi_forinunits = __sfi_native.forInUnits;
  const __sfi_forinkeys = __sfi_native.forInKeyUnits;
  const __sfi_forin = function (v, site) {
    if ((__sfi_fuel -= __sfi_forinunits(v)) < 0) __sfi_nofuel(site);
    if ((__sfi_fuel -= __sfi_forinkeys(v)) < 0) __sfi_nofuel(site);
    return v;
  };
  // Unary plus (extensions/sfi/passes/number-parse.ts): ToNumber reads every character of a
  // string in C++; anything not a number is converted by the host, a string charged by length.
  const __sfi_tonumber = __sfi_native.toNumber;
  const __sfi_num = function (v) {
    return typeof v === "number" ? v : __sfi_tonumber(v);
  };
  // A string made by `+`, `+=` or a template literal (extensions/sfi/passes/strings.ts): longer
  // than the realm's string bound, a RangeError before it is stored anywhere; else charged one
  // unit per __sfi_chars characters (the flatten V8 may do later, in C++, for it). A number
  // passes: V8 folds the typeof away where its feedback says the `+` made one.
  const __sfi_maxstr = __sfi_native.maxString;
  const __sfi_chars = __sfi_native.charsPerFuel;
  const __sfi_long = __sfi_native.long;
  const __sfi_cat = function (v, site) {
    if (typeof v === "string" && v.length >= __sfi_chars) {
      if (v.length > __sfi_maxstr) __sfi_long(v.length, site);
      if ((__sfi_fuel -= (v.length / __sfi_chars) | 0) < 0) __sfi_nofuel(site);
    }
    return v;
  };
  // An object spread (`{ ...v }`) or a for-in over v (extensions/sfi/passes/strings.ts): a
  // string (or String object) is a property a character, an array one an element, listed or
  // copied in C++ with no interrupt check (issue 10's string-spread-hold, red team 11's
  // array-spread-object-uncharged held the thread); charged __sfi_ixf units an index, as
  // Object.keys of a string is, before it runs (sandbox/native/for-in-fuel.ts ownIndexCount).
  // Then an object's (or a function's) other own keys, __sfi_nkf units each, counted once its
  // indices are paid for (namedKeyCount: object-named-keys-spread, -for-in).
  const __sfi_ixn = __sfi_native.indexCount;
  const __sfi_ixf = __sfi_native.indexFuel;
  const __sfi_nkn = __sfi_native.namedKeyCount;
  const __sfi_nkf = __sfi_native.ownKeyFuel;
  const __sfi_idx = function (v, site) {
    if (typeof v === "string") {
      if (v.length > 0 && (__sfi_fuel -= v.length * __sfi_ixf) < 0) __sfi_nofuel(site);
    } else if ((typeof v === "object" && v !== null) || typeof v === "function") {
      const n = __sfi_ixn(v);
      if (n > 0 && (__sfi_fuel -= n * __sfi_ixf) < 0) __sfi_nofuel(site);
      const m = __sfi_nkn(v);
      if (m > 0 && (__sfi_fuel -= m * __sfi_nkf) < 0) __sfi_nofuel(site);
    }
    return v;
  };
  // A pattern's rest, charged as __sfi_idx charges it where it is copied, after the pattern's
  // other elements ran (red team 17, object-rest-default-grows: extensions/sfi/passes/
  // object-rest.ts lateCharge). The key it returns is a symbol no object has (no description:
  // the realm's Symbol charges one as builtin work, and the frame runs before any fuel).
  const __sfi_none = Symbol();
  const __sfi_late = function (v, site) {
    __sfi_idx(v, site);
    return __sfi_none;
  };
  // A throw statement's value and site (extensions/sfi/passes/throws.ts): a fault of a value
  // whose stack the realm did not write is placed at its throw.
  const __sfi_threw = __sfi_native.threw;
  const __sfi_throw = function (v, site) {
    __sfi_threw(v, site);
    return v;
  };
  return function (require, exports) {
    __MODULE__;
  };
})
