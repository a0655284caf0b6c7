/**
 * Guest-side bootstrap, evaluated as a global script in a fresh context *before* any
 * extension code runs. It captures the primordials it needs (so later guest tampering with
 * JSON, Promise, Array.prototype... cannot subvert it), installs the deterministic globals,
 * and returns the guest half of the sandbox protocol:
 *
 *   dispatch(callsJSON) -> envelopesJSON   one crossing for 1..n handler calls
 *   collect()           -> envelopesJSON   settled values of promises returned by dispatch
 *   describe()          -> registryJSON    handler names per event (seals defineExtension)
 *   describeThrown(v)   -> envelopeJSON    safe description of a thrown value
 *   api                 { defineExtension, kernel, guardResults }  exported by "spin-kernel/extension"
 *
 * Envelope: {"t":"v","v":<json>} value | {"t":"u"} undefined | {"t":"p","k":slot} pending
 * promise | {"t":"n"} never settled | {"t":"x","e":{type,name?,message,stack?}} exception |
 * {"t":"m"} out of memory | {"t":"s"} stack overflow | {"t":"r","m":msg} invalid result.
 *
 * Everything here runs inside QuickJS under the invocation's budget: getters, toJSON,
 * toString and thenable traps of guest values never run on the host.
 */
export const PRELUDE_SOURCE = String.raw`(function (boot) {
  "use strict";
  const stringify = JSON.stringify, parse = JSON.parse;
  const apply = Reflect.apply;
  const isArray = Array.isArray;
  const keys = Object.keys, freeze = Object.freeze, create = Object.create, defineProperty = Object.defineProperty, setPrototypeOf = Object.setPrototypeOf;
  const imul = Math.imul;
  const PromiseCtor = Promise;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const strSlice = String.prototype.slice;
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
  const DateShim = freeze({ now: function now() { return hostNow(); } });
  defineProperty(globalThis, "Date", { value: DateShim, writable: false, configurable: false });
  delete globalThis.eval;
  delete globalThis.console;

  // ---- metering of C builtins ------------------------------------------------------
  // QuickJS counts a tick per backward jump or call and polls the interrupt handler every
  // 10,000 ticks, so a builtin implemented in C (sort, join, indexOf, repeat, split...) costs one
  // tick however much it works: 1,000 default sorts of 200,000 numbers are ~2,000 ticks (no poll
  // at all) and hold the host for minutes, past any deadline. Each of these builtins is wrapped
  // here so that, before it runs, its caller pays one tick per element it will touch (n log n for
  // a sort without a comparator) by running an empty loop: the budget and the deadline then see
  // the work. Inputs of at most FREE elements are free, so small calls keep their exact figures.
  const FREE = 4096, BIG = 1 << 24;
  const getPrototypeOf = Object.getPrototypeOf;
  function burn(units) { for (let i = FREE; i < units; i++) {} }
  function sizeOf(x) {
    if (x === null || x === undefined) return 0;
    const n = x.length;
    return typeof n === "number" && n > 0 ? n : 0;
  }
  function log2(n) { let k = 1; while (n > 1) { n = n / 2; k++; } return k; }
  const costs = {
    linear: function (self) { return sizeOf(self); },
    sort: function (self, args) { const n = sizeOf(self); return args[0] === undefined && n > FREE ? n * log2(n) : n; },
    // A result longer than BIG cannot be allocated under the memory limit (or is longer than a
    // QuickJS string may be): the call fails at once, as it should, without being charged.
    repeat: function (self, args) { const c = +args[0]; const u = c > 0 ? sizeOf(self) * c : 0; return u > BIG ? 0 : u; },
    pad: function (self, args) { const c = +args[0]; return c > 0 && c <= BIG ? c : 0; },
    firstArg: function (self, args) { return sizeOf(args[0]); },
  };
  function meter(target, names, cost) {
    if (target === null || target === undefined) return;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const orig = target[name];
      if (typeof orig !== "function") continue;
      const wrapped = {
        [name]() {
          const u = cost(this, arguments);
          if (u > FREE) burn(u);
          return apply(orig, this, arguments);
        },
      }[name];
      defineProperty(target, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
    }
  }
  const arrayLinear = ["join", "toString", "toLocaleString", "indexOf", "lastIndexOf", "includes", "fill", "reverse", "copyWithin", "concat", "slice", "splice", "flat", "toReversed", "toSpliced", "with"];
  meter(Array.prototype, arrayLinear, costs.linear);
  meter(Array.prototype, ["sort", "toSorted"], costs.sort);
  const typedProto = getPrototypeOf(Uint8Array.prototype);
  meter(typedProto, ["join", "toString", "toLocaleString", "indexOf", "lastIndexOf", "includes", "fill", "reverse", "copyWithin", "set", "slice", "toReversed", "with"], costs.linear);
  meter(typedProto, ["sort", "toSorted"], costs.sort);
  meter(String.prototype, ["indexOf", "lastIndexOf", "includes", "startsWith", "endsWith", "split", "replace", "replaceAll", "toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "normalize", "localeCompare", "trim", "trimStart", "trimEnd", "concat", "slice", "substring", "substr", "at", "match", "matchAll", "search"], costs.linear);
  meter(String.prototype, ["repeat"], costs.repeat);
  meter(String.prototype, ["padStart", "padEnd"], costs.pad);
  meter(JSON, ["parse"], costs.firstArg);
  meter(JSON, ["stringify"], costs.firstArg);
  meter(Array, ["from"], costs.firstArg);

  function render(v) {
    if (typeof v === "string") return v;
    try { const s = stringify(v); return s === undefined ? StringCtor(v) : s; }
    catch (e) { try { return StringCtor(v); } catch (e2) { return "<unprintable>"; } }
  }
  function log() {
    let s = "";
    for (let i = 0; i < arguments.length; i++) {
      s += (i ? " " : "") + render(arguments[i]);
      if (s.length > LOG_MAX) break;
    }
    hostLog(cut(s, LOG_MAX + 1));
  }
  defineProperty(globalThis, "console", { value: freeze({ log: log, info: log, warn: log, error: log }), writable: false, configurable: false });

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
    sealed = true;
    if (definition === null) return stringify({ defined: false });
    const evs = create(null);
    for (const ev of keys(events)) {
      const out = [];
      const list = events[ev];
      for (let i = 0; i < list.length; i++) out[i] = { name: list[i].name, options: list[i].options, guard: list[i].guard };
      evs[ev] = out;
    }
    try { return stringify({ defined: true, name: definition.name, events: evs }); }
    catch (e) { return stringify({ defined: true, error: "handler options/guard are not JSON-serialisable: " + cut(render(e), TEXT_MAX) }); }
  }

  // ---- result guard ------------------------------------------------------------------
  // An execution mode that checks results in the guest (SFI: sandbox/sfi/runtime.ts) installs
  // one guard, once, before any extension code runs: enter(event, args) before every handler is
  // called, leave(token, value) on every result (returned, or settled if it is a promise) right
  // before it is encoded. Every result leaves the guest through runOne, so none can skip it.
  let guardEnter = null, guardLeave = null;
  function guardResults(enter, leave) {
    if (guardEnter !== null || definition !== null || sealed) throw new ErrorCtor("guardResults may be called once, before defineExtension");
    if (typeof enter !== "function" || typeof leave !== "function") throw new TypeError("guardResults expects two functions");
    guardEnter = enter;
    guardLeave = leave;
  }
  function settle(token, v) {
    if (guardLeave !== null) {
      try { v = apply(guardLeave, undefined, [token, v]); } catch (e) { return describeThrown(e); }
    }
    return encodeValue(v);
  }

  // ---- results and faults ------------------------------------------------------------
  function resource(e) {
    if (e !== null && typeof e === "object" && e instanceof ErrorCtor && (e.name === "InternalError" || e.name === "SyntaxError" || e.name === "RangeError")) {
      if (e.message === "out of memory") return '{"t":"m"}';
      if (e.message === "stack overflow") return '{"t":"s"}';
    }
    return null;
  }
  function describeThrown(e) {
    const r = resource(e);
    if (r !== null) return r;
    try {
      let d;
      if (e !== null && typeof e === "object" && e instanceof ErrorCtor) {
        d = { type: "error", name: cut(StringCtor(e.name), 200), message: cut(StringCtor(e.message), TEXT_MAX) };
        const st = e.stack;
        if (typeof st === "string") d.stack = cut(st, TEXT_MAX);
      } else if (e === null || typeof e !== "object" && typeof e !== "function") {
        d = { type: e === null ? "null" : typeof e, message: cut(StringCtor(e), TEXT_MAX) };
      } else {
        d = { type: typeof e, message: cut(render(e), TEXT_MAX) };
      }
      return '{"t":"x","e":' + stringify(d) + "}";
    } catch (e2) {
      const r2 = resource(e2);
      return r2 !== null ? r2 : '{"t":"x","e":{"type":"unknown","message":"<thrown value could not be described>"}}';
    }
  }
  function invalid(msg) { return '{"t":"r","m":' + stringify(cut(msg, TEXT_MAX)) + "}"; }
  function encodeValue(v) {
    let s;
    try { s = stringify(v); } catch (e) {
      const r = resource(e);
      if (r !== null) return r;
      let m; try { m = render(e); } catch (e2) { m = "?"; }
      return invalid("result is not JSON-serialisable: " + m);
    }
    if (s === undefined) return '{"t":"u"}';
    if (s.length > MAX) return invalid("result too large: " + s.length + " characters (limit " + MAX + ")");
    return '{"t":"v","v":' + s + "}";
  }

  const pending = [];
  setPrototypeOf(pending, null); // slots are written by promise callbacks: no inherited setter may catch them
  let generation = 0; // callbacks of promises from an earlier dispatch must not write into this one
  function runOne(call) {
    const ev = call[0], idx = call[1];
    const list = events[ev];
    const h = list !== undefined ? list[idx] : undefined;
    if (h === undefined) return invalid("no handler " + StringCtor(ev) + "[" + StringCtor(idx) + "]");
    let r, token;
    try {
      if (guardEnter !== null) token = apply(guardEnter, undefined, [ev, call[2]]);
      r = apply(h.fn, undefined, [call[2], kernel]);
      if (r !== null && (typeof r === "object" || typeof r === "function") && typeof r.then === "function") {
        const slot = pending.length;
        const g = generation;
        pending[slot] = '{"t":"n"}';
        apply(promiseThen, apply(promiseResolve, PromiseCtor, [r]), [
          function (v) { if (g === generation) pending[slot] = settle(token, v); },
          function (e) { if (g === generation) pending[slot] = describeThrown(e); },
        ]);
        return '{"t":"p","k":' + slot + "}";
      }
      if (guardLeave !== null) r = apply(guardLeave, undefined, [token, r]);
    } catch (e) {
      return describeThrown(e);
    }
    return encodeValue(r);
  }
  function dispatch(json) {
    pending.length = 0;
    generation++;
    const calls = parse(json);
    let out = "[";
    for (let i = 0; i < calls.length; i++) out += (i ? "," : "") + runOne(calls[i]);
    return out + "]";
  }
  function collect() {
    let out = "[";
    for (let i = 0; i < pending.length; i++) out += (i ? "," : "") + pending[i];
    pending.length = 0;
    generation++;
    return out + "]";
  }

  return freeze({
    dispatch: dispatch,
    collect: collect,
    describe: describe,
    describeThrown: describeThrown,
    api: freeze({ defineExtension: defineExtension, kernel: kernel, guardResults: guardResults }),
  });
})`;

/** Source of the guest module `spin-kernel/extension`. */
export const EXTENSION_API_MODULE = "spin-kernel/extension";
export const API_GLOBAL = "__spinExtensionApi";
export const EXTENSION_API_SOURCE = `const api = globalThis.${API_GLOBAL};
export const defineExtension = api.defineExtension;
export const kernel = api.kernel;
export const log = api.kernel.log;
export default api;
`;
