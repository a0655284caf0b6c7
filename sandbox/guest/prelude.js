// Guest-side bootstrap, evaluated as a global script in a fresh context *before* any
// extension code runs. It captures the primordials it needs (so later guest tampering with
// JSON, Promise, Array.prototype... cannot subvert it), installs the deterministic globals,
// and returns the guest half of the sandbox protocol:
//
//   dispatch(callsJSON) -> envelopesJSON   one crossing for 1..n handler calls
//   collect()           -> envelopesJSON   settled values of promises returned by dispatch
//   describe()          -> registryJSON    handler names per event (seals defineExtension)
//   describeThrown(v)   -> envelopeJSON    safe description of a thrown value
//   flushFuel()                            reports fuel spent beyond the reports (an interrupt, async continuations)
//   api                 { defineExtension, kernel, guardResults }  exported by "spin-kernel/extension"
//
// Envelope: {"t":"v","v":<json>} value | {"t":"u"} undefined | {"t":"p","k":slot} pending
// promise | {"t":"n"} never settled | {"t":"x","e":{type,name?,message,stack?}} exception |
// {"t":"f","e":...} a trap of an SFI check (the runtime's error) | {"t":"m"} out of memory | {"t":"s"} stack overflow | {"t":"r","m":msg} invalid result.
//
// Everything here runs inside QuickJS under the invocation's budget: getters, toJSON,
// toString and thenable traps of guest values never run on the host.
//
// What the VM evaluates is this file from its first line of code on, as it is (scripts/embed-guest.mjs,
// at build time), less the lines that are only a tool's directive (// @ts-expect-error, // biome-ignore):
// QuickJS keeps the source of every function (Function.prototype.toString, and the heap it takes),
// so a comment added inside the function is part of what every guest sees and pays for.
(function (boot) {
  "use strict";
  const stringify = JSON.stringify, parse = JSON.parse;
  const apply = Reflect.apply;
  const isArray = Array.isArray;
  const keys = Object.keys, freeze = Object.freeze, create = Object.create, defineProperty = Object.defineProperty, setPrototypeOf = Object.setPrototypeOf;
  const imul = Math.imul;
  const PromiseCtor = Promise;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const strSlice = String.prototype.slice, rawIndexOf = String.prototype.indexOf;
  const arrSplice = Array.prototype.splice, arrSlice = Array.prototype.slice;
  const ObjectProto = Object.prototype, ArrayProto = Array.prototype, F64 = Float64Array;
  const StringCtor = String;
  const ErrorCtor = Error;
  const hostLog = boot.log, hostNow = boot.now, hostFns = boot.fns;
  const MAX = boot.maxResultChars, LOG_MAX = boot.maxLogChars, TEXT_MAX = 2000;
  const cut = (s, n) => (s.length > n ? apply(strSlice, s, [0, n]) : s);

  // ---- deterministic globals -------------------------------------------------------
  let seed = boot.seed >>> 0;
  function random() { // mulberry32
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = imul(t ^ (t >>> 15), t | 1);
    t ^= t + imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  defineProperty(Math, "random", { value: random, writable: false, configurable: false });
  // Date is the simulated clock only. The host's date would differ from run to run, so `new
  // Date()` and `Date()` throw, with a message that says what to use instead (a bare object gave
  // "not a constructor", which taught nothing).
  const DateShim = function DateShim() {
    throw new TypeErrorCtor(
      "new Date() is not available in an extension (the host's date would differ from run to run); use Date.now(), the simulated time in milliseconds",
    );
  };
  DateShim.now = function now() { return hostNow(); };
  // One call, as the frozen object it replaces cost: the boot's ticks carry over into the first
  // handler call, and where an interrupt lands depends on them (its prototype, left as any
  // function's, reaches nothing of the host's).
  freeze(DateShim);
  defineProperty(globalThis, "Date", { value: DateShim, writable: false, configurable: false });
  // @ts-expect-error the library declares eval always there; the guest is given none
  delete globalThis.eval;
  delete globalThis.console;
  // No BigInt: an operator on BigInts is one tick however long it computes in C (the product of
  // two 300,000-bit numbers takes ~0.3 s with no interrupt poll), so no meter sees it, and the
  // extension API has no use for one. This QuickJS has no switch to leave BigInt out (the
  // context's BigInt intrinsic flag is ignored), so every way to make one goes here (the BigInt
  // function, the 64-bit typed arrays, DataView's 64-bit accessors) and the verifier refuses the
  // literals (no-bigint, kept in SFI mode).
  // @ts-expect-error the library declares BigInt always there; the guest is given none
  delete globalThis.BigInt;
  // @ts-expect-error (as above)
  delete globalThis.BigInt64Array;
  // @ts-expect-error (as above)
  delete globalThis.BigUint64Array;
  // @ts-expect-error (as above)
  delete DataView.prototype.getBigInt64;
  // @ts-expect-error (as above)
  delete DataView.prototype.setBigInt64;
  // @ts-expect-error (as above)
  delete DataView.prototype.getBigUint64;
  // @ts-expect-error (as above)
  delete DataView.prototype.setBigUint64;

  // ---- metering of C builtins ------------------------------------------------------
  // QuickJS counts a tick per backward jump or call and polls the interrupt handler every
  // 10,000 ticks, so a builtin implemented in C (sort, join, indexOf, repeat, split...) costs one
  // tick however much it works: 1,000 default sorts of 200,000 numbers are ~2,000 ticks (no poll
  // at all) and hold the host for minutes, past any deadline. Each of these builtins is wrapped
  // here so that its caller pays for the work in ticks, by running an empty loop: before the
  // builtin runs, one tick per element it will touch (n log n for a sort without a comparator,
  // the comparisons of a string search); after it returns, one tick per CHARS_PER_TICK
  // characters of a string it built (so that many calls, each bounded by the memory limit, still
  // add up). The budget and the deadline then see the work. The first FREE ticks of this work
  // in each handler call are free (freeLeft, reset as a handler is entered), so a handler's few
  // small calls keep their exact figures: the allowance is a handler call's, not each builtin
  // call's, since a free size per builtin call let a loop of calls just under it (joins of
  // 260,000 characters, a toString of a long function: red team 18's join-under-free-result,
  // function-source-copy) copy for nothing.
  //
  // The size is computed the way the builtin computes it (ToLength of "length", the internal
  // length of a typed array, ToString of the receiver), and what the guest could answer twice
  // differently is converted here once and passed on converted (the receiver of a string
  // method, a separator, a count); a length the guest computes (a getter, an object with
  // valueOf) is refused with a TypeError, since the builtin would ask again. What metering still
  // misses is the host watchdog's (extensions/loader/supervised-run.ts): a guest call that
  // overruns its deadline is killed and replayed as a timeout.
  const FREE = 4096, BIG = 1 << 24, MAX_LENGTH = 9007199254740991;
  // Copying is much cheaper than a tick of JavaScript (~0.3 ns a character against ~50 ns):
  // a string result pays one tick per 64 characters.
  const CHARS_PER_TICK = 64, COMPARES_PER_TICK = 32;
  const getPrototypeOf = Object.getPrototypeOf, getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor, hasOwn = Object.hasOwn;
  const ObjectCtor = Object, TypeErrorCtor = TypeError, MapCtor = Map, NumberCtor = Number, BooleanCtor = Boolean;
  const BigIntCtor = typeof BigInt === "function" ? BigInt : null, RegExpProto = RegExp.prototype;
  const strConcat = String.prototype.concat;
  // ToString, as the builtins apply it (a Symbol throws a TypeError).
  function toStr(x) { return typeof x === "string" ? x : apply(strConcat, "", [x]); }
  const mapGet = Map.prototype.get, mapSet = Map.prototype.set;
  const namesOf = Object.getOwnPropertyNames;
  // Every own key, names and symbols: the key walks in C go through the symbol keys too (a rest
  // or assign copies them), which getOwnPropertyNames does not list (red team 17,
  // object-symbol-keys-rest and -walks: 2^16 symbol keys walked for nothing). Taken before
  // Reflect.ownKeys is wrapped below: counting charges nothing itself.
  const ownKeysOf = Reflect.ownKeys;
  const symIterator = Symbol.iterator, symSpreadable = Symbol.isConcatSpreadable;
  // Each charge takes its units from the handler call's allowance and burns what it lacks (one
  // test per charge, as the free size's was: ticks move where the polls land).
  let freeLeft = FREE;
  function overdraw() { for (let i = freeLeft; i < 0; i++) {} freeLeft = 0; }
  function charge(units) { if ((freeLeft -= units) < 0) overdraw(); }
  function chargeChars(s) { if (typeof s === "string" && (freeLeft -= s.length / CHARS_PER_TICK) < 0) overdraw(); }
  function isObject(x) { return x !== null && (typeof x === "object" || typeof x === "function"); }
  // ToLength of a primitive (ToNumber throws for a BigInt or a Symbol, as in the builtin).
  function toLength(v) {
    const n = +v;
    if (!(n > 0)) return 0;
    return n >= MAX_LENGTH ? MAX_LENGTH : n - (n % 1);
  }
  // The value the builtin will read for "key" of "obj": a data property, own or inherited. A
  // getter could answer the meter and the builtin differently, so it is refused.
  function stableValue(obj, key, what, label) {
    for (let p = obj; p !== null; p = getPrototypeOf(p)) {
      const d = getOwnPropertyDescriptor(p, key);
      if (d === undefined) continue;
      if (!hasOwn(d, "value")) throw new TypeErrorCtor(what + ": its " + label + " is a getter; the sandbox meters this builtin by it, so it must be a data property");
      return d.value;
    }
    return undefined;
  }
  // LengthOfArrayLike(ToObject(self)), as the builtin computes it; 0 where the builtin throws.
  function arrayLikeLength(self, what) {
    if (self === null || self === undefined) return 0;
    if (isArray(self)) return self.length;
    const v = stableValue(isObject(self) ? self : ObjectCtor(self), "length", what, "length");
    if (isObject(v)) throw new TypeErrorCtor(what + ": its length is an object; the sandbox meters this builtin by the length, so it must be a number or a string");
    try { return toLength(v); } catch (e) { return 0; }
  }
  const typedProto = getPrototypeOf(Uint8Array.prototype);
  // @ts-expect-error a typed array's length is an accessor of its prototype: the descriptor is there
  const typedLengthOf = getOwnPropertyDescriptor(typedProto, "length").get;
  // The internal length of a typed array (no guest code can change it); -1 for anything else.
  function typedLength(x) {
    if (!isObject(x)) return -1;
    // @ts-expect-error typedLengthOf is the accessor read above
    try { return apply(typedLengthOf, x, []); } catch (e) { return -1; }
  }
  // @ts-expect-error RegExp.prototype.source is an accessor: the descriptor is there
  const regexpSourceOf = getOwnPropertyDescriptor(RegExp.prototype, "source").get;
  // A regex is told by its `global` getter, which reads a flag: `source` writes the pattern out
  // anew, escaped, at every read (~10 ns a character), so a test by it cost each string method
  // given a regex of a long pattern a copy of it for nothing (red team 18).
  // @ts-expect-error RegExp.prototype.global is an accessor: the descriptor is there
  const regexpGlobalOf = getOwnPropertyDescriptor(RegExp.prototype, "global").get;
  function isRegExp(x) {
    if (!isObject(x)) return false;
    // @ts-expect-error regexpGlobalOf is the accessor read above
    try { apply(regexpGlobalOf, x, []); return x !== RegExpProto; } catch (e) { return false; }
  }

  // wrap(target, names, prepare): "prepare(self, args, name)" charges for the work the builtin
  // will do and returns the receiver and arguments it gets (converted where the guest could
  // answer twice), or undefined to pass them on as they are. A string result is charged after.
  function wrap(target, names, prepare) {
    if (target === null || target === undefined) return;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const orig = target[name];
      if (typeof orig !== "function") continue;
      const wrapped = {
        [name]() {
          const call = prepare(this, arguments, name);
          const r = call === undefined ? apply(orig, this, arguments) : apply(orig, call[0], call[1]);
          if (typeof r === "string" && (freeLeft -= r.length / CHARS_PER_TICK) < 0) overdraw();
          return r;
        },
      }[name];
      defineProperty(target, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
    }
  }
  function log2(n) { let k = 1; while (n > 1) { n = n / 2; k++; } return k; }
  function argList(args) { const a = []; for (let i = 0; i < args.length; i++) a[i] = args[i]; return a; }
  // Numeric arguments (a position, a count, a radix, a code unit, a typed array's value): the
  // builtin converts each in C for a tick, and a numeric string of 32 KB given there (through
  // array covariance or `unknown`) is read whole at every call (numeric-argument-string: 2^16
  // `charAt`s a call of such a string, ~2 s a call, under the budget). The arguments at the
  // positions of "mask" (bit i: argument i) that are strings or objects are converted here once,
  // as Math's are (parsedNumber: a string charged a tick a character), and passed on converted;
  // numbers and undefined go straight through (undefined keeps its meaning: slice(0, undefined)),
  // a null as the builtin converts it. Which arguments to convert is found with no jump
  // (slowArgs: every call and every conditional jump is a tick in QuickJS, and the pagers call
  // includes at every event): a wrapper's one test of it is its only added tick, if any.
  const SLOW = { __proto__: null, string: 1, object: 1 };
  function slowArgs(args, mask) { return (SLOW[typeof args[0]] | (SLOW[typeof args[1]] << 1) | (SLOW[typeof args[2]] << 2)) & mask; }
  function numericArgs(args, mask) {
    const a = argList(args);
    for (let i = 0; i < 3 && i < a.length; i++) if ((mask >> i) & 1) a[i] = parsedNumber(a[i]);
    return a;
  }
  // The positions by name, for Array.prototype's and %TypedArray%.prototype's methods.
  const ARRAY_NUMBERS = { __proto__: null, at: 1, indexOf: 2, lastIndexOf: 2, includes: 2, fill: 6, copyWithin: 7, slice: 3, splice: 3, toSpliced: 3, with: 1 };
  const TYPED_NUMBERS = { __proto__: null, at: 1, indexOf: 2, lastIndexOf: 2, includes: 2, fill: 7, copyWithin: 7, slice: 3, subarray: 3, with: 3, set: 2 };

  // Arrays and array-likes (call, apply, Reflect: any receiver).
  const arrayLinear = function (self, args, name) {
    const n = isArray(self) ? self.length : arrayLikeLength(self, "Array.prototype." + name);
    // slowArgs, inline: no call, and one test as before when there is nothing to convert.
    const slow = (SLOW[typeof args[0]] | (SLOW[typeof args[1]] << 1) | (SLOW[typeof args[2]] << 2)) & ARRAY_NUMBERS[name];
    if (/** @type {any} */ ((freeLeft -= n) < 0) | slow) {
      if (freeLeft < 0) overdraw();
      if (slow !== 0) return [self, numericArgs(args, slow)];
    }
    return undefined;
  };
  wrap(Array.prototype, ["toLocaleString", "indexOf", "lastIndexOf", "includes", "fill", "reverse", "copyWithin", "slice", "splice", "shift", "unshift", "toReversed", "toSpliced", "with"], arrayLinear);
  // at is O(1): only its index is converted.
  const atOnly = function (self, args, name) {
    const slow = slowArgs(args, name === "at" ? 1 : 3);
    return slow !== 0 ? [self, numericArgs(args, slow)] : undefined;
  };
  wrap(Array.prototype, ["at"], atOnly);
  wrap(Array.prototype, ["join"], function (self, args) {
    charge(arrayLikeLength(self, "Array.prototype.join"));
    const sep = args[0];
    return isObject(sep) ? [self, [toStr(sep)]] : undefined;
  });
  wrap(Array.prototype, ["sort", "toSorted"], function (self, args, name) {
    const n = arrayLikeLength(self, "Array.prototype." + name);
    charge((args[0] === undefined || isMathWrapper(args[0])) && n > FREE ? n * log2(n) : n);
    return undefined;
  });
  // concat spreads its receiver and every argument that is an array or says it is spreadable.
  function spreadLength(x) {
    if (!isObject(x)) return 1;
    if (isArray(x)) return x.length;
    const s = stableValue(x, symSpreadable, "Array.prototype.concat", "[Symbol.isConcatSpreadable]");
    return s === undefined || !s ? 1 : arrayLikeLength(x, "Array.prototype.concat");
  }
  wrap(Array.prototype, ["concat"], function (self, args) {
    let n = spreadLength(isObject(self) || self === null || self === undefined ? self : ObjectCtor(self));
    for (let i = 0; i < args.length; i++) n += spreadLength(args[i]);
    charge(n);
    return undefined;
  });
  // flat: C flattens any depth in one call (an array of 4,096 references to a 4,096-hole array
  // is 16.7M visits). Done here by flatMap (one tick per element of the receiver) with the inner
  // levels flattened in JavaScript.
  const flatMapOrig = Array.prototype.flatMap;
  function flatInto(out, src, depth) {
    const len = arrayLikeLength(src, "Array.prototype.flat");
    for (let i = 0; i < len; i++) {
      if (!(i in src)) continue;
      const e = src[i];
      if (depth > 0 && isArray(e)) flatInto(out, e, depth - 1);
      else out[out.length] = e;
    }
    return out;
  }
  defineProperty(Array.prototype, "flat", {
    value: {
      flat() {
        const d = arguments[0];
        let depth = d === undefined ? 1 : +d;
        if (!(depth > 0)) depth = 0;
        else if (depth !== Infinity) depth = depth - (depth % 1);
        return apply(flatMapOrig, this, [function (e) { return depth > 0 && isArray(e) ? flatInto([], e, depth - 1) : [e]; }]);
      },
    }.flat,
    writable: true, configurable: true, enumerable: false,
  });
  // flatMap: the mapper is called once per element, but the array it returns is copied in C.
  defineProperty(Array.prototype, "flatMap", {
    value: {
      flatMap(mapper) {
        if (typeof mapper !== "function") return apply(flatMapOrig, this, arguments);
        const thisArg = arguments[1];
        return apply(flatMapOrig, this, [function (e, i, o) {
          const r = apply(mapper, thisArg, [e, i, o]);
          if (isArray(r)) charge(r.length);
          return r;
        }]);
      },
    }.flatMap,
    writable: true, configurable: true, enumerable: false,
  });
  // Array.from and %TypedArray%.from: an iterable ticks per element (next() is a call); an
  // array-like is a loop in C over its length.
  const fromArrayLike = function (self, args, name) {
    const items = args[0];
    if (items !== null && items !== undefined) {
      const it = stableValue(isObject(items) ? items : ObjectCtor(items), symIterator, name, "[Symbol.iterator]");
      if (it === undefined || it === null) charge(arrayLikeLength(items, name));
      else if (!isArray(items) && typeof items !== "string" && typedLength(items) < 0) return steppedFrom(self, args);
    }
    return undefined;
  };
  wrap(Array, ["from"], fromArrayLike);
  wrap(getPrototypeOf(Uint8Array), ["from"], fromArrayLike);
  // Array iterators: QuickJS re-reads the array's length at every step, and spread, `new Set`,
  // Array.from and the like step in C with no tick. A getter the step runs (an element read
  // through an accessor of the array's class) can set `length = 2 ** 32 - 1`, and C then stepped
  // through 2^32 holes until the memory limit stopped it, or, on a loaded machine, the watchdog
  // (array-grow-iterated: two runs differed). Only an iterated object whose own class can run
  // code as a step reads it can grow so: not a plain array (the verifier lets no code put an
  // accessor on one, or on Array.prototype). So an iterator of anything else gets its own `next`,
  // which checks the length at each step against BIG (a RangeError the step after it grew past,
  // with the V8 placements' message: sandbox/native/bounded-builtins.ts) and is a call, a tick. A plain
  // array's iterator is QuickJS's own, its steps untouched (charged when made: below).
  // Installed by assignment, not by defineProperty: a call at boot is a tick, and would move
  // where the first interrupt of every run lands (the property keeps its attributes).
  const arrayIteratorNext = getPrototypeOf([][symIterator]()).next;
  function checkedIterator(self, it) {
    defineProperty(it, "next", {
      value: {
        next() {
          const t = typedLength(self);
          if ((t >= 0 ? t : arrayLikeLength(self, "an array iterator")) > BIG) throw new RangeErrorCtor("an array iterator on " + (isArray(self) ? "an array" : "an array-like") + " longer than " + BIG);
          return apply(arrayIteratorNext, this, []);
        },
      }.next,
      writable: true, configurable: true, enumerable: false,
    });
    return it;
  }
  const arrayValues = ArrayProto.values, arrayKeys = ArrayProto.keys, arrayEntries = ArrayProto.entries;
  ArrayProto.values = { values() { const it = apply(arrayValues, this, []); return isArray(this) && getPrototypeOf(this) === ArrayProto ? ((freeLeft -= this.length * 4) < 0 ? plainSteps(it) : it) : checkedIterator(chargeSteps(this), it); } }.values;
  ArrayProto.keys = { keys() { const it = apply(arrayKeys, this, []); return isArray(this) && getPrototypeOf(this) === ArrayProto ? ((freeLeft -= this.length * 4) < 0 ? plainSteps(it) : it) : checkedIterator(chargeSteps(this), it); } }.keys;
  ArrayProto.entries = { entries() { const it = apply(arrayEntries, this, []); return isArray(this) && getPrototypeOf(this) === ArrayProto ? ((freeLeft -= this.length * 4) < 0 ? plainSteps(it) : it) : checkedIterator(chargeSteps(this), it); } }.entries;
  ArrayProto[symIterator] = ArrayProto.values;

  // ---- iteration charged (red team 16, issue 10) ----------------------------------------
  // Array.from of another iterable (a Set, a Map, an iterator) steps it in C: its steps are
  // made calls of a map function of its own, charged four loop iterations each (with the call's
  // own ticks, about what the V8 placements' 12 units are of their larger budget:
  // ARRAY_FROM_STEP_FUEL), so that a walk that never ends is charged as it goes
  // (set-entries-endless), and each is a call, where the interrupt can land.
  function steppedFrom(self, args) {
    const mapFn = args[1], thisArg = args[2];
    if (mapFn !== undefined && typeof mapFn !== "function") return undefined;
    return [self, [args[0], function (v, k) { for (let i = 0; i < 4; i++) {} return mapFn === undefined ? v : apply(mapFn, thisArg, [v, k]); }]];
  }
  // An iterator's steps, charged four ticks an element when it is made, as the V8 placements
  // charge four units (ITERATOR_STEP_FUEL) and a string's iterator is charged here. A plain
  // array's spread copies it in C for one tick, and Array.from, `new Set`, `new Map`,
  // Object.fromEntries step its iterator in C with no tick (array-spread-quickjs: 400 spreads
  // of 2^19 a call ran to the deadline). Typed arrays' iterators are stepped in C alike.
  // (A plain array's length is taken from the allowance in its wrapper: no call while it lasts,
  // as in the pagers' loops.)
  function chargeSteps(self) {
    const t = isArray(self) ? self.length : typedLength(self);
    charge((t >= 0 ? t : arrayLikeLength(self, "an array iterator")) * 4);
    return self;
  }
  function plainSteps(it) { overdraw(); return it; }
  const typedValues = typedProto.values, typedKeys = typedProto.keys, typedEntries = typedProto.entries;
  typedProto.values = { values() { const it = apply(typedValues, this, []); charge(typedLength(this) * 4); return it; } }.values;
  typedProto.keys = { keys() { const it = apply(typedKeys, this, []); charge(typedLength(this) * 4); return it; } }.keys;
  typedProto.entries = { entries() { const it = apply(typedEntries, this, []); charge(typedLength(this) * 4); return it; } }.entries;
  typedProto[symIterator] = typedProto.values;
  // A Set's and a Map's: the same when one is made (by its size, read through the intrinsic
  // getter), and sixteen loop iterations for each step past that size, the collection having
  // grown while it was walked (the step, and the element a builtin added, which no tick saw: a
  // growing collection's steps cost its collector more, and at four the walk below reached the
  // deadline first on a loaded machine): `Array.from(s.entries(), s.add, s)` stepped and grew a
  // Set in C forever (set-entries-endless). So each step is a call of the iterators' wrapped `next`, which
  // counts the iterator's steps. forEach walks in C by the size too. What it needs (the iterators'
  // prototypes, the getters, the counts) is taken at the first iterator made, not at boot: a
  // call at boot would move where the first interrupt of every run lands.
  const SetCtor = Set, SetProto = Set.prototype, MapProto = Map.prototype, WeakMapCtor = WeakMap;
  const setValues = SetProto.values, setEntries = SetProto.entries, setForEach = SetProto.forEach;
  const mapKeys = MapProto.keys, mapValues = MapProto.values, mapEntries = MapProto.entries, mapForEach = MapProto.forEach;
  let stepsLeft = null, setSize = null, mapSize = null;
  function stepsInstalled() {
    if (stepsLeft !== null) return;
    stepsLeft = new WeakMapCtor();
    stepsLeft.get = stepsLeft.get; stepsLeft.set = stepsLeft.set;
    // @ts-expect-error size is an accessor of each prototype: the descriptor is there
    setSize = getOwnPropertyDescriptor(SetProto, "size").get; mapSize = getOwnPropertyDescriptor(MapProto, "size").get;
    const protos = [getPrototypeOf(apply(setValues, new SetCtor(), [])), getPrototypeOf(apply(mapEntries, new MapCtor(), []))];
    for (let i = 0; i < 2; i++) {
      const next = protos[i].next;
      defineProperty(protos[i], "next", {
        value: {
          next() {
            const left = stepsLeft.get(this);
            if (left > 0) stepsLeft.set(this, left - 1);
            else for (let j = 0; j < 16; j++) {}
            return apply(next, this, []);
          },
        }.next,
        writable: true, configurable: true, enumerable: false,
      });
    }
  }
  function collectionIterator(self, make, size) {
    stepsInstalled();
    const it = apply(make, self, []);
    const n = apply(size === 0 ? setSize : mapSize, self, []);
    charge(n * 4);
    stepsLeft.set(it, n + 1);
    return it;
  }
  SetProto.values = { values() { return collectionIterator(this, setValues, 0); } }.values;
  SetProto.keys = SetProto.values;
  SetProto[symIterator] = SetProto.values;
  SetProto.entries = { entries() { return collectionIterator(this, setEntries, 0); } }.entries;
  MapProto.keys = { keys() { return collectionIterator(this, mapKeys, 1); } }.keys;
  MapProto.values = { values() { return collectionIterator(this, mapValues, 1); } }.values;
  MapProto.entries = { entries() { return collectionIterator(this, mapEntries, 1); } }.entries;
  MapProto[symIterator] = MapProto.entries;
  // (A receiver that is not a Set or a Map: the builtin throws its own TypeError.)
  function sizeOf(self, size) { try { return apply(size, self, []); } catch (e) { return 0; } }
  SetProto.forEach = { forEach() { stepsInstalled(); charge(sizeOf(this, setSize) * 4); return apply(setForEach, this, arguments); } }.forEach;
  MapProto.forEach = { forEach() { stepsInstalled(); charge(sizeOf(this, mapSize) * 4); return apply(mapForEach, this, arguments); } }.forEach;
  // ES2025's Set methods copy or walk the receiver's records in C (js_copy_set: ten unions of a
  // Set of 2^18 took 166 ms for no poll, red team 18's set-union-copy): charged four ticks an
  // element of the receiver first, as its iterator is. The argument's records are walked by its
  // own keys() (a Set's is charged as above) or looked up by its has.
  wrap(SetProto, ["union", "intersection", "difference", "symmetricDifference", "isSubsetOf", "isSupersetOf", "isDisjointFrom"], function (self) {
    stepsInstalled();
    charge(sizeOf(self, setSize) * 4);
    return undefined;
  });

  // Typed arrays: the internal length.
  const typedLinear = function (self, args, name) {
    charge(typedLength(self));
    const slow = slowArgs(args, TYPED_NUMBERS[name]);
    return slow !== 0 ? [self, numericArgs(args, slow)] : undefined;
  };
  wrap(typedProto, ["at", "subarray"], atOnly);
  wrap(typedProto, ["toLocaleString", "indexOf", "lastIndexOf", "includes", "fill", "reverse", "copyWithin", "slice", "toReversed", "with"], typedLinear);
  wrap(typedProto, ["join"], function (self, args) {
    charge(typedLength(self));
    const sep = args[0];
    return isObject(sep) ? [self, [toStr(sep)]] : undefined;
  });
  wrap(typedProto, ["sort", "toSorted"], function (self, args) {
    const n = typedLength(self);
    charge((args[0] === undefined || isMathWrapper(args[0])) && n > FREE ? n * log2(n) : n);
    return undefined;
  });
  wrap(typedProto, ["set"], function (self, args) {
    const src = args[0];
    const n = typedLength(src);
    charge(n >= 0 ? n : arrayLikeLength(src, "%TypedArray%.prototype.set"));
    const slow = slowArgs(args, 2);
    return slow !== 0 ? [self, numericArgs(args, slow)] : undefined;
  });

  // Strings: the receiver is converted once (ToString) and the builtin gets the string.
  function stringMethod(cost) {
    return function (self, args, name) {
      if (self === null || self === undefined) return undefined;
      const s = toStr(self);
      const out = cost(s, args, name);
      return [s, out === undefined ? args : out];
    };
  }
  // trimLeft and trimRight are QuickJS's own functions, not trimStart's and trimEnd's (as the
  // language has them), so wrapping those left these copying a long string for a tick (found by
  // test/sandbox/builtins-listed.test.ts, red team 18).
  // normalize decomposes each character (up to 18 of one: U+FDFA in NFKD) and composes them
  // again: NFKC of 29,000 U+FDFA took ~91 ms here, ~46 ticks a character of input, against the
  // 1 a character and 1 per 64 of the result it was charged (red team 9's normalize-deadline-
  // clock: the deadline, not the budget, ended its loop). Charged its worst case, 64 ticks a
  // character, before it runs. (No wrap or constant of its own: the boot's ticks, and so where
  // the first interrupt of a run lands, stay as they were.)
  wrap(String.prototype, ["toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "normalize", "trim", "trimStart", "trimEnd", "trimLeft", "trimRight", "slice", "substring", "substr", "at", "match", "matchAll", "search", "startsWith", "endsWith", "isWellFormed", "toWellFormed"],
    stringMethod(function (s, args, name) { charge(name === "normalize" ? s.length * 64 : s.length); return name === "match" || name === "matchAll" || name === "search" ? compiledPattern(args) : stringNumbers(args, name); }));
  // The numeric arguments of String.prototype's methods (numericArgs, above), by name.
  const STRING_NUMBERS = { __proto__: null, slice: 3, substring: 3, substr: 3, at: 1, startsWith: 2, endsWith: 2, indexOf: 2, lastIndexOf: 2, includes: 2, split: 2, charAt: 1, charCodeAt: 1, codePointAt: 1 };
  function stringNumbers(args, name) {
    const slow = slowArgs(args, STRING_NUMBERS[name]);
    return slow !== 0 ? numericArgs(args, slow) : undefined;
  }
  wrap(String.prototype, ["charAt", "charCodeAt", "codePointAt"], stringMethod(function (s, args, name) { return stringNumbers(args, name); }));
  // A regex's compile, in C at construction (~50-280 ns a character of its pattern, measured; one
  // tick in all: red team 10's regexp-compile-uncharged), charged 8 ticks a character before it,
  // from the first: a loop of small new patterns is compiling too. The pattern and flags are
  // converted once and passed on converted. Installed by assignment: no call at boot.
  const RegExpCtor = RegExp, construct = Reflect.construct, symMatch = Symbol.match, symSpecies = Symbol.species;
  function chargeCompile(source) { for (let i = source.length * 8; i > 0; i--) {} }
  function regexpArgs(pattern, flags) {
    let p = pattern, f = flags;
    // @ts-expect-error regexpSourceOf is the accessor read above
    if (isRegExp(p)) chargeCompile(apply(regexpSourceOf, p, []));
    else if (isObject(p) && p[symMatch]) { p = toStr(p.source); if (f === undefined) f = toStr(pattern.flags); chargeCompile(p); }
    else if (p !== undefined) { p = toStr(p); chargeCompile(p); }
    return [p, f === undefined ? f : toStr(f)];
  }
  // match, matchAll and search make a regex of a pattern that is not an object.
  function compiledPattern(args) {
    if (isObject(args[0]) || args[0] === undefined) return undefined;
    const a = argList(args);
    a[0] = toStr(a[0]);
    chargeCompile(a[0]);
    return a;
  }
  // biome-ignore lint/suspicious/noShadowRestrictedNames: named as the builtin it stands for
  const guestRegExp = function RegExp(pattern, flags) {
    if (new.target === undefined && flags === undefined && isRegExp(pattern) && pattern.constructor === guestRegExp) return pattern;
    const a = regexpArgs(pattern, flags);
    return new.target === undefined ? RegExpCtor(a[0], a[1]) : construct(RegExpCtor, a, new.target);
  };
  guestRegExp.prototype = RegExpProto;
  // Its species is the original's getter (`this`: a subclass's split or matchAll makes the
  // subclass, as before), installed at boot: the constructor is frozen with the others (below).
  // @ts-expect-error RegExp's species is an accessor: the descriptor is there
  defineProperty(guestRegExp, symSpecies, getOwnPropertyDescriptor(RegExpCtor, symSpecies));
  RegExpProto.constructor = guestRegExp;
  // @ts-expect-error the guest's RegExp has the builtin's behaviour, not its legacy statics
  globalThis.RegExp = guestRegExp;
  // `source` and toString write the pattern out anew, escaped, at every call (3,000 reads of a
  // 100,000-character pattern's source took ~2.9 s here, a tick each: found by
  // test/sandbox/builtins-listed.test.ts, red team 18): each is charged a tick a character of
  // what it returns, after. Installed by assignment (the getter by its descriptor's own object).
  const regexpToString = RegExpProto.toString;
  RegExpProto.toString = { toString() { const r = apply(regexpToString, this, []); for (let i = r.length; i > 0; i--) {} return r; } }.toString;
  const sourceDescriptor = getOwnPropertyDescriptor(RegExpProto, "source");
  // @ts-expect-error the descriptor read above has a getter
  sourceDescriptor.get = getOwnPropertyDescriptor({ get source() { const r = apply(regexpSourceOf, this, []); for (let i = r.length; i > 0; i--) {} return r; } }, "source").get;
  // @ts-expect-error (as above)
  defineProperty(RegExpProto, "source", sourceDescriptor);
  const regexpCompile = RegExpProto.compile;
  if (typeof regexpCompile === "function") RegExpProto.compile = { compile(pattern, flags) { return apply(regexpCompile, this, regexpArgs(pattern, flags)); } }.compile;
  // A number parsed from a string: QuickJS reads every character in C (~24 ns each, measured: 12
  // ms for 2^19 digits, one tick: red team 10's number-parse-uncharged). Number (which unary plus
  // calls, sfi-runtime.js), parseFloat, parseInt, isNaN and isFinite convert their argument once,
  // as the language does, and charge a string a tick a character first. Installed by assignment.
  const symToPrimitive = Symbol.toPrimitive, numberConversions = ["valueOf", "toString"];
  const parseFloatFn = parseFloat, parseIntFn = parseInt;
  // biome-ignore lint/suspicious/noGlobalIsNan: the global isNaN, whose conversion it wraps
  const isNaNFn = isNaN;
  // biome-ignore lint/suspicious/noGlobalIsFinite: the global isFinite, whose conversion it wraps
  const isFiniteFn = isFinite;
  function toPrimitiveNumber(v) {
    if (!isObject(v)) return v;
    const exotic = v[symToPrimitive];
    if (exotic !== undefined && exotic !== null) {
      if (typeof exotic !== "function") throw new TypeErrorCtor("Symbol.toPrimitive is not a function");
      const r = apply(exotic, v, ["number"]);
      if (isObject(r)) throw new TypeErrorCtor("Cannot convert object to primitive value");
      return r;
    }
    for (let i = 0; i < 2; i++) {
      const m = v[numberConversions[i]];
      if (typeof m === "function") { const r = apply(m, v, []); if (!isObject(r)) return r; }
    }
    throw new TypeErrorCtor("Cannot convert object to primitive value");
  }
  function chargeNumberText(s) { for (let i = s.length; i > 0; i--) {} return s; }
  function parsedNumber(v) { const p = toPrimitiveNumber(v); return NumberCtor(typeof p === "string" ? chargeNumberText(p) : p); }
  // biome-ignore lint/suspicious/noShadowRestrictedNames: named as the builtin it stands for
  const guestNumber = function Number(value) {
    const n = arguments.length === 0 ? 0 : parsedNumber(value);
    return new.target === undefined ? n : construct(NumberCtor, [n], new.target);
  };
  guestNumber.prototype = NumberCtor.prototype;
  NumberCtor.prototype.constructor = guestNumber;
  guestNumber.MAX_SAFE_INTEGER = NumberCtor.MAX_SAFE_INTEGER; guestNumber.MIN_SAFE_INTEGER = NumberCtor.MIN_SAFE_INTEGER;
  guestNumber.MAX_VALUE = NumberCtor.MAX_VALUE; guestNumber.MIN_VALUE = NumberCtor.MIN_VALUE; guestNumber.EPSILON = NumberCtor.EPSILON;
  guestNumber.NaN = NumberCtor.NaN; guestNumber.POSITIVE_INFINITY = NumberCtor.POSITIVE_INFINITY; guestNumber.NEGATIVE_INFINITY = NumberCtor.NEGATIVE_INFINITY;
  guestNumber.isInteger = NumberCtor.isInteger; guestNumber.isSafeInteger = NumberCtor.isSafeInteger; guestNumber.isFinite = NumberCtor.isFinite; guestNumber.isNaN = NumberCtor.isNaN;
  guestNumber.parseFloat = globalThis.parseFloat = { parseFloat(string) { return parseFloatFn(chargeNumberText(toStr(string))); } }.parseFloat;
  guestNumber.parseInt = globalThis.parseInt = { parseInt(string, radix) { return parseIntFn(chargeNumberText(toStr(string)), radix); } }.parseInt;
  globalThis.isNaN = { isNaN(number) { return isNaNFn(parsedNumber(number)); } }.isNaN;
  globalThis.isFinite = { isFinite(number) { return isFiniteFn(parsedNumber(number)); } }.isFinite;
  // @ts-expect-error the guest's Number: the builtin's behaviour and constants
  globalThis.Number = guestNumber;
  // Object.prototype.toString copies a guest's Symbol.toStringTag into its result in C, and
  // Array.prototype.toString calls it directly when there is no join (one tick a call: red team
  // 10's tag-copy-array-tostring; the ninth's tag-copy-uncharged met the budget at its repeat
  // first). Each charges its result a tick per 64 characters after it. Installed by assignment.
  const objectToString = ObjectProto.toString, arrayToString = ArrayProto.toString;
  ObjectProto.toString = { toString() { const r = apply(objectToString, this, []); for (let i = r.length >> 6; i > 0; i--) {} return r; } }.toString;
  ArrayProto.toString = { toString() { const r = apply(arrayToString, this, []); if (typeof r === "string") for (let i = r.length >> 6; i > 0; i--) {} return r; } }.toString;
  // A search compares up to (n - m + 1) * m characters; a needle the guest computes (an object
  // that is not a RegExp) is charged at the worst case.
  wrap(String.prototype, ["indexOf", "lastIndexOf", "includes", "split", "replace", "replaceAll"], stringMethod(function (s, args, name) {
    const n = s.length, p = args[0];
    let m = 1;
    if (typeof p === "string") m = p.length;
    else if (isRegExp(p)) m = 1;
    else if (isObject(p)) m = n;
    charge(m > n ? n : n * (m > COMPARES_PER_TICK ? (m + COMPARES_PER_TICK - 1) / COMPARES_PER_TICK : 1));
    return stringNumbers(args, name);
  }));
  wrap(String.prototype, ["localeCompare"], stringMethod(function (s, args) {
    const that = toStr(args[0]);
    charge(s.length + that.length);
    const a = argList(args);
    a[0] = that;
    return a;
  }));
  // concat (also what a template literal compiles to): the receiver before, the result after.
  wrap(String.prototype, ["concat"], stringMethod(function (s, args) {
    const a = [];
    for (let i = 0; i < args.length; i++) a[i] = toStr(args[i]);
    charge(s.length);
    return a;
  }));
  // Charged by the result's length, a tick a character, before it is made. Only a result longer
  // than a QuickJS string may be (2^30 - 1 characters) fails at once, as it should, without
  // being charged: one past BIG (2^24) was taken to fail too, but under QuickJS's own memory
  // limit (the VM's + 8 MiB) a Latin-1 string of 17 million characters is made, a character at
  // a time (~1.3 s for 22 million: red team 18's repeat-past-big).
  wrap(String.prototype, ["repeat"], stringMethod(function (s, args) {
    const a = argList(args);
    const c = mathArg(a[0]);
    a[0] = c;
    const u = c > 0 ? s.length * c : 0;
    charge(u > 1073741823 ? 0 : u);
    return a;
  }));
  wrap(String.prototype, ["padStart", "padEnd"], stringMethod(function (s, args) {
    const a = argList(args);
    const c = mathArg(a[0]);
    a[0] = c;
    charge(c > 0 && c <= 1073741823 ? c : 0);
    return a;
  }));
  // String.raw reads and converts every element of its template's raw in C (~10 ns each, a tick
  // for all: red team 18's string-raw-walk-held, 2^19 "" walked 400 times a call): charged by
  // raw's length before it runs, a tick an element, as join is by its receiver's. raw and its
  // length are read as the builtin reads them, data properties (a getter is refused).
  wrap(String, ["fromCharCode", "fromCodePoint", "raw"], function (self, args, name) {
    if (name === "raw") {
      const t = args[0];
      if (t === null || t === undefined) return undefined;
      const raw = stableValue(isObject(t) ? t : ObjectCtor(t), "raw", "String.raw", "raw");
      if (raw !== null && raw !== undefined) charge(arrayLikeLength(raw, "String.raw"));
      return undefined;
    }
    let slow = false;
    for (let i = 0; i < args.length; i++) if (typeof args[i] === "string" || typeof args[i] === "object") slow = true;
    if (!slow) return undefined;
    const a = [];
    for (let i = 0; i < args.length; i++) a[i] = mathArg(args[i]);
    return [self, a];
  });
  // Number.prototype's digits, precision and radix (numericArgs).
  wrap(NumberCtor.prototype, ["toFixed", "toPrecision", "toExponential", "toString"], function (self, args) {
    const slow = slowArgs(args, 1);
    return slow !== 0 ? [self, numericArgs(args, slow)] : undefined;
  });
  // Builders of a string from several guest strings in one C call, charged by what they make
  // (red team 8's audit of the string builders: `name + ": " + message`, `<a name="x">s</a>`).
  wrap(Error.prototype, ["toString"], function () { return undefined; });
  wrap(String.prototype, ["anchor", "big", "blink", "bold", "fixed", "fontcolor", "fontsize", "italics", "link", "small", "strike", "sub", "sup"],
    stringMethod(function (s) { charge(s.length); return undefined; }));
  // A function's text is made anew from its kept source at every toString, a character at a
  // time: charged by its length as every string result is, from the handler call's allowance
  // (red team 18's function-source-copy: ~250,000 characters, under the free size a call had,
  // written out 4,000 times a call for nothing).
  wrap(Function.prototype, ["toString"], function () { return undefined; });

  // A string's iterator: spread, Array.from, `new Set` step it in C, a string a character
  // (~180 ns a character measured, no tick: issue 10's string-spread-hold). Charged four ticks a
  // character before it runs, as the V8 placements charge four units (ITERATOR_STEP_FUEL).
  // Installed by assignment: no call at boot.
  const strIterator = String.prototype[symIterator];
  String.prototype[symIterator] = { [symIterator]() {
    if (this === null || this === undefined) return apply(strIterator, this, []);
    const s = toStr(this);
    charge(s.length * 4);
    return apply(strIterator, s, []);
  } }[symIterator];

  // Symbols: a description is copied wherever the symbol is written out (String(symbol),
  // Symbol.prototype.toString, a method keyed by it, named "[description]"), in C, a tick each
  // (red team 9's symbol-description-copy). A description longer than the V8 placements'
  // MAX_SYMBOL_DESCRIPTION (sandbox/native/bounded-strings.ts: 1,024) is refused when the symbol
  // is made. Installed by assignment: no call at boot, so where the first interrupt lands stays.
  const SymbolOrig = Symbol, symbolForOrig = Symbol.for;
  function symbolDescription(d, what) {
    const s = toStr(d);
    if (s.length > 1024) throw new RangeErrorCtor(what + " with a description of " + s.length + " characters (at most 1024: a symbol's description is copied wherever the symbol is written out)");
    return s;
  }
  const SymbolShim = /** @type {any} */ ({ Symbol(d) { return d === undefined ? SymbolOrig() : SymbolOrig(symbolDescription(d, "Symbol")); } }.Symbol);
  SymbolShim.for = { for(k) { return symbolForOrig(symbolDescription(k, "Symbol.for")); } }.for;
  SymbolShim.keyFor = SymbolOrig.keyFor; SymbolShim.prototype = SymbolOrig.prototype;
  SymbolShim.asyncIterator = SymbolOrig.asyncIterator; SymbolShim.hasInstance = SymbolOrig.hasInstance; SymbolShim.isConcatSpreadable = symSpreadable;
  SymbolShim.iterator = symIterator; SymbolShim.match = SymbolOrig.match; SymbolShim.matchAll = SymbolOrig.matchAll; SymbolShim.replace = SymbolOrig.replace;
  SymbolShim.search = SymbolOrig.search; SymbolShim.species = SymbolOrig.species; SymbolShim.split = SymbolOrig.split;
  SymbolShim.toPrimitive = SymbolOrig.toPrimitive; SymbolShim.toStringTag = SymbolOrig.toStringTag; SymbolShim.unscopables = SymbolOrig.unscopables;
  globalThis.Symbol = SymbolShim;

  // ---- red team 16 (issue 10): buffers' copies, the URI functions, Math's conversions ----
  // Each was one tick however much it did in C, so a loop of them ran to the deadline, not the
  // budget. Installed by assignment (the properties keep their attributes).
  //
  // An ArrayBuffer's slice, transfer, transferToFixedLength and resize (a SharedArrayBuffer's
  // slice and grow) make or zero a store of bytes in C: a 4 MiB slice ~0.3 ms for a tick
  // (arraybuffer-slice-quickjs). Each is charged after it returns a tick per 64 bytes of the
  // buffer it made (a copy's rate, as a string's CHARS_PER_TICK), from the first byte: a loop of
  // small copies adds up too. The length is the buffer's internal one, read through a view
  // (typedLength): no getter of the guest's answers it. A call that fails (past the memory
  // limit) is not charged; one that succeeds did its work within the memory limit.
  const U8 = Uint8Array;
  function chargeByteCount(n) { for (let i = n >> 6; i > 0; i--) {} }
  function chargeBytes(b) { chargeByteCount(typedLength(new U8(b))); }
  // (The library this file is checked against predates resize, transfer and grow.)
  const bufferProto = /** @type {any} */ (ArrayBuffer.prototype), sharedProto = /** @type {any} */ (SharedArrayBuffer.prototype);
  const bufferSlice = bufferProto.slice, bufferTransfer = bufferProto.transfer, bufferTransferFixed = bufferProto.transferToFixedLength, bufferResize = bufferProto.resize;
  const sharedSlice = sharedProto.slice, sharedGrow = sharedProto.grow;
  bufferProto.slice = { slice(start, end) { const r = apply(bufferSlice, this, arguments); chargeBytes(r); return r; } }.slice;
  bufferProto.transfer = { transfer() { const r = apply(bufferTransfer, this, arguments); chargeBytes(r); return r; } }.transfer;
  bufferProto.transferToFixedLength = { transferToFixedLength() { const r = apply(bufferTransferFixed, this, arguments); chargeBytes(r); return r; } }.transferToFixedLength;
  bufferProto.resize = { resize(newLength) { apply(bufferResize, this, arguments); chargeBytes(this); } }.resize;
  sharedProto.slice = { slice(start, end) { const r = apply(sharedSlice, this, arguments); chargeBytes(r); return r; } }.slice;
  sharedProto.grow = { grow(newLength) { apply(sharedGrow, this, arguments); chargeBytes(this); } }.grow;
  // The constructors of the buffers and typed arrays zero or copy their store in C for a tick
  // (typed-array-construct-uncharged: 3,000 `new Float64Array(2 ** 19)` a call, ~400 ms, ran
  // under the deadline with no stop). Each is replaced by a function that constructs the
  // original (Reflect.construct with new.target: a guest's subclass, its prototype, instanceof
  // and `.constructor` are as before; its statics are the original's) and charges the store it
  // made as the buffers' copies above are, a tick per 64 bytes of its internal length from the
  // first byte, after it returns (a length the guest converts is read once, by the builtin); a
  // typed array copied from a typed array, its elements before, as `set` charges them. A view
  // over an existing buffer copies nothing and is charged nothing; a DataView is always one.
  // An iterable's steps are its iterator's charge (above); the loop of an array-like (an object
  // with no iterator) is left uncharged, with its store: it is the exercises' deliberate hold in
  // C that only the deadline and the watchdog stop (builtin-typed-array-from-arraylike,
  // load-time-unmetered, event-time-cap, hold-under-deadline-unmetered). %TypedArray%.from and
  // .of construct through `this`, so through these. Installed by assignment before the statics
  // are frozen below.
  // (byteLength is an accessor of each prototype: the descriptors are there.)
  const byteLengthOf = (/** @type {any} */ p) => /** @type {any} */ (getOwnPropertyDescriptor(p, "byteLength")).get;
  const typedByteLengthOf = byteLengthOf(typedProto), bufferByteLengthOf = byteLengthOf(bufferProto), sharedByteLengthOf = byteLengthOf(sharedProto);
  function isBuffer(x) {
    try { apply(bufferByteLengthOf, x, []); return true; } catch (e) { /* not an ArrayBuffer */ }
    try { apply(sharedByteLengthOf, x, []); return true; } catch (e) { return false; }
  }
  const globals = /** @type {any} */ (globalThis);
  /** @param {any} Orig @param {boolean} typed */
  function chargedConstructor(Orig, typed) {
    const name = Orig.name;
    const ctor = {
      [name]: function () {
        if (new.target === undefined) return apply(Orig, undefined, arguments);
        const a = arguments[0];
        // The numeric arguments (numericArgs): a length, or a view's offset and length.
        let made = !typed || !isObject(a), m = made ? 1 : 0;
        if (!made) {
          const n = typedLength(a);
          if (n >= 0) { charge(n); made = true; } else if (isBuffer(a)) m = 6; else {
            const it = stableValue(a, symIterator, name, "[Symbol.iterator]");
            made = it !== undefined && it !== null;
          }
        }
        const slow = slowArgs(arguments, m);
        const r = construct(Orig, slow !== 0 ? numericArgs(arguments, slow) : arguments, new.target);
        if (made) chargeByteCount(typed ? apply(typedByteLengthOf, r, []) : typedLength(new U8(r)));
        return r;
      },
    }[name];
    const statics = ownKeysOf(Orig);
    for (let i = 0; i < statics.length; i++) {
      const k = statics[i];
      if (k !== "name") defineProperty(ctor, k, /** @type {PropertyDescriptor} */ (getOwnPropertyDescriptor(Orig, k)));
    }
    setPrototypeOf(ctor, getPrototypeOf(Orig));
    Orig.prototype.constructor = ctor;
    globals[name] = ctor;
  }
  const typedNames = ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array"];
  for (let i = 0; i < typedNames.length; i++) if (typeof globals[typedNames[i]] === "function") chargedConstructor(globals[typedNames[i]], true);
  chargedConstructor(ArrayBuffer, false);
  chargedConstructor(SharedArrayBuffer, false);
  // encodeURI, encodeURIComponent, decodeURI, decodeURIComponent, escape and unescape walk their
  // argument and build a string in C (uri-functions-uncharged: 2^18 characters encoded 3,000
  // times a call held the host). The argument is converted once, charged as String.prototype's
  // walks are (a tick a character past the handler call's allowance), and the result as any
  // string a builtin makes.
  const uriFunctions = { __proto__: null, encodeURI: encodeURI, encodeURIComponent: encodeURIComponent, decodeURI: decodeURI, decodeURIComponent: decodeURIComponent, escape: escape, unescape: unescape };
  function uriCall(name, v) { const s = toStr(v); charge(s.length); const r = uriFunctions[name](s); chargeChars(r); return r; }
  globalThis.encodeURI = { encodeURI(uri) { return uriCall("encodeURI", uri); } }.encodeURI;
  globalThis.encodeURIComponent = { encodeURIComponent(component) { return uriCall("encodeURIComponent", component); } }.encodeURIComponent;
  globalThis.decodeURI = { decodeURI(uri) { return uriCall("decodeURI", uri); } }.decodeURI;
  globalThis.decodeURIComponent = { decodeURIComponent(component) { return uriCall("decodeURIComponent", component); } }.decodeURIComponent;
  globalThis.escape = { escape(string) { return uriCall("escape", string); } }.escape;
  globalThis.unescape = { unescape(string) { return uriCall("unescape", string); } }.unescape;
  // Math's functions convert each argument to a number in C: a numeric string of 32 KB is read
  // whole at every call (sort-comparator-tonumber: `Math.atan2` as a sort's comparator over
  // such strings, a comparison a tick). An argument that is not a number is converted once here
  // as Number converts it (a string charged a tick a character) and passed on converted; numbers
  // go straight through. Every function Math has is wrapped, by its own list of names: a list
  // written here missed f16round (ES2025, in this QuickJS), which went on parsing a 2^15-digit
  // string in C 2,000 times a call (red team 18's math-f16round-parse). Two are not: random is
  // the seeded one, above, and sumPrecise converts nothing (it throws on anything but a number)
  // and steps its iterable through that iterable's iterator, charged as any iterator is
  // (test/sandbox/builtins-listed.test.ts checks that nothing else of Math is left as it was).
  const MathObj = Math, mathNames = namesOf(MathObj), MATH_UNWRAPPED = { __proto__: null, random: 1, sumPrecise: 1 };
  // A function of one or two arguments gets them as parameters: a body that names `arguments`
  // makes that object at every call in QuickJS (a sort comparing through `arguments` took half as
  // long again a tick). Only max, min and hypot take any number.
  function mathArg(x) { return typeof x === "number" ? x : parsedNumber(x); }
  function chargedMath(name, f) {
    if (name === "max" || name === "min" || name === "hypot") {
      return { [name]() {
        const n = arguments.length, a = [];
        for (let k = 0; k < n; k++) a[k] = mathArg(arguments[k]);
        return apply(f, MathObj, a);
      } }[name];
    }
    if (f.length === 1) return { [name](x) { return f(typeof x === "number" ? x : parsedNumber(x)); } }[name];
    return { [name](x, y) { return typeof x === "number" && typeof y === "number" ? f(x, y) : f(mathArg(x), mathArg(y)); } }[name];
  }
  // A sort with one of these as its comparator calls it from C, two ticks a comparison for a
  // wrapper's call and the builtin's, each far dearer than a tick of the guest's code (red team
  // 16's sort-builtin-comparator, 2^19 numbers by Math.atan2, came near the deadline within its
  // 100 polls): such a sort is charged as one without a comparator (isMathWrapper), first.
  const mathWrappers = new WeakSet(), weakSetHas = WeakSet.prototype.has, weakSetAdd = WeakSet.prototype.add;
  function isMathWrapper(f) { return apply(weakSetHas, mathWrappers, [f]); }
  for (let i = 0; i < mathNames.length; i++) {
    const f = MathObj[mathNames[i]];
    if (typeof f !== "function" || MATH_UNWRAPPED[mathNames[i]] === 1) continue;
    const w = chargedMath(mathNames[i], f);
    if (w.length !== f.length) defineProperty(w, "length", { value: f.length });
    apply(weakSetAdd, mathWrappers, [w]);
    MathObj[mathNames[i]] = w;
  }

  // apply builds an argument list of up to 65,534 values in C, and the callee (Math.max, push,
  // String.fromCharCode) loops over it: one tick for both.
  wrap(Function.prototype, ["apply"], function (self, args) {
    const list = args[1];
    if (list !== null && list !== undefined) charge(arrayLikeLength(list, "Function.prototype.apply"));
    return undefined;
  });
  if (typeof Reflect === "object" && Reflect !== null) {
    wrap(Reflect, ["apply"], function (self, args) { if (isObject(args[2])) charge(arrayLikeLength(args[2], "Reflect.apply")); return undefined; });
    wrap(Reflect, ["construct"], function (self, args) { if (isObject(args[1])) charge(arrayLikeLength(args[1], "Reflect.construct")); return undefined; });
  }
  // A bound function's call copies its bound arguments in C (js_call_bound_function), a chain of
  // bound targets each level's, for the call's tick: red team 18's bound-args-copy called one
  // binding 24,000 numbers 60,000 times a call, to the deadline. A bind is refused past
  // MAX_BOUND (sandbox/limits.ts MAX_BOUND_ARGUMENTS, the V8 placements' too), its target's
  // counted in and each bind one more. The counts' map is made at the first bind, and bind is
  // installed by assignment: no call at boot.
  const functionBind = Function.prototype.bind, MAX_BOUND = boot.maxBoundArguments;
  const weakMapGet = WeakMapCtor.prototype.get, weakMapSet = WeakMapCtor.prototype.set;
  let boundCounts = null;
  // kernel.log may not be bound (red team 18, issue 10): not as the target, not as the receiver
  // (`kernel.log.call.bind(kernel.log, null)`), not reachable in the bound arguments through
  // objects' own data properties (`kernel.log.apply.bind(kernel.log.apply, kernel.log.call,
  // [kernel.log, [null, "x"]])`, where apply finds it). A bound function is the only callable
  // that calls kernel.log with no frame of the extension's, and used as an iterator's next or
  // return in a for-of or a destructuring, QuickJS places its line at the body's last recorded
  // position, which the guest arranges. The walk reads descriptors (no getter runs), follows a
  // guest-made prototype (an array-like's inherited index), is charged four ticks a value (a key's, as Object.keys's) and stops
  // at MAX_BIND_WALK values (sandbox/limits.ts), refusing the bind. checkedLog is the SFI
  // runtime's kernel.log, which calls this one (guardResults names it).
  const MAX_BIND_WALK = boot.maxBindWalk, FunctionProto = Function.prototype;
  const BOUND_LOG = "kernel.log cannot be bound: call it as kernel.log(...) inside a function of your own";
  let checkedLog = null;
  function isLog(v) { return v === log || (v === checkedLog && v !== null); }
  function refuseBoundLog(target, args) {
    if (isLog(target) || isLog(args[0])) throw new TypeErrorCtor(BOUND_LOG);
    const stack = [];
    let top = 0, walked = 0, seen = null;
    for (let i = 1; i < args.length; i++) {
      const v = args[i];
      if (isLog(v)) throw new TypeErrorCtor(BOUND_LOG);
      if (isObject(v)) stack[top++] = v;
    }
    while (top > 0) {
      const o = stack[--top];
      if (seen === null) seen = new WeakMapCtor();
      if (apply(weakMapGet, seen, [o]) !== undefined) continue;
      apply(weakMapSet, seen, [o, 1]);
      const ks = ownKeysOf(o);
      walked += 1 + ks.length;
      if (walked > MAX_BIND_WALK) { charge(walked * 4); throw new RangeErrorCtor("Function.prototype.bind: its bound arguments hold more than " + MAX_BIND_WALK + " values (each is looked through for kernel.log, which cannot be bound); pass them at the call"); }
      for (let k = 0; k < ks.length; k++) {
        const d = getOwnPropertyDescriptor(o, ks[k]);
        if (d === undefined || !hasOwn(d, "value")) continue;
        const v = d.value;
        if (isLog(v)) throw new TypeErrorCtor(BOUND_LOG);
        if (isObject(v)) stack[top++] = v;
      }
      const p = getPrototypeOf(o);
      if (p !== null && p !== ObjectProto && p !== ArrayProto && p !== FunctionProto) stack[top++] = p;
    }
    charge(walked * 4);
  }
  // A bound argument list (bindapply, red team 18): apply, Reflect.apply and Reflect.construct
  // read the callables they call from a list at the call, after refuseBoundLog looked through
  // it at the bind (a write after the bind, a getter, an inherited index put kernel.log there:
  // `kernel.log.apply.bind(apply, kernel.log.call, list)`, then `list[0] = kernel.log`). So bind
  // refuses a bound function that reaches one of them with its list bound. What a bound
  // function calls is worked out as its call would: a bound target is unfolded into its own
  // target, receiver and arguments (boundParts), and call's target is its receiver, called with
  // the first argument as its receiver. call or apply as the receiver of call or apply is
  // refused outright (`apply.bind(call)`: call's receiver then comes from a list). The guest's
  // apply, Reflect.apply and Reflect.construct are the charging wrappers (above); the originals
  // are compared too.
  const FunctionCall = FunctionProto.call, FunctionApply = FunctionProto.apply;
  const hasReflect = typeof Reflect === "object" && Reflect !== null;
  const ReflectApply = hasReflect ? Reflect.apply : apply, ReflectConstruct = hasReflect ? Reflect.construct : construct;
  const BOUND_LIST = "Function.prototype.bind: a bound function may not reach apply, Reflect.apply or Reflect.construct with its argument list bound, nor bind call or apply to call or apply (the list is read at the call, after bind looked through it for kernel.log); pass the list at the call";
  let boundParts = null;
  function refuseBoundList(target, args) {
    let t = target, r = args[0], a = [];
    for (let i = 1; i < args.length; i++) a[a.length] = args[i];
    for (let depth = 0; depth <= MAX_BOUND; depth++) {
      const parts = boundParts === null || typeof t !== "function" ? undefined : apply(weakMapGet, boundParts, [t]);
      if (parts !== undefined) {
        const joined = [];
        for (let i = 0; i < parts.args.length; i++) joined[joined.length] = parts.args[i];
        for (let i = 0; i < a.length; i++) joined[joined.length] = a[i];
        t = parts.target; r = parts.receiver; a = joined;
        continue;
      }
      if ((t === FunctionCall || t === FunctionApply) && (r === FunctionCall || r === FunctionApply)) throw new TypeErrorCtor(BOUND_LIST);
      if (t === FunctionApply && a.length >= 2) throw new TypeErrorCtor(BOUND_LIST);
      if ((t === ReflectApply || t === apply) && a.length >= 3) throw new TypeErrorCtor(BOUND_LIST);
      if ((t === ReflectConstruct || t === construct) && a.length >= 2) throw new TypeErrorCtor(BOUND_LIST);
      if (t !== FunctionCall || typeof r !== "function") return;
      t = r; r = a[0];
      const rest = [];
      for (let i = 1; i < a.length; i++) rest[rest.length] = a[i];
      a = rest;
    }
  }
  Function.prototype.bind = { bind(thisArg) {
    refuseBoundLog(this, arguments);
    refuseBoundList(this, arguments);
    if (boundCounts === null) boundCounts = new WeakMapCtor();
    const held = typeof this === "function" ? apply(weakMapGet, boundCounts, [this]) : undefined;
    const n = (held === undefined ? 0 : held) + 1 + (arguments.length > 1 ? arguments.length - 1 : 0);
    if (n > MAX_BOUND) throw new RangeErrorCtor("Function.prototype.bind: a bound function holding " + n + " bound arguments (at most " + MAX_BOUND + ", its bound targets' counted in and each bind one more: a call copies them all, uncharged); pass them at the call");
    const r = apply(functionBind, this, arguments);
    apply(weakMapSet, boundCounts, [r, n]);
    if (boundParts === null) boundParts = new WeakMapCtor();
    const held2 = [];
    for (let i = 1; i < arguments.length; i++) held2[held2.length] = arguments[i];
    apply(weakMapSet, boundParts, [r, { target: this, receiver: thisArg, args: held2 }]);
    return r;
  } }.bind;

  // Objects: an object's keys are listed in C (200,000 keys: ~70 ms a call, one tick). Listing
  // functions are charged by the list they return; the others by the keys they go through: four
  // ticks a key, as the V8 placements charge 16 units (issue 10, contain15: at a tick a key,
  // builtin-object-keys's 200,000 keys were ~5 ms of ticks for ~70 ms of C); freeze, seal and
  // their tests a tick a key. Every own key, counted by Reflect.ownKeys (ownKeysOf: the symbol
  // keys too, red team 17): each walk goes through the non-enumerable ones too (red team 15: Object.keys and isFrozen of 2^15 keys
  // made non-enumerable by Object.create were charged none, typed and sfi stopped by the
  // deadline only).
  // getOwnPropertyNames is charged by every own key, the symbols it walks past too (the SFI
  // runtime's spreads and rests count by it: a symbol key a rest copies is charged there).
  for (const name of ["keys", "values", "entries"]) {
    const orig = ObjectCtor[name];
    defineProperty(ObjectCtor, name, {
      value: { [name](o) { const r = apply(orig, ObjectCtor, arguments); charge((isObject(o) ? ownKeysOf(o).length : isArray(r) ? r.length : 0) * 4); return r; } }[name],
      writable: true, configurable: true, enumerable: false,
    });
  }
  defineProperty(ObjectCtor, "getOwnPropertyNames", {
    value: { getOwnPropertyNames(o) { const r = apply(namesOf, ObjectCtor, arguments); charge((isObject(o) ? ownKeysOf(o).length : isArray(r) ? r.length : 0) * 4); return r; } }.getOwnPropertyNames,
    writable: true, configurable: true, enumerable: false,
  });
  // The rate by name, not by a conditional: each is a tick, and the SFI runtime freezes every
  // result it checks (a tick more a call moved where polls land).
  // getOwnPropertySymbols goes through every own key in C to find the symbols (red team 17,
  // object-own-symbols-walk: 2^16 named keys, a thousand calls a call for a tick each). An
  // assign's string source is copied a property a character (red team 17,
  // object-assign-string-source): charged by its length, as an object source by its keys.
  const KEY_TICKS = { __proto__: null, assign: 4, freeze: 1, seal: 1, isFrozen: 1, isSealed: 1, getOwnPropertySymbols: 1 };
  wrap(ObjectCtor, ["assign", "freeze", "seal", "isFrozen", "isSealed", "getOwnPropertySymbols"], function (self, args, name) {
    for (let i = name === "assign" ? 1 : 0; i < args.length; i++) {
      const a = args[i];
      if (isObject(a)) charge(ownKeysOf(a).length * KEY_TICKS[name]);
      else if (typeof a === "string" && name === "assign") charge(a.length * 4);
    }
    return undefined;
  });
  // The properties of Object.create and defineProperties: every own key is listed before the
  // first descriptor is read, a String's (or a string's, made an object) one an index (red team
  // 11's string-index-walks-uncharged). Reflect.ownKeys and getOwnPropertyDescriptors list them
  // too (the verifier refuses both; charged all the same): by the list, as Object.keys is.
  wrap(ObjectCtor, ["create", "defineProperties"], function (self, args) {
    const p = args[1];
    if (typeof p === "string") charge(p.length * 4); else if (isObject(p)) charge(ownKeysOf(p).length * 4);
    return undefined;
  });
  wrap(ObjectCtor, ["getOwnPropertyDescriptors"], function (self, args) {
    const o = args[0];
    if (typeof o === "string") charge(o.length); else if (isObject(o)) charge(ownKeysOf(o).length);
    return undefined;
  });
  if (typeof Reflect === "object" && Reflect !== null) {
    const ownKeys = Reflect.ownKeys;
    defineProperty(Reflect, "ownKeys", {
      value: { ownKeys(o) { const r = apply(ownKeys, Reflect, arguments); if (isArray(r)) charge(r.length); return r; } }.ownKeys,
      writable: true, configurable: true, enumerable: false,
    });
  }

  // JSON.parse: the text, converted once. QuickJS's parser recurses in C per level of nesting,
  // with no stack check that fires before the host's own stack ends (the shadow stack QuickJS
  // measures grows little per level): a text nested 10,000 deep killed the VM with the host's
  // RangeError, 6,000 deep did not, a depth set by the host thread's stack and the WASM code's
  // tier. So a text of more than FREE characters is read here first, outside its strings, and
  // nested deeper than MAX_JSON_NESTING is a RangeError, every run; the read is its charge (a few
  // ticks a character, where burn charged one). A shorter text cannot nest deep enough to
  // matter, and its call costs the ticks it did.
  //
  // What the read looks for, by character (anything else is one lookup and one test); a literal,
  // not a call: a tick at boot would move where the first interrupt of every run lands.
  const JSON_QUOTE = 1, JSON_ESCAPE = 2, JSON_OPEN = 3, JSON_CLOSE = 4;
  const jsonSyntax = { __proto__: null, '"': JSON_QUOTE, "\\": JSON_ESCAPE, "[": JSON_OPEN, "{": JSON_OPEN, "]": JSON_CLOSE, "}": JSON_CLOSE };
  function parseNesting(text) {
    let depth = 0, inString = false;
    for (let i = 0; i < text.length; i++) {
      const k = jsonSyntax[text[i]];
      if (k !== undefined) {
        if (inString) {
          if (k === JSON_ESCAPE) i++;
          else if (k === JSON_QUOTE) inString = false;
        } else if (k === JSON_QUOTE) inString = true;
        else if (k === JSON_OPEN) {
          if (++depth > MAX_JSON_NESTING) throw new RangeErrorCtor("JSON.parse of a text nested deeper than " + MAX_JSON_NESTING);
        } else if (k === JSON_CLOSE && depth > 0) depth--;
      }
    }
  }
  // A call and a test, as charge(length) was: a short text's ticks stay what they were. A short
  // text past the handler call's allowance is read too (its read is its charge).
  function chargeParse(text) { if (text.length > FREE || (freeLeft -= text.length) < 0) { if (freeLeft < 0) freeLeft = 0; parseNesting(text); } }
  // Every own key of an object a JSON walk enters is gone through in C, the non-enumerable ones
  // too, to list the enumerable ones (red team 15's json-hidden-keys-stringify: 2^15 keys made
  // non-enumerable, a thousand stringifies a call for a tick each, typed and sfi stopped by the
  // deadline only): four ticks a key past the allowance, as Object.keys charges its list. A
  // reviver is called with each value after its keys were walked, once: charged then.
  function chargeWalk(v) { if ((freeLeft -= ownKeysOf(v).length * 4) < 0) overdraw(); }
  wrap(JSON, ["parse"], function (self, args) {
    const a = argList(args);
    a[0] = toStr(a[0]);
    chargeParse(a[0]);
    const user = a[1];
    if (typeof user === "function") a[1] = function (k, v) { if (isObject(v) && !isArray(v)) chargeWalk(v); return apply(user, this, [k, v]); };
    return [self, a];
  });
  // JSON.stringify visits every property of what it serialises, also those it leaves out
  // (undefined values, functions): an array of 4,096 references to one object with 4,096 keys
  // is 16.7M visits in one call. A replacer function is called once per visit, so the budget
  // sees every visit (a tick each) and the output is the same: the guest's own replacer is
  // called from it; a property list becomes a replacer that serialises, for each object, a copy
  // of its listed properties in the list's order.
  // A visit costs C far more than a tick of JavaScript (a key string made, a lookup: ~300 ns
  // against ~30 ns): past the first FREE visits of a handler call (reset as it is entered, not
  // at each stringify: red team 18's per-call free sizes), each visit pays VISIT_TICKS more.
  const VISIT_TICKS = 8;
  let visits = 0;
  function visit() { if (++visits > FREE) for (let i = 0; i < VISIT_TICKS; i++) {} }
  // QuickJS checks a value for a cycle by searching the objects the serialiser is inside, in C:
  // O(depth) per level, unmetered, so arrays nested 16,000 deep held the host (red team 5's
  // stringify-depth-clock: the watchdog's kill or the deadline ended the call, whichever came
  // first, so same-seed sfi runs differed). The replacer mirrors the serialiser's nesting (the
  // holder of each visit is the object being serialised, the value it returns the one entered
  // next) and refuses to enter more than MAX_JSON_NESTING levels, as the V8 placements do
  // (sandbox/native/bounded-json.ts): a RangeError at the same depth every run. The extension's
  // own JSON.stringify and the prelude's serialisations of results, logged and thrown values
  // mirror it (jsonStack not null); the definition's keeps the calls, and so the ticks, it had, so
  // where the first interrupt of a run lands stays as it was.
  const MAX_JSON_NESTING = 256, RangeErrorCtor = RangeError;
  let jsonStack = null;
  function enters(holder, v) {
    let n = jsonStack.length;
    while (n > 0 && jsonStack[n - 1] !== holder) n--;
    if (isObject(v) && typeof v !== "function" && !(v instanceof NumberCtor || v instanceof StringCtor || v instanceof BooleanCtor)) {
      if (n >= MAX_JSON_NESTING) throw new RangeErrorCtor("JSON.stringify of a value nested deeper than " + MAX_JSON_NESTING);
      if (!isArray(v)) chargeWalk(v);
      jsonStack[n++] = v;
    }
    jsonStack.length = n;
    return v;
  }
  function passThrough(k, v) { visit(); return v; }
  // Only an object can be entered: a primitive's visit costs what it did.
  /** @this {unknown} */
  function passThroughTracked(k, v) { visit(); return typeof v === "object" && v !== null ? enters(this, v) : v; }
  function propertyList(list) {
    const keys = [];
    const seen = new MapCtor();
    const len = arrayLikeLength(list, "JSON.stringify");
    for (let i = 0; i < len; i++) {
      const v = list[i];
      let item;
      if (typeof v === "string") item = v;
      else if (typeof v === "number") item = toStr(v);
      else if (isObject(v) && (v instanceof StringCtor || v instanceof NumberCtor)) item = toStr(v);
      if (item !== undefined && apply(mapGet, seen, [item]) === undefined) { apply(mapSet, seen, [item, true]); keys[keys.length] = item; }
    }
    return keys;
  }
  // A plain object enumerates integer keys first, ascending: a copy keeps the list's order only
  // if the list already has that shape.
  function copyKeepsOrder(keys) {
    let seenName = false, last = -1;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const n = +k;
      const index = k !== "" && n >= 0 && n < 4294967295 && n % 1 === 0 && toStr(n) === k;
      if (!index) { seenName = true; continue; }
      if (seenName || n < last) return false;
      last = n;
    }
    return true;
  }
  function stringifyJSON(value, replacer, space) {
    if (typeof replacer === "function") {
      const user = replacer;
      return stringify(value, jsonStack === null ? function (k, v) { visit(); return apply(user, this, [k, v]); } : function (k, v) { visit(); const r = apply(user, this, [k, v]); return typeof r === "object" && r !== null ? enters(this, r) : r; }, space);
    }
    if (!isArray(replacer)) return stringify(value, jsonStack === null ? passThrough : passThroughTracked, space);
    const keys = propertyList(replacer);
    if (!copyKeepsOrder(keys)) {
      // Rare (a list naming array indices after other names): serialised by C, charged by the list.
      charge(keys.length * keys.length);
      return stringify(value, keys, space);
    }
    const copies = new MapCtor();
    return stringify(value, function (k, v) {
      visit();
      if (!isObject(v) || typeof v === "function" || isArray(v) || v instanceof NumberCtor || v instanceof StringCtor || v instanceof BooleanCtor || (BigIntCtor !== null && v instanceof BigIntCtor)) return jsonStack === null || !isObject(v) ? v : enters(this, v);
      let c = apply(mapGet, copies, [v]);
      if (c === undefined) {
        c = {};
        for (let i = 0; i < keys.length; i++) defineProperty(c, keys[i], { value: v[keys[i]], writable: true, enumerable: true, configurable: true });
        apply(mapSet, copies, [v, c]);
      }
      return jsonStack === null ? c : enters(this, c);
    }, space);
  }
  // The definition's serialisation, untracked: it runs at boot, when no extension's
  // JSON.stringify is under way (jsonStack is null), and its body is what it was (a try/finally
  // here is ticks too, which moved where the first interrupt of a run lands). The verifier bounds
  // what it can meet: a definition is literals (max-nesting), built by no code at the top level.
  const meteredStringify = {
    stringify(value, replacer, space) {
      const r = replacer === undefined ? stringify(value, passThrough, space) : stringifyJSON(value, replacer, space);
      if (typeof r === "string" && (freeLeft -= r.length / CHARS_PER_TICK) < 0) overdraw();
      return r;
    },
  }.stringify;
  // The extension's JSON.stringify, and the prelude's serialisations of what a handler hands
  // over (its result, a value it logs or throws): tracked, at most MAX_JSON_NESTING deep. Untracked,
  // QuickJS's serialiser recursed in C over a result nested 100,000 deep, with no stack check that
  // fires before the host's own stack ends (the shadow stack QuickJS measures grows little per
  // level): the host's RangeError killed the VM at a depth set by the host thread's stack and the
  // WASM code's tier, or, in a 4 MiB worker stack, the O(depth) cycle search per level held the
  // host until the watchdog (result-deep-nesting). The V8 placements refuse at the same depth
  // (sandbox/native/bounded-json.ts), so every placement stops it alike.
  // Writing JSON is more than a copy (each character checked for an escape): 12 references to
  // a 2^15-character string, 393,000 characters, took ~1.8 ms a call here, a tick per ~15
  // characters; at 64 a tick, 400 calls ran into the deadline in sfi (red team 9's
  // stringify-uncharged). A text past the allowance pays a tick per 16 (a
  // literal: a constant's initialisation is boot ticks, which move the first interrupt).
  const guestStringify = {
    stringify(value, replacer, space) {
      const outer = jsonStack;
      jsonStack = [];
      let r;
      try { r = replacer === undefined ? stringify(value, passThroughTracked, space) : stringifyJSON(value, replacer, space); }
      finally { jsonStack = outer; }
      if (typeof r === "string" && (freeLeft -= r.length / 16) < 0) overdraw();
      return r;
    },
  }.stringify;
  defineProperty(JSON, "stringify", { value: guestStringify, writable: true, configurable: true, enumerable: false });

  function render(v) {
    if (typeof v === "string") return v;
    try { const s = guestStringify(v); return s === undefined ? StringCtor(v) : s; }
    catch (e) { try { return StringCtor(v); } catch (e2) { return "<unprintable>"; } }
  }
  // Where each kept line was written: the call stack, as QuickJS writes it, for the lines the
  // host will keep (the first LOG_ENTRIES); the host reads the positions in the extension's file.
  const LOG_ENTRIES = boot.maxLogEntries;
  let logsPlaced = 0;
  function callStack() {
    if (logsPlaced >= LOG_ENTRIES) return "";
    logsPlaced++;
    try { const st = new ErrorCtor().stack; return typeof st !== "string" ? "" : st.length <= TEXT_MAX ? st : frameEnds(st); }
    catch (e) { return ""; }
  }
  // A stack past the cut keeps each frame line's head and its end, where its position is: a
  // function named by a long string (the guest's) pushed the extension's frames past a cut of
  // the whole stack, and its log line had no position (red team 15).
  const FRAME_TAIL = boot.frameTail;
  function frameEnds(st) {
    chargeChars(st);
    let out = "", from = 0;
    while (from < st.length && out.length < TEXT_MAX) {
      let end = apply(rawIndexOf, st, ["\n", from]);
      if (end < 0) end = st.length;
      out += (end - from > FRAME_TAIL + 10 ? apply(strSlice, st, [from, from + 7]) + "..." + apply(strSlice, st, [end - FRAME_TAIL, end]) : apply(strSlice, st, [from, end])) + "\n";
      from = end + 1;
    }
    return out;
  }
  // kernel.log's receiver (red team 18, issue 10): a call of it is a call as the kernel object's
  // member (`kernel.log(...)`), as console's, or as a plain function (`const log = kernel.log;
  // log(...)`, a callback of forEach: undefined; `call(null, ...)`). (The API module's `log`
  // export is not in the typed API, and sfi refuses a namespace import.) Any other receiver
  // is the engine calling it as a method of a value the guest made, with no call of the
  // extension's where the line is written: a coercion's toString, valueOf or Symbol.toPrimitive
  // (a template, an operator, an element access's key, `new`, `++`), a toJSON, a thenable's
  // then, an iterator's next; refused, so no line is written at a place that is no call. And
  // none while the kernel itself runs the guest's code with no call of the extension's behind
  // it (kernelWriting: the manifest, a result's encoding, a fault's description), where a bound
  // kernel.log, which keeps its own receiver, would write a line no frame of the extension's places.
  let kernelWriting = 0;
  /** @this {unknown} */
  function log() {
    if (this !== undefined && this !== null && this !== kernel && this !== consoleObject)
      throw new TypeError("kernel.log must be called, as kernel.log(message) or log(message): here the engine called it as a method of another value (a toString, valueOf, Symbol.toPrimitive, toJSON, then or next), where no call of the extension's is");
    if (kernelWriting > 0)
      throw new TypeError("kernel.log cannot be called while the kernel encodes a result, describes a fault or reads the extension's definition: no call of the extension's is there");
    let s = "";
    for (let i = 0; i < arguments.length; i++) {
      s += (i ? " " : "") + render(arguments[i]);
      if (s.length > LOG_MAX) break;
    }
    hostLog(cut(s, LOG_MAX + 1), callStack());
  }
  const consoleObject = freeze({ log: log, info: log, warn: log, error: log });
  defineProperty(globalThis, "console", { value: consoleObject, writable: false, configurable: false });

  const kernel = create(null);
  kernel.log = log;
  for (const name of keys(hostFns)) {
    const fn = hostFns[name];
    kernel[name] = function () {
      const a = [];
      for (let i = 0; i < arguments.length; i++) {
        const x = arguments[i], t = typeof x;
        if (x !== null && t !== "number" && t !== "string" && t !== "boolean") throw new TypeError("kernel." + name + ": argument " + i + " must be a number, string, boolean or null");
        a[i] = x;
      }
      return apply(fn, undefined, a);
    };
  }
  freeze(kernel);

  // ---- extension registry ------------------------------------------------------------
  let definition = null, sealed = false;
  const events = create(null);
  function entry(ev, e, i) {
    if (typeof e === "function") return { fn: e, name: typeof e.name === "string" && e.name ? e.name : ev + "#" + i, options: null, guard: null };
    if (e !== null && typeof e === "object" && typeof e.handler === "function") {
      const n = typeof e.name === "string" ? e.name : e.handler.name;
      return { fn: e.handler, name: n ? n : ev + "#" + i, options: e.options === undefined ? null : e.options, guard: e.guard === undefined ? null : e.guard };
    }
    throw new TypeError("defineExtension: handler " + i + " for event \"" + ev + "\" must be a function or { handler: function }");
  }
  function defineExtension(def) {
    if (sealed) throw new ErrorCtor("defineExtension may only be called while the extension module is evaluated");
    if (definition !== null) throw new ErrorCtor("defineExtension called more than once");
    if (def === null || typeof def !== "object") throw new TypeError("defineExtension expects an object");
    const hs = def.handlers;
    if (hs === null || typeof hs !== "object") throw new TypeError("defineExtension: \"handlers\" must be an object");
    for (const ev of keys(hs)) {
      const v = hs[ev];
      const list = isArray(v) ? v : [v];
      const out = [];
      for (let i = 0; i < list.length; i++) out[i] = entry(ev, list[i], i);
      events[ev] = out;
    }
    definition = { name: typeof def.name === "string" ? def.name : null };
    return def;
  }

  function describe() {
    kernelWriting++;
    try { return describeDefinition(); } finally { kernelWriting--; }
  }
  function describeDefinition() {
    sealed = true;
    freeze(ObjectCtor); freeze(ReflectNs);
    if (definition === null) return stringify({ defined: false });
    const evs = create(null);
    for (const ev of keys(events)) {
      const out = [];
      const list = events[ev];
      for (let i = 0; i < list.length; i++) out[i] = { name: list[i].name, options: list[i].options, guard: list[i].guard };
      evs[ev] = out;
    }
    try { return meteredStringify({ defined: true, name: definition.name, events: evs }); }
    catch (e) { return stringify({ defined: true, error: "handler options/guard are not JSON-serialisable: " + cut(render(e), TEXT_MAX) }); }
  }

  // ---- result guard ------------------------------------------------------------------
  // An execution mode that checks results in the guest (SFI: sandbox/sfi-runtime.ts) installs
  // one guard, once, before any extension code runs: enter(event, args) before every handler is
  // called, leave(token, value) on every result (returned, or settled if it is a promise) right
  // before it is encoded. Every result leaves the guest through runOne, so none can skip it.
  // The third function, spent(), gives what the fuel counter spent since the last handler entered:
  // what flushFuel reads. Checked when used, not here: a test here would be a tick, and the boot's ticks move every later poll.
  let guardEnter = null, guardLeave = null, guardSpent = null, guardThrownAt = null, guardTrapped = null;
  function guardResults(enter, leave, spent, thrownAt, trapped, checkedKernelLog) {
    if (guardEnter !== null || definition !== null || sealed) throw new ErrorCtor("guardResults may be called once, before defineExtension");
    if (typeof enter !== "function" || typeof leave !== "function") throw new TypeError("guardResults expects two functions");
    guardEnter = enter;
    guardLeave = leave;
    guardSpent = spent;
    // Where a value that is not an error was thrown (the SFI runtime's throw sites), as a stack.
    guardThrownAt = typeof thrownAt === "function" ? thrownAt : null;
    // Whether a thrown value is a trap the runtime raised (an error it made and keeps): what
    // makes a fault an SFI check's, never the error's name, which the extension can give any
    // error (fault-kind-forge).
    guardTrapped = typeof trapped === "function" ? trapped : null;
    // The SFI runtime's checked kernel.log, which calls this one: bind refuses it too.
    if (typeof checkedKernelLog === "function") checkedLog = checkedKernelLog;
    // The fuel sink, and what the runtime calls at the start of every catch clause with the
    // value it caught (the stack of an error the engine made, kept before the guest holds it).
    return freeze({ __proto__: null, fuel: reportFuel, caught: reached });
  }
  // The fuel sink guardResults hands to the runtime that installs the guard: what the host's
  // `sfiFuel` does (the same check, the same sum), with the units added up in the wire's header
  // (W[6] units, W[7] reports) as they are reported, so even a crossing that is stopped midway
  // delivers what was reported before; the host passes the sum on once per crossing. Each call's
  // own units go to its slot of the call table too (fuelAt; -1 before a crossing's first call, a
  // store that a Float64Array ignores): the batch's split, written without a test (a test is a
  // tick, and ticks move where the interrupt polls land). `reported`: the units of the running
  // counter (reset when a handler enters) reported so far; `counting`: a handler entered in this
  // crossing. The counter goes on after the handler returns: an async handler's continuations
  // (after an `await`) run when the host drains the jobs, on the counter the crossing's last
  // handler left, so they are bounded by what is left of its fuel, and flushFuel reports them.
  const MAX_SAFE = 9007199254740991;
  let fuelAt = -1, reported = 0, counting = false, promiseAt = -1;
  function addFuel(used) {
    if (W === null) return;
    const sum = W[6] + used;
    W[6] = sum > MAX_SAFE ? MAX_SAFE : sum;
    W[7] = W[7] + 1;
    W[fuelAt] = W[fuelAt] + used;
  }
  // The wrapper's report, on every handler's way out: addFuel inline (a call is a tick).
  function reportFuel(used) {
    if (typeof used !== "number" || !(used >= 0) || used > MAX_SAFE || used % 1 !== 0) throw new TypeErrorCtor("sfiFuel expects a count of fuel units");
    reported = used;
    if (W === null) return;
    const sum = W[6] + used;
    W[6] = sum > MAX_SAFE ? MAX_SAFE : sum;
    W[7] = W[7] + 1;
    W[fuelAt] = W[fuelAt] + used;
  }
  // What the counter spent beyond its reports, reported: after a crossing an uncatchable interrupt
  // stopped (the running handler's wrapper never reported), and after a drain of jobs (the
  // continuations' work). Charged to the call whose counter it is: while the calls run, the
  // running one; after them, the last call that returned a promise (else the last call), whose
  // continuations these most likely are (nothing tells one job's work from another's).
  function flushFuel() {
    if (counting && typeof guardSpent === "function") {
      const now = guardSpent();
      if (typeof now === "number" && now >= 0 && now <= MAX_SAFE && now % 1 === 0) {
        if (now > reported) addFuel(now - reported);
        reported = now;
      }
    }
  }
  function settle(token, v) {
    if (guardLeave !== null) {
      try { v = apply(guardLeave, undefined, [token, v]); } catch (e) { return describeThrown(e); }
    }
    return encodeValue(v);
  }

  // ---- where an error was made ---------------------------------------------------------
  // A fault's position comes from the thrown error's stack, which QuickJS writes as an own data
  // property when the error is made, and which the extension can replace: read when the fault
  // is described, a replaced stack placed the fault wherever the extension said (red team 11's
  // thrown-unthrown-forge: an error thrown with no throw statement, by a generator's throw() or a
  // promise's rejection). So the stack is kept here as QuickJS wrote it, out of the guest's
  // reach, before any of the guest's code holds the error: when the error is made (every Error
  // constructor the guest can reach is one of these, subclassed or called), and, for an error
  // the engine or a builtin made and threw, when it first reaches the guest: at a catch clause
  // (the SFI runtime's __sfi_rt, at the start of each) and at a promise's rejection callback
  // (Promise.prototype.then below; Promise.prototype.catch and finally, and Promise.all,
  // allSettled, any and race, all call it). An error the guest never held keeps the stack
  // QuickJS wrote. describeThrown reads the kept stack, never the property, for an error that
  // has one.
  // The map's methods are its own properties (WeakMap.prototype is the guest's to change), so a
  // lookup is a plain call: no argument list is made for it.
  const made = new WeakMap();
  made.get = made.get; made.set = made.set; made.has = made.has;
  const isError = ErrorCtor.isError, strIndexOf = String.prototype.indexOf;
  // The stack QuickJS wrote for the wrapper's caller: what it writes with no wrapper, less the
  // frames of Reflect.construct and the wrapper (the first two lines). Read and written back as
  // the data property QuickJS defined on the new error (own: no getter or setter of a subclass's
  // prototype runs), so the extension sees the text it saw before.
  function callersStack(e) {
    if (!hasOwn(e, "stack")) return undefined;
    const s = e.stack;
    if (typeof s !== "string") return undefined;
    const a = apply(strIndexOf, s, ["\n"]), b = a < 0 ? -1 : apply(strIndexOf, s, ["\n", a + 1]);
    if (b < 0) return s;
    const t = apply(strSlice, s, [b + 1]);
    e.stack = t;
    return t;
  }
  function errorMaker(Real, parent) {
    const MadeError = function (message) {
      const e = construct(Real, arguments, new.target === undefined ? Real : new.target);
      made.set(e, callersStack(e));
      return e;
    };
    defineProperty(MadeError, "prototype", { value: Real.prototype, writable: false });
    defineProperty(MadeError, "name", { value: Real.name });
    defineProperty(MadeError, "length", { value: Real.length });
    if (parent !== null) setPrototypeOf(MadeError, parent);
    defineProperty(Real.prototype, "constructor", { value: MadeError });
    defineProperty(globalThis, Real.name, { value: MadeError });
    return MadeError;
  }
  const MadeError = errorMaker(ErrorCtor, null);
  defineProperty(MadeError, "isError", { value: isError, writable: true, configurable: true });
  const childErrors = [TypeError, RangeError, SyntaxError, ReferenceError, EvalError, URIError, AggregateError, InternalError];
  for (let i = 0; i < childErrors.length; i++) errorMaker(childErrors[i], MadeError);
  // An error as QuickJS made it, kept the first time the guest may hold it (a catch clause, a
  // rejection callback); one made by a constructor above is kept already. Its message too, as
  // QuickJS wrote it: what says the error is the engine's out of memory or stack overflow
  // (resource below), which the extension could write on an error the engine made for another
  // reason (JSON.parse's SyntaxError), once it held it.
  const engineMessage = new WeakMap();
  engineMessage.get = engineMessage.get; engineMessage.set = engineMessage.set;
  function reached(e) {
    if (typeof e === "object" && e !== null && isError(e) && !made.has(e)) {
      const d = getOwnPropertyDescriptor(e, "stack");
      made.set(e, d !== undefined && typeof d.value === "string" ? d.value : undefined);
      const m = getOwnPropertyDescriptor(e, "message");
      engineMessage.set(e, m !== undefined ? m.value : undefined);
    }
  }
  defineProperty(PromiseCtor.prototype, "then", {
    value: {
      // biome-ignore lint/suspicious/noThenProperty: Promise.prototype.then's replacement, named as it is
      then(onFulfilled, onRejected) {
        return apply(promiseThen, this, [onFulfilled, typeof onRejected === "function" ? function (e) { reached(e); return onRejected(e); } : onRejected]);
      },
    }.then,
  });

  // ---- results and faults ------------------------------------------------------------
  // The engine's out of memory and stack overflow: an error QuickJS made (no Error constructor
  // the guest can reach made it) with that message, as QuickJS wrote it (its own property, or
  // the one kept when the guest first held the error). Never by the error's name or class: a
  // `new RangeError("stack overflow")`, or an error renamed, is the guest's exception
  // (fault-kind-forge). Reads no property through a getter: no guest code runs here.
  function resource(e) {
    if (e === null || typeof e !== "object" || !isError(e)) return null;
    let m;
    if (!made.has(e)) { const d = getOwnPropertyDescriptor(e, "message"); m = d !== undefined ? d.value : undefined; }
    else m = engineMessage.get(e);
    if (m === "out of memory") return '{"t":"m"}';
    if (m === "stack overflow") return '{"t":"s"}';
    return null;
  }
  function describeThrown(e) {
    kernelWriting++;
    try { return describeThrownValue(e); } finally { kernelWriting--; }
  }
  function describeThrownValue(e) {
    const r = resource(e);
    if (r !== null) return r;
    try {
      let d;
      if (e !== null && typeof e === "object" && e instanceof ErrorCtor) {
        d = { type: "error", name: cut(StringCtor(e.name), 200), message: cut(StringCtor(e.message), TEXT_MAX) };
        // The stack QuickJS wrote, kept when the error was made or first reached the guest, or,
        // for one the guest never held, its own; none for an object that only inherits from
        // Error.prototype (the guest made it, and all of it).
        let st;
        if (made.has(e)) st = made.get(e);
        else if (isError(e)) { const sd = getOwnPropertyDescriptor(e, "stack"); st = sd !== undefined ? sd.value : undefined; }
        // @ts-expect-error the description takes a stack only when the error has one
        if (typeof st === "string") d.stack = cut(st, TEXT_MAX);
      } else if (e === null || typeof e !== "object" && typeof e !== "function") {
        d = { type: e === null ? "null" : typeof e, message: cut(StringCtor(e), TEXT_MAX) };
      } else {
        d = { type: typeof e, message: cut(render(e), TEXT_MAX) };
      }
      // A value a throw statement threw is placed at that throw where the SFI runtime kept its
      // site (issue 10's thrown-stack-unplaced), never by a `stack` of its own: QuickJS writes
      // no backtrace for a value that is not an error, and an error it made itself (a builtin's
      // TypeError) keeps one the extension can replace before it throws it again.
      if (guardThrownAt !== null) {
        const at = guardThrownAt(e);
        // @ts-expect-error the description takes a stack only when there is one
        if (typeof at === "string") d.stack = at;
      }
      // {"t":"f"}: a trap of an SFI check, as the runtime recorded it; {"t":"x"}: the guest's.
      return (guardTrapped !== null && guardTrapped(e) === true ? '{"t":"f","e":' : '{"t":"x","e":') + stringify(d) + "}";
    } catch (e2) {
      const r2 = resource(e2);
      return r2 !== null ? r2 : '{"t":"x","e":{"type":"unknown","message":"<thrown value could not be described>"}}';
    }
  }
  function invalid(msg) { return '{"t":"r","m":' + stringify(cut(msg, TEXT_MAX)) + "}"; }
  function encodeValue(v) {
    kernelWriting++;
    try { return encodeValueAsJSON(v); } finally { kernelWriting--; }
  }
  function encodeValueAsJSON(v) {
    let s;
    try { s = guestStringify(v); } catch (e) {
      const r = resource(e);
      if (r !== null) return r;
      // An error's message, as the V8 placements give it (rendered as JSON, an error is "{}").
      let m; try { m = e !== null && typeof e === "object" && e instanceof ErrorCtor ? StringCtor(e.message) : render(e); } catch (e2) { m = "?"; }
      return invalid("result is not JSON-serialisable: " + m);
    }
    if (s === undefined) return '{"t":"u"}';
    if (s.length > MAX) return invalid("result too large: " + s.length + " characters (limit " + MAX + ")");
    return '{"t":"v","v":' + s + "}";
  }

  const pending = [];
  setPrototypeOf(pending, null); // slots are written by promise callbacks: no inherited setter may catch them
  let generation = 0; // callbacks of promises from an earlier dispatch must not write into this one
  function runOne(ev, idx, args, caps, wireResult) {
    const list = events[ev];
    const h = list !== undefined ? list[idx] : undefined;
    if (h === undefined) return invalid("no handler " + StringCtor(ev) + "[" + StringCtor(idx) + "]");
    let r, token;
    // An interrupt (uncatchable) may have ended the kernel's writing without its finally.
    kernelWriting = 0;
    try {
      // Plain calls (no argument array, no Reflect.apply): a call of a function value reads
      // nothing the guest could have changed.
      if (guardEnter !== null) { token = guardEnter(ev, args, caps); reported = 0; counting = true; }
      const fn = h.fn;
      freeLeft = FREE; visits = 0;
      r = fn(args, kernel);
      if (r !== null && (typeof r === "object" || typeof r === "function") && typeof r.then === "function") {
        const slot = pending.length;
        const g = generation;
        promiseAt = fuelAt;
        pending[slot] = '{"t":"n"}';
        apply(promiseThen, apply(promiseResolve, PromiseCtor, [r]), [
          function (v) { if (g === generation) pending[slot] = settle(token, v); },
          function (e) { if (g === generation) pending[slot] = describeThrown(e); },
        ]);
        return '{"t":"p","k":' + slot + "}";
      }
      if (guardLeave !== null) r = guardLeave(token, r);
    } catch (e) {
      return describeThrown(e);
    }
    if (wireResult !== null) {
      kernelWriting++;
      try { if (encodeResult(wireResult, r)) return null; } finally { kernelWriting--; }
    }
    return encodeValue(r);
  }

  // ---- the wire (sandbox/wire.ts) -------------------------------------------------------
  // A Float64Array in this VM's memory that the host writes the calls and their arguments into
  // and reads the replies from: numbers, no JSON. Only this closure holds it. Layouts come from
  // the kernel's catalogue: [name, argFields | null, resultFields | null], a field
  // [name, kind, literals | rowFields]; kinds 0 number, 1 boolean, 2 literal, 3 rows, 4 numbers.
  let W = null;
  const layouts = parse(boot.layouts);
  // Objects are made by object literals (generated once here from the catalogue's field names,
  // before any extension code runs): a literal defines its properties, as JSON.parse does, so a
  // setter the extension planted on Object.prototype cannot catch them.
  const FunctionCtor = Function;
  // A double read from a typed array is a float in QuickJS; a float used as a key is turned into a
  // string first (~1 µs). So integers are made ints again (`| 0`), as JSON.parse makes them. Each
  // slot is read once into a local (xN, declared by `slots`): a typed array read costs more than a
  // local's, and the same conditionals run (each is a tick, and ticks move where polls land).
  function scalarCode(fd, at) {
    const x = "x" + at;
    return fd[1] === 0 ? "((" + x + " | 0) === " + x + " ? " + x + " | 0 : " + x + ")" : fd[1] === 1 ? x + " !== 0" : "L[" + at + "][" + x + " | 0]";
  }
  function rowMaker(fields) {
    let code = "return freeze({", slots = "return function (W, p) { const x = 0";
    const lits = [];
    for (let f = 0; f < fields.length; f++) { code += (f ? ", " : "") + stringify(fields[f][0]) + ": " + scalarCode(fields[f], f); lits[f] = fields[f][2]; slots += ", x" + f + " = W[p + " + f + "]"; }
    return new FunctionCtor("freeze", "L", slots + "; " + code + "}); };")(freeze, lits);
  }
  function argsMaker(fields) {
    let code = "return function (v) { return {";
    for (let f = 0; f < fields.length; f++) code += (f ? ", " : "") + stringify(fields[f][0]) + ": " + (fields[f][1] === 3 ? "slice(v[" + f + "].arr)" : "v[" + f + "]");
    return new FunctionCtor("slice", code + "}; };")(copyList);
  }
  // Each handler gets its own copy of a kept list (what it does to it cannot reach the next
  // event). A rest parameter given the list's elements as arguments makes the copy in one C loop
  // (js_create_array), 3x faster than Array.prototype.slice (which defines the elements one by
  // one): measured in this QuickJS, 256 elements 7 vs 22 µs on a loaded machine. Past MAX_SPREAD
  // elements, slice: the arguments buffer QuickJS makes for the call (16 bytes an element, freed
  // after it) stays small, far below its limit of 65,535 arguments.
  const MAX_SPREAD = 8192;
  function restOf(...a) { return a; }
  function copyList(a) { return a.length <= MAX_SPREAD ? apply(restOf, undefined, a) : apply(arrSlice, a, []); }
  // An event whose arguments are scalars only has its arguments object made straight from the
  // wire by one generated function (no block, no loop over its layout).
  function flatMaker(fields) {
    let code = "return {", slots = "return function (W, p) { const x = 0";
    const lits = [];
    for (let f = 0; f < fields.length; f++) { code += (f ? ", " : "") + stringify(fields[f][0]) + ": " + scalarCode(fields[f], f); lits[f] = fields[f][2]; slots += ", x" + f + " = W[p + " + f + "]"; }
    return new FunctionCtor("L", slots + "; " + code + "}; };")(lits);
  }
  const rowMakers = create(null), argsMakers = create(null), flatMakers = create(null);
  for (let id = 0; id < layouts.length; id++) {
    const fields = layouts[id][1];
    rowMakers[id] = [];
    flatMakers[id] = null;
    if (fields === null) { argsMakers[id] = null; continue; }
    argsMakers[id] = argsMaker(fields);
    let flat = true;
    for (let f = 0; f < fields.length; f++) { rowMakers[id][f] = fields[f][1] === 3 ? rowMaker(fields[f][2]) : null; if (fields[f][1] === 3) flat = false; }
    if (flat) flatMakers[id] = flatMaker(fields);
  }
  // A list kept in step (its rows frozen, so what one event's handler is given cannot change
  // what the next is given), with the set of its rows' first fields (the capabilities it grants).
  const lists = create(null);
  function newList() { const a = []; setPrototypeOf(a, null); return { arr: a, set: create(null) }; }
  function readScalar(kind, lits, x) { return kind === 0 ? ((x | 0) === x ? x | 0 : x) : kind === 1 ? x !== 0 : lits[x | 0]; }
  // One list of an argument block: whole (mode 1) or edits on what this VM holds (mode 0). Where
  // the block goes on is left in listEnd (no pair made per list).
  let listEnd = 0;
  function readList(key, rowFields, make, p) {
    const F = rowFields.length, kname = rowFields[0][0];
    const mode = W[p] | 0, m = W[p + 1] | 0;
    p += 2;
    let st = lists[key];
    if (mode === 1 || st === undefined) {
      st = newList();
      for (let i = 0; i < m; i++) { const r = make(W, p); p += F; st.arr[i] = r; st.set[r[kname]] = 1; }
      lists[key] = st;
      listEnd = p;
      return st;
    }
    const arr = st.arr, set = st.set;
    for (let e = 0; e < m; e++) {
      const op = W[p] | 0, pos = W[p + 1] | 0;
      p += 2;
      if (op === 0) { delete set[arr[pos][kname]]; apply(arrSplice, arr, [pos, 1]); continue; }
      const r = make(W, p);
      p += F;
      if (op === 1) { apply(arrSplice, arr, [pos, 0, r]); set[r[kname]] = 1; } else arr[pos] = r;
    }
    listEnd = p;
    return st;
  }
  // An argument block: its values in field order, lists as their kept state.
  function readArgs(id, p) {
    const fields = layouts[id][1], vals = create(null);
    let caps = null;
    for (let f = 0; f < fields.length; f++) {
      const fd = fields[f];
      if (fd[1] === 3) {
        const got = readList(id * 256 + f, fd[2], rowMakers[id][f], p);
        vals[f] = got;
        if (caps === null) caps = got.set;
        p = listEnd;
      } else vals[f] = readScalar(fd[1], fd[2], W[p++]);
    }
    return { vals: vals, caps: caps };
  }
  // A result of the event's fixed shape, written at `out.p` as numbers; false (nothing written)
  // when it is not plain data JSON would carry as it is: then the JSON envelope goes instead.
  const MAX_NUMBER_CHARS = 25;
  function encodeResult(out, v) {
    const fields = out.fields;
    const cap = out.end;
    let p = out.p;
    if (p + 2 > cap) return false;
    if (v === undefined) { W[p] = 1; out.p = p + 1; return true; }
    if (v === null || typeof v !== "object" || isArray(v)) return false;
    const proto = getPrototypeOf(v);
    if ((proto !== ObjectProto && proto !== null) || hasOwn(ObjectProto, "toJSON") || hasOwn(v, "toJSON")) return false;
    const ks = keys(v);
    W[p] = 2;
    const countAt = p + 1;
    p += 2;
    let count = 0, chars = 2;
    for (let i = 0; i < ks.length; i++) {
      const d = getOwnPropertyDescriptor(v, ks[i]);
      if (d === undefined || !hasOwn(d, "value")) return false;
      const x = d.value;
      if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
      let fi = -1;
      for (let f = 0; f < fields.length; f++) if (fields[f][0] === ks[i]) { fi = f; break; }
      if (fi < 0 || p + 2 > cap) return false;
      const kind = fields[fi][1];
      W[p++] = fi;
      chars += ks[i].length + 4;
      if (kind === 0) {
        if (typeof x !== "number" || x - x !== 0) return false;
        W[p++] = x === 0 ? 0 : x;
        chars += MAX_NUMBER_CHARS;
      } else if (kind === 2) {
        let li = -1;
        const lits = fields[fi][2];
        for (let l = 0; l < lits.length; l++) if (lits[l] === x) { li = l; break; }
        if (li < 0) return false;
        W[p++] = li;
        chars += x.length + 2;
      } else {
        if (!isArray(x)) return false;
        const ap = getPrototypeOf(x);
        if ((ap !== ArrayProto && ap !== null) || hasOwn(ArrayProto, "toJSON") || hasOwn(x, "toJSON")) return false;
        const n = x.length;
        chars += n * (MAX_NUMBER_CHARS + 1);
        if (chars > MAX || p + 1 + n > cap) return false;
        W[p++] = n;
        for (let e = 0; e < n; e++) {
          const y = x[e];
          if (typeof y !== "number" || y - y !== 0) return false;
          W[p++] = y === 0 ? 0 : y;
        }
      }
      count++;
    }
    if (chars > MAX) return false;
    W[countAt] = count;
    out.p = p;
    return true;
  }
  // One crossing: the calls are in the wire (header: sandbox/wire.ts); arguments or whole calls
  // that did not fit a layout come as JSON `{c: [[event, index, args]], a: [args]}`. Every list
  // edit is applied before any handler runs, then acknowledged (H_ACK), so the host knows the
  // lists are in step. Replies go to the wire from H_REPLY_AT: one record per call, 0 = its JSON
  // envelope is in the returned text (an array of those, in order), 1 = undefined, 2 = an object.
  // Reused by every crossing (a crossing never starts inside another).
  const out = { p: 0, end: 0, fields: null };
  function dispatch(json) {
    pending.length = 0;
    generation++;
    counting = false;
    fuelAt = -1;
    promiseAt = -1;
    const side = json === undefined ? null : parse(json);
    const n = W[3] | 0;
    // Blocks with lists are read (their edits applied) before any handler runs; flat ones are
    // read from the wire by each call.
    let blocks = null;
    for (let c = 0; c < n; c++) {
      const id = W[8 + 4 * c] | 0, at = W[8 + 4 * c + 2] | 0;
      if (id >= 0 && at >= 0 && flatMakers[id] === null) {
        if (blocks === null) blocks = create(null);
        if (blocks[at] === undefined) blocks[at] = readArgs(id, at);
      }
    }
    W[1] = W[2];
    out.p = W[4] | 0;
    let text = "", anyJSON = false;
    for (let c = 0; c < n; c++) {
      const id = W[8 + 4 * c] | 0, idx = W[8 + 4 * c + 1] | 0, at = W[8 + 4 * c + 2] | 0;
      fuelAt = 8 + 4 * c + 3;
      let env;
      if (id < 0) {
        const call = side.c[idx];
        env = runOne(call[0], call[1], call[2], null, null);
      } else {
        const lay = layouts[id];
        const flat = flatMakers[id];
        let args, caps = null;
        if (at < 0) args = side.a[-1 - at];
        else if (flat !== null) args = flat(W, at);
        else {
          const block = blocks[at];
          args = argsMakers[id](block.vals);
          caps = block.caps;
        }
        out.fields = lay[2];
        out.end = W.length - (n - c - 1);
        env = runOne(lay[0], idx, args, caps, lay[2] !== null ? out : null);
      }
      if (env !== null) {
        W[out.p++] = 0;
        text += (anyJSON ? "," : "") + env;
        anyJSON = true;
      }
    }
    if (promiseAt >= 0) fuelAt = promiseAt;
    W[0] = anyJSON ? 2 : 1;
    return anyJSON ? "[" + text + "]" : undefined;
  }
  // The usual crossing: one call of an event whose arguments are scalars only, all on the wire
  // (the host calls this only then: sandbox/vm.ts). It is dispatch for that case without the
  // loops and lookups of the general one, and it must spend exactly dispatch's ticks, before the
  // handler and after it (each conditional, jump and call is a tick; the tick counter carries
  // over from call to call and decides where every later poll lands: the instructions counted
  // and where a budget stops a handler). So every statement whose ticks depend on the data is
  // dispatch's, as written there (the arguments' maker, runOne, the reply), and the ticks of the
  // conditionals and jumps of dispatch's loops and general cases, which are fixed for this case,
  // are made by `if (tick) tick = 0;` (a tick each): 14 before the handler, 2 after
  // (test/sandbox/flat-call.test.ts compares the two paths tick for tick).
  let tick = 0;
  function flatCall() {
    pending.length = 0;
    generation++;
    counting = false;
    fuelAt = -1;
    promiseAt = -1;
    const id = W[8] | 0, idx = W[9] | 0, at = W[10] | 0;
    if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0;
    if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0; if (tick) tick = 0;
    W[1] = W[2];
    out.p = W[4] | 0;
    let text = "", anyJSON = false;
    fuelAt = 11;
    let env;
    const lay = layouts[id];
    const flat = flatMakers[id];
    const args = flat(W, at);
    out.fields = lay[2];
    // W.length, a getter's call (a tick), read as the header's copy of it (H_CAPACITY, which the host
    // writes with every batch), and a tick.
    out.end = W[5] | 0;
    if (tick) tick = 0;
    env = runOne(lay[0], idx, args, null, lay[2] !== null ? out : null);
    if (env !== null) {
      W[out.p++] = 0;
      text += (anyJSON ? "," : "") + env;
      anyJSON = true;
    }
    if (tick) tick = 0; if (tick) tick = 0;
    if (promiseAt >= 0) fuelAt = promiseAt;
    W[0] = anyJSON ? 2 : 1;
    return anyJSON ? "[" + text + "]" : undefined;
  }
  function wire(buffer) { W = new F64(buffer); }
  function collect() {
    let out = "[";
    for (let i = 0; i < pending.length; i++) out += (i ? "," : "") + pending[i];
    pending.length = 0;
    generation++;
    return out + "]";
  }

  // The static members of every global constructor and namespace object, frozen as SES's
  // lockdown freezes them in the V8 placements, once this prelude's wrappers are in: a member
  // replaced through a view the verifier could not see (a value narrowed by `in`, a generic
  // helper's `o[k] = v`: red team 14's builtin-in-narrowed-*, JSON; red team 15's
  // builtin-static-*, String.fromCharCode) was every later call's in typed and sfi. Their
  // prototypes stay as they are (the override mistake: an instance's own `toString` would be
  // refused). Object's and Reflect's reflective members stay configurable (not writable) until
  // the module has run: the SFI runtime replaces them with traps (extensions/sfi, control) and
  // freezes both; describe() freezes them in every mode.
  const ReflectNs = Reflect, preventExtensions = Object.preventExtensions;
  const REFLECTIVE = { __proto__: null, getPrototypeOf: 1, setPrototypeOf: 1, getOwnPropertyDescriptor: 1, getOwnPropertyDescriptors: 1, defineProperty: 1, defineProperties: 1 };
  const globalNames = namesOf(globalThis);
  for (let i = 0; i < globalNames.length; i++) {
    const d = getOwnPropertyDescriptor(globalThis, globalNames[i]);
    const v = d === undefined ? undefined : d.value;
    if (!isObject(v) || v === globalThis) continue;
    if (v !== ObjectCtor && v !== ReflectNs) { freeze(v); continue; }
    const members = namesOf(v);
    for (let j = 0; j < members.length; j++) {
      const m = members[j];
      if (REFLECTIVE[m] === 1) defineProperty(v, m, { writable: false });
      else defineProperty(v, m, { writable: false, configurable: false });
    }
    preventExtensions(v);
  }

  return freeze({
    dispatch: dispatch,
    flatCall: flatCall,
    wire: wire,
    collect: collect,
    describe: describe,
    describeThrown: describeThrown,
    flushFuel: flushFuel,
    api: freeze({ defineExtension: defineExtension, kernel: kernel, guardResults: guardResults }),
  });
})
