// The SFI runtime: JavaScript prepended to the rewritten extension module (so it runs first, in
// the extension's own QuickJS realm, before any extension code). Every name it declares starts
// with `__sfi`, a prefix the rewriter refuses in extension source, so the extension cannot
// reach, shadow or replace it. It captures the primordials it uses before the extension runs.
//
// What the inserted checks call:
//   __sfi_heap                         the extension's data segment (Int32Array, pass heap)
//   __sfi_hoob(i, site, store)         trap: heap index out of bounds ("check" variant)
//   __sfi_define(def, site)            wraps every handler (the checked kernel, fuel report, site)
//   __sfi_enter / __sfi_leave          the result guard, installed in the prelude: fuel reset and
//                                      capability snapshot before every handler, the capability
//                                      check of every result (returned or settled) before it leaves
//   __sfi_ret(v, site)                 capability check at a sync handler's return (its position)
//   __sfi_tok() / __sfi_reta(t, v, s)  the same at an async handler's return, for the invocation t
//   __sfi_kernel                       kernel calls with checked arguments (pass capability)
//   __sfi_key(k, site)                 guarded computed key (pass control)
//   __sfi_ic(f, site)                  checked indirect call through the function table
//   __sfi_fn(f)                        enters an extension function into the table
//   __sfi_nofuel(site)                 trap: fuel exhausted (pass fuel; `__sfi_fuel` is the counter)
//   __sfi_cat(v, site)                 a string made by + or a template literal, charged (pass fuel)
//   __sfi_idx(v, site)                 what an object spread or a for-in walks, charged its keys (pass fuel)
//   __sfi_late(v, site)                a pattern's rest, charged as __sfi_idx where it is copied; a key no object has (pass fuel)
//   __sfi_throw(v, site)               a throw statement's value, its site kept (pass fuel)
//   __sfi_forin(v, site)               a for-in's object: the keys of what it inherits from charged (pass fuel)
//   __sfi_num(v)                       unary plus, a string charged its length (pass fuel)
//   __sfi_rt(e)                        at the start of every catch: re-raise a pending trap, keep e's stack
//   __sfi_name(k, site, cls)           a computed key that names a function (or a class's static field): no line break
//   __sfi_field(o, k, d)               a class field the transpiler defines (pass control)
//
// A trap throws an Error named `SfiFault` (the sandbox classifies it as an `sfi` fault) whose
// stack is one synthetic frame `<file>.js:<SITE_LINE_BASE + site>:1`; the mode's position
// mapper turns that line back into the site's TypeScript position (a trap with no site of its
// own names line 1, which maps nowhere: the fault is then placed at the handler). Traps are
// sticky: a pending trap is re-raised by every catch clause and by the result guard, so
// `try/catch/finally` in the extension cannot swallow one.
//
// Nothing the checks rely on is reachable from the extension: primordials are captured here
// before it runs, and the state of an invocation (the snapshot of its capabilities, the checked
// copy of its result) lives in null-prototype objects, so even a polluted Array.prototype or
// Object.prototype could not answer for them.
//
// How this file becomes the runtime of one module (sandbox/sfi-runtime.ts): lines that are only a
// comment are dropped, and so are blank lines (so the runtime's line count, and every position the
// mapper shifts by it, does not depend on them); `//#if capability`, `//#if control`, `//#else`
// and `//#endif` keep the lines of the passes that are on (pass capability's checks, pass
// control's function table and taming), and the placeholders are replaced by the module's values:
// __SFI_SITES__, __SFI_FUEL__, __SFI_HEAP__, __SFI_JS_FILE__, __SFI_SITE_LINE_BASE__, and for pass
// capability __SFI_CAPABILITY__ (true or false) and __SFI_KERNEL__ (the checked kernel, or the
// plain one). So no test of a switch is left in the code: a pass switched off costs no tick (every
// jump and call is one). guest-env.d.ts declares the placeholders for the type check. No string may
// span lines here.
import * as __sfi_api from "spin-kernel/extension";
const __sfi_E = Error, __sfi_str = String, __sfi_ObjectProto = Object.prototype, __sfi_isArray = Array.isArray, __sfi_isInt = Number.isInteger, __sfi_freeze = Object.freeze;
const __sfi_getProto = Object.getPrototypeOf, __sfi_setProto = Object.setPrototypeOf, __sfi_names = Object.getOwnPropertyNames, __sfi_desc = Object.getOwnPropertyDescriptor, __sfi_defProp = Object.defineProperty, __sfi_keys = Object.keys, __sfi_hasOwn = Object.hasOwn, __sfi_json = JSON.stringify;
const __sfi_sites = __SFI_SITES__;
const __sfi_FUEL = __SFI_FUEL__, __sfi_HEAP = __SFI_HEAP__;
let __sfi_fuel = __sfi_FUEL, __sfi_trapped = null, __sfi_k, __sfi_i, __sfi_cur = null;
function __sfi_trap(msg, site) {
  const at = site >= 0 && site < __sfi_sites.length ? " at " + __sfi_sites[site] : "";
  const e = new __sfi_E("sfi: " + msg + at);
  __sfi_defProp(e, "name", { value: "SfiFault", configurable: true });
  const stack = "    at sfi (" + __SFI_JS_FILE__ + ":" + (site >= 0 ? __SFI_SITE_LINE_BASE__ + site : 1) + ":1)\n";
  __sfi_defProp(e, "stack", { value: stack, configurable: true });
  __sfi_trapAt.set(e, stack);
  __sfi_trapped = e;
  if (__sfi_cur !== null) __sfi_cur.trap = e;
  throw e;
}
// A trap's error and its synthetic stack: the position the prelude reads for it (__sfi_thrownSite).
const __sfi_trapAt = new WeakMap();
__sfi_trapAt.get = __sfi_trapAt.get; __sfi_trapAt.set = __sfi_trapAt.set; __sfi_trapAt.has = __sfi_trapAt.has;
// At the start of every catch clause, with the value it caught (extensions/sfi/passes/core.ts):
// a pending trap is raised again; else the prelude keeps the stack of an error the engine made
// before the clause's code can replace it (its `caught`, from guardResults below).
function __sfi_rt(e) { if (__sfi_trapped !== null) throw __sfi_trapped; __sfi_caught(e); }
// ---- pass heap
const __sfi_heap = new Int32Array(__sfi_HEAP);
function __sfi_hoob(i, site, store) { __sfi_trap("heap " + (store ? "store" : "load") + " out of bounds (index " + __sfi_str(i) + ", heap " + __sfi_HEAP + ")", site); }
// ---- pass fuel
function __sfi_nofuel(site) { __sfi_fuel = -1; __sfi_trap("fuel exhausted (" + __sfi_FUEL + " units of loop back-edges and function entries)", site); }
// The object of a for-in (extensions/sfi/passes/for-in.ts), after __sfi_idx charged its own
// keys (a string's, a String object's, an array's indices, an object's others): QuickJS lists
// every key of it and its prototypes in C before the first iteration (an atom per index of a
// string or an array, ~44 ns each, one tick in all: red team 10's for-in-string-hold). Two ticks
// a key of an object it inherits from: an array's length, an inherited object's own `length`
// where it is fixed as a String object's, or its own keys where they are more (issue 10,
// contain15: a prototype of 100,000 named keys is listed at every for-in); the prelude's
// Object.keys, which counts them, charges its four ticks a key too.
function __sfi_forin(v, site) { let n = 0; for (let o = v; o !== null && (typeof o === "object" || typeof o === "function"); o = __sfi_getProto(o)) { if (o === v) continue; let m = 0; if (__sfi_isArray(o)) m = o.length; else { const d = __sfi_desc(o, "length"); if (d !== undefined && d.writable === false && d.configurable === false && typeof d.value === "number") m = d.value; } const k = __sfi_keys(o).length; n += k > m ? k : m; } for (let i = n * 2; i > 0; i--) {} return v; }
// Unary plus (extensions/sfi/passes/number-parse.ts): the prelude's Number, which converts as the
// operator does and charges a string a tick a character before QuickJS parses it (no BigInt
// here, so Number(v) is +v).
const __sfi_Number = Number;
function __sfi_num(v) { return typeof v === "number" ? v : __sfi_Number(v); }
// A string made by `+`, `+=` or a template literal (extensions/sfi/passes/strings.ts): QuickJS
// makes long ones ropes, which `===`, `<` or a key walk in C with no tick (red team 7: a rope of
// 2^28 characters for ~30 ticks; comparing 2^25 took 100 ms at one tick). Past 262,144 characters
// a handler call (the prelude's allowance, FREE x CHARS_PER_TICK; reset by __sfi_enter, not per
// string: red team 18's per-call free sizes) it pays a tick per 64 characters, as a string a
// metered builtin returns does (prelude.js): the interrupt budget sees the work its walks may cost.
let __sfi_catFree = 262144;
function __sfi_cat(v, site) { if (typeof v === "string" && (__sfi_catFree -= v.length) < 0) { for (let i = -__sfi_catFree >> 6; i > 0; i--) {} __sfi_catFree = 0; } return v; }
// An object spread (`{ ...v }`) or a for-in over v (extensions/sfi/passes/strings.ts): QuickJS
// lists a string's indices in C before a for-in's first step (~44 ns a character measured, a
// tick for all of them; issue 10's string-spread-hold), and copies an array's elements into a
// spread (~270 ns an element, 2^18 in one tick: red team 11's array-spread-object-uncharged). A
// long string, String object or array pays two ticks an index first. Then an object's (or a
// function's) other own keys, listed or copied alike (issue 10, contain15: 2^16 named keys,
// object-named-keys-spread and -for-in), the non-enumerable ones too (red team 14,
// object-hidden-keys-spread), counted by the prelude's getOwnPropertyNames (four ticks a key
// past its free size), two ticks a key more past 4,096.
// A typed array's elements are indices too, paid for before its keys are listed (QuickJS makes a
// key string of each: ~0.1 us an element; red team 17's object-rest-default-grows held typed past
// its deadline listing 2^18 of them before the charge): its length by %TypedArray%'s getter,
// which runs no guest code (a DataView, the other view, throws: 0).
const __sfi_sval = String.prototype.valueOf, __sfi_rapply = Reflect.apply;
const __sfi_taLen = /** @type {() => number} */ (/** @type {PropertyDescriptor} */ (__sfi_desc(__sfi_getProto(Uint8Array.prototype), "length")).get), __sfi_isView = ArrayBuffer.isView;
function __sfi_typedLength(v) { if (!__sfi_isView(v)) return 0; try { return __sfi_rapply(__sfi_taLen, v, []); } catch (e) { return 0; } }
function __sfi_idx(v, site) { const n = typeof v === "string" ? v.length : v instanceof __sfi_str ? __sfi_rapply(__sfi_sval, v, []).length : __sfi_isArray(v) ? v.length : typeof v === "object" && v !== null ? __sfi_typedLength(v) : 0; if (n > 4096) for (let i = n * 2; i > 0; i--) {} if ((typeof v === "object" && v !== null) || typeof v === "function") { const k = __sfi_names(v).length - n; if (k > 4096) for (let i = k * 2; i > 0; i--) {} } return v; }
// A pattern's rest charged where it is copied, after the pattern's other elements ran (red
// team 17, object-rest-default-grows: a default grew the value after its charge): the computed
// key put before the rest (extensions/sfi/passes/object-rest.ts lateCharge). The key is a symbol
// of this runtime's, which no object has: the rest excludes nothing more.
const __sfi_none = Symbol();
function __sfi_late(v, site) { __sfi_idx(v, site); return __sfi_none; }
// A computed key that names a function (a method's, an accessor's, an anonymous function's or
// class's it is the key of: extensions/sfi/function-names.ts), or (cls) a class's static field:
// QuickJS writes a function's name into every frame of its stacks, so a name with a line break
// would add a line that reads like a frame of the extension's choosing (frame-name-forge), and a
// class's static `name` field, given by a computed key, is a name no load-time check saw. With a
// static `name` field's value (not a key), the same check of a string.
// A symbol is read as String reads one, `Symbol(<description>)`, which calls none of its methods.
const __sfi_strIdx = String.prototype.indexOf;
// A key that is not a symbol is converted to its property key here, once, as the engine would
// (an object's toString or Symbol.toPrimitive: red team 18's log-position-object-key-name, an
// object typed `number` whose toString gave a name with a line break after this check passed
// it), and the check reads the key the engine then uses as it is. cls 2: a static `name`
// field's value, not a key, read as it is (a name that is not a string is not written).
const __sfi_keyOf = (k) => { const o = { [k]: 0 }; return __sfi_ownKeys(o)[0]; }, __sfi_ownKeys = Reflect.ownKeys;
function __sfi_name(k0, site, cls) { const k = cls === 2 || typeof k0 === "string" || typeof k0 === "symbol" ? k0 : __sfi_keyOf(k0); if (cls === 1) { if (k === "name") __sfi_trap("a class's static name given by a computed key (the name QuickJS writes into its stacks)", site); return k; } const s = typeof k === "symbol" ? __sfi_str(k) : k; if (typeof s === "string" && (__sfi_rapply(__sfi_strIdx, s, ["\n"]) >= 0 || __sfi_rapply(__sfi_strIdx, s, ["\r"]) >= 0)) __sfi_trap("a function's name with a line break (QuickJS writes it into its stacks, where it would read as a frame of its own)", site); return k; }
const __sfi_fuelReport = typeof __sfi_api.kernel.sfiFuel === "function" ? __sfi_api.kernel.sfiFuel : null;
// ---- pass control
const __sfi_bad = { __proto__: null, constructor: 1, prototype: 1, caller: 1, callee: 1, arguments: 1, __defineGetter__: 1, __defineSetter__: 1, __lookupGetter__: 1, __lookupSetter__: 1, eval: 1 };
__sfi_defProp(__sfi_bad, "__proto__", { value: 1, enumerable: true });
function __sfi_key(k, site) {
  const t = typeof k;
  if (t === "number" || t === "symbol") return k;
  const s = t === "string" ? k : __sfi_str(k);
  if (__sfi_bad[s] === 1) __sfi_trap("computed access to dangerous property " + __sfi_json(s), site);
  return s;
}
const __sfi_own = new WeakSet(), __sfi_natives = new WeakSet();
__sfi_own.has = __sfi_own.has; __sfi_own.add = __sfi_own.add; __sfi_natives.has = __sfi_natives.has; __sfi_natives.add = __sfi_natives.add;
function __sfi_fn(f, n) { __sfi_own.add(f); if (n !== undefined) __sfi_defProp(f, "name", { value: n, configurable: true }); return f; }
function __sfi_ic(f, site, optional) {
  if (typeof f === "function" && (__sfi_own.has(f) || __sfi_natives.has(f))) return f;
  if (optional === 1 && (f === undefined || f === null)) return f;
  __sfi_trap("indirect call to " + (typeof f === "function" ? "a function outside the extension's function table" : "a " + typeof f + ", not a function"), site);
}
// ---- pass capability
// The capability state of one invocation (its "token") lives in null-prototype objects made
// here, never in arrays or objects whose prototype the extension could reach: a getter planted
// on Array.prototype or Object.prototype cannot answer for the snapshot or the checked copy.
function __sfi_ids(args, list, field) {
  const out = { __proto__: null };
  const r = __sfi_hasOwn(args, list) ? args[list] : undefined;
  if (!__sfi_isArray(r)) return out;
  // The kernel's arguments as the prelude parsed them from JSON, before the extension ran: every
  // element is an object with its own 'frame' or 'thread' (one tick per element, as before).
  for (let i = 0, n = r.length; i < n; i++) { const e = r[i]; if (e !== null && typeof e === "object") out[e[field]] = 1; }
  return out;
}
// One invocation's token: its event, the capabilities it was given, the site its checks name,
// the copy already checked at a return, and the trap it raised (re-raised when it leaves).
// `given`: the prelude's set of the list's first fields, kept in step with the kernel's list
// (the wire, sandbox/wire.ts): a null-prototype object no extension code can reach, so no copy.
function __sfi_snap(ev, args, capabilities, given) {
  const t = { __proto__: null, ev: ev, frames: null, threads: null, site: -1, checked: null, trap: null };
  if (!capabilities || args === null || typeof args !== "object") return t;
  if (ev === "PhysAddr.Reclaim") t.frames = given !== null && given !== undefined ? given : __sfi_ids(args, "resident", "frame");
  else if (ev === "Strand.Resume") t.threads = given !== null && given !== undefined ? given : __sfi_ids(args, "ready", "thread");
  return t;
}
function __sfi_isFrame(t, f) { return __sfi_isInt(f) && t.frames !== null && t.frames[f] === 1; }
function __sfi_list() { const a = []; __sfi_setProto(a, null); return a; }
function __sfi_vpns(v, site, what) {
  if (!__sfi_isArray(v)) __sfi_trap(what + " is not an array", site);
  const n = v.length; if (n > 64) __sfi_trap(what + " has " + n + " pages (at most 64)", site);
  const out = __sfi_list();
  for (let i = 0; i < n; i++) { const x = v[i]; if (!__sfi_isInt(x) || x < 0) __sfi_trap(what + "[" + i + "] = " + __sfi_str(x) + " is not a virtual page number", site); out[i] = x; }
  return __sfi_freeze(out);
}
// The check of one result against its invocation's token: a fresh, frozen, null-prototype copy
// of what the kernel will read, or a trap. Events whose results carry no capability pass as
// they are (the kernel's schema and validators still check them).
// A Number, String or Boolean object (its class's brand, as JSON tests it; no guest code runs).
const __sfi_valueOfs = [Number.prototype.valueOf, String.prototype.valueOf, Boolean.prototype.valueOf], __sfi_apply = Reflect.apply;
function __sfi_boxed(v) {
  for (let i = 0; i < 3; i++) { try { __sfi_apply(__sfi_valueOfs[i], v, []); return true; } catch (e) { } }
  return false;
}
function __sfi_check(t, v, site) {
  const ev = t.ev;
  if (ev === "Strand.Block" || ev === "Strand.Unblock" || ev === "Strand.Checkpoint") return v;
  if (v === null || typeof v !== "object") __sfi_trap(ev + " result is " + (v === null ? "null" : typeof v) + ", not an object", site);
  // The kernel's contract is JSON: a result's fields are its own, read as JSON reads them (an
  // instance of a class whose `victim` is a getter of its prototype reads as `{}` to JSON; the
  // other placements refuse it: wire-result-inherited, and so does the check below, which
  // reads own fields only). An instance of a class with own data fields is read as JSON reads
  // it, as typed, native and server do (red team 9's sfi-class-result-refused). Refused: what
  // JSON would read as something else than its own fields: an array, a boxed primitive (JSON
  // writes its primitive), an object with a toJSON (JSON writes what it returns).
  const proto = __sfi_getProto(v);
  if (proto !== __sfi_ObjectProto && proto !== null && (__sfi_isArray(v) || __sfi_boxed(v) || "toJSON" in v)) __sfi_trap(ev + " result is not read by JSON as its own fields (the kernel reads results as JSON; an array, a boxed primitive or an object with a toJSON is not one)", site);
  if (ev === "PhysAddr.Reclaim") {
    const victim = __sfi_hasOwn(v, "victim") ? v.victim : undefined;
    if (!__sfi_isFrame(t, victim)) __sfi_trap("capability check failed: victim " + __sfi_str(victim) + " is not a frame of this event's resident set", site);
    const cr = __sfi_hasOwn(v, "clearReferenced") ? v.clearReferenced : undefined;
    if (cr === undefined) return __sfi_freeze({ __proto__: null, victim: victim });
    if (!__sfi_isArray(cr)) __sfi_trap("capability check failed: clearReferenced is not an array", site);
    const out = __sfi_list();
    const n = cr.length;
    for (let i = 0; i < n; i++) { const f = cr[i]; if (!__sfi_isFrame(t, f)) __sfi_trap("capability check failed: clearReferenced[" + i + "] = " + __sfi_str(f) + " is not a frame of this event's resident set", site); out[i] = f; }
    return __sfi_freeze({ __proto__: null, victim: victim, clearReferenced: __sfi_freeze(out) });
  }
  if (ev === "Strand.Resume") {
    const th = __sfi_hasOwn(v, "thread") ? v.thread : undefined;
    if (!__sfi_isInt(th) || t.threads === null || t.threads[th] !== 1) __sfi_trap("capability check failed: thread " + __sfi_str(th) + " is not one of this event's ready threads", site);
    return __sfi_freeze({ __proto__: null, thread: th });
  }
  if (ev === "Translation.PageNotPresent" || ev === "Disk.IOComplete") {
    const pf = __sfi_hasOwn(v, "prefetch") ? v.prefetch : undefined;
    return pf === undefined ? __sfi_freeze({ __proto__: null }) : __sfi_freeze({ __proto__: null, prefetch: __sfi_vpns(pf, site, "prefetch") });
  }
  if (ev === "Translation.BadAddress" || ev === "Translation.ProtectionFault") {
    const a = __sfi_hasOwn(v, "action") ? v.action : undefined;
    if (a !== "terminate" && a !== "skip") __sfi_trap("action " + __sfi_str(a) + " is neither \"terminate\" nor \"skip\"", site);
    return __sfi_freeze({ __proto__: null, action: a });
  }
  return v;
}
// At a return written in place: check now, to name the return's position. A promise is left
// to __sfi_leave, which checks what it settles to.
function __sfi_retAt(t, v, site) {
  if (v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function") return v;
  const c = __sfi_check(t, v, site);
  t.checked = c;
  return c;
}
function __sfi_ret(v, site) { const t = __sfi_cur; return t === null ? v : __sfi_retAt(t, v, site); }
function __sfi_tok() { return __sfi_cur; }
function __sfi_reta(t, v, site) { return t === null || t === undefined ? v : __sfi_retAt(t, v, site); }
const __sfi_log = __sfi_api.kernel.log;
// Called, never called by the engine as a method of the guest's value (a coercion, a toJSON, a
// then, an iterator's next): the prelude's log's receiver rule (prelude.js), for this kernel.
const __sfi_kernel = __sfi_freeze({ __proto__: null, log: function log(message) {
  if (this !== undefined && this !== null && this !== __sfi_kernel) __sfi_trap("kernel.log called by the engine as a method of another value (a toString, valueOf, Symbol.toPrimitive, toJSON, then or next), not by a call: call it as kernel.log(message)", -1);
  if (typeof message !== "string") __sfi_trap("kernel.log: argument 0 is " + typeof message + ", not a string", -1);
  return __sfi_log(message);
} });
// ---- the result guard (always): the prelude calls __sfi_enter before every handler it
// dispatches and __sfi_leave on every result, returned or settled, right before encoding it.
// However a handler was registered or written (async, generator, factory-made, a getter on the
// definition...), its result is checked here, the one place results leave the guest.
// A trap is sticky for the invocation it happened in: raised while the handler ran (until it
// returned), it is raised again here even if a `finally { return … }` swallowed it.
function __sfi_enter(ev, args, given) {
  __sfi_fuel = __sfi_FUEL; __sfi_trapped = null; __sfi_catFree = 262144;
  __sfi_cur = __sfi_snap(ev, args, __SFI_CAPABILITY__, given);
  return __sfi_cur;
}
function __sfi_leave(t, v) {
  if (t === null || typeof t !== "object") return v;
  if (t.trap !== null) throw t.trap;
//#if capability
  if (v === t.checked && v !== null) return v;
  return __sfi_check(t, v, t.site);
//#else
  return v;
//#endif
}
// Reports go to the fuel sink guardResults returns (no host call per handler) where the host counts fuel.
// __sfi_spent is the wrapper's report read from outside: what the host asks for (the prelude's
// flushFuel) when an uncatchable interrupt stopped a handler before its `finally` could report,
// and after the jobs ran (an async handler's continuations spend the counter after its report).
function __sfi_spent() { return __sfi_fuel < 0 ? __sfi_FUEL : __sfi_FUEL - __sfi_fuel; }
// A throw statement's value and site (extensions/sfi/passes/throws.ts): a value QuickJS writes no
// backtrace for (not an error) is placed at the throw that threw it last, as a synthetic frame.
let __sfi_thrownV, __sfi_thrownAt = -1;
const __sfi_same = Object.is;
function __sfi_throw(v, site) { __sfi_thrownV = v; __sfi_thrownAt = site; return v; }
// A trap's error is placed at its check's site, however it was raised again.
// Whether v is a trap's error (the prelude makes its fault an SFI check's only then, whatever v's name says).
function __sfi_isTrap(v) { return __sfi_trapAt.has(v); } function __sfi_thrownSite(v) { const t = __sfi_trapAt.get(v); return t !== undefined ? t : __sfi_thrownAt >= 0 && __sfi_same(v, __sfi_thrownV) ? "    at throw (" + __SFI_JS_FILE__ + ":" + (__SFI_SITE_LINE_BASE__ + __sfi_thrownAt) + ":1)\n" : undefined; }
const __sfi_guard = __sfi_api.default.guardResults(__sfi_enter, __sfi_leave, __sfi_spent, __sfi_thrownSite, __sfi_isTrap, __sfi_kernel.log), __sfi_sink = __sfi_guard.fuel, __sfi_caught = __sfi_guard.caught, __sfi_report = __sfi_fuelReport === null ? null : typeof __sfi_sink === "function" ? __sfi_sink : __sfi_fuelReport;
// ---- handler wrapper: the kernel the handler sees, the fuel it used, the site a check names
function __sfi_wrap(fn, site) {
  if (typeof fn !== "function") return fn;
  const w = function (args) {
    const t = __sfi_cur; if (t !== null) t.site = site;
    try { return fn(args, __SFI_KERNEL__); }
    // Once the handler has returned, no invocation is current: code that runs later (an async
    // continuation, of this invocation or another) is checked where its result settles. The
    // report is __sfi_spent's expression, inline: no extra call on every handler's way out.
    finally { __sfi_cur = null; if (__sfi_report !== null) __sfi_report(__sfi_fuel < 0 ? __sfi_FUEL : __sfi_FUEL - __sfi_fuel); }
  };
  __sfi_defProp(w, "name", { value: fn.name });
  return w;
}
// Every property of the definition is read once: a getter cannot show this copy one thing and
// the prelude another (not that it matters for safety any more: the guard checks every result).
function __sfi_spec(s, site) {
  if (typeof s === "function") return __sfi_wrap(s, site);
  if (__sfi_isArray(s)) { const n = s.length, out = []; for (let i = 0; i < n; i++) __sfi_defProp(out, i, { value: __sfi_spec(s[i], site), enumerable: true, writable: true, configurable: true }); return out; }
  if (s !== null && typeof s === "object") {
    const h = s.handler, name = s.name, options = s.options, guard = s.guard;
    if (typeof h !== "function") return { handler: h };
    const out = { handler: __sfi_wrap(h, site), name: typeof name === "string" ? name : h.name };
    if (options !== undefined) out.options = options;
    if (guard !== undefined) out.guard = guard;
    return out;
  }
  return s;
}
function __sfi_define(def, site) {
  if (def === null || typeof def !== "object") return __sfi_api.defineExtension(def);
  const handlers = def.handlers, name = def.name;
  if (handlers === null || typeof handlers !== "object") return __sfi_api.defineExtension({ handlers: handlers, name: name });
  const hs = {};
  const ks = __sfi_keys(handlers);
  for (let i = 0; i < ks.length; i++) __sfi_defProp(hs, ks[i], { value: __sfi_spec(handlers[ks[i]], site), enumerable: true, writable: true, configurable: true });
  const out = { handlers: hs };
  if (name !== undefined) out.name = name;
  return __sfi_api.defineExtension(out);
}
//#if control
// The table of host functions an indirect call may reach: every builtin reachable from the
// global object in two steps (and prototypes), except the code-generating constructors, which
// are then made unreachable through `.constructor` (SES-style taming).
{
  const bad = [Function, __sfi_getProto(async function () {}).constructor, __sfi_getProto(function* () {}).constructor, __sfi_getProto(async function* () {}).constructor];
  const isBad = (f) => { for (let i = 0; i < bad.length; i++) if (bad[i] === f) return true; return false; };
  const seen = new Set();
  const visit = (o, depth) => {
    if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) return;
    seen.add(o);
    if (typeof o === "function" && !isBad(o)) __sfi_natives.add(o);
    if (depth === 0) return;
    const ns = __sfi_names(o);
    for (let i = 0; i < ns.length; i++) {
      const d = __sfi_desc(o, ns[i]);
      if (d === undefined) continue;
      if ("value" in d) visit(d.value, ns[i] === "prototype" ? depth : depth - 1);
      else { if (typeof d.get === "function") __sfi_natives.add(d.get); if (typeof d.set === "function") __sfi_natives.add(d.set); }
    }
  };
  visit(globalThis, 3);
  for (let i = 0; i < bad.length; i++) { __sfi_defProp(bad[i].prototype, "constructor", { value: undefined, writable: false, configurable: false }); }
  // Prototypes out of reach: SFI mode does not trust types, so the verifier's type-based
  // no-reflective-object-api misses `const O: any = Object; O.getPrototypeOf([])`. The legacy
  // accessor API and the `__proto__` accessor are removed, and the functions that hand out
  // prototypes or install accessors trap. (The runtime and the prelude captured theirs first.)
  const legacy = ["__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"];
  for (let i = 0; i < legacy.length; i++) delete Object.prototype[legacy[i]];
  const reflective = ["getPrototypeOf", "setPrototypeOf", "getOwnPropertyDescriptor", "getOwnPropertyDescriptors", "defineProperty", "defineProperties"];
  const tame = (o, what) => { for (let i = 0; i < reflective.length; i++) { const n = reflective[i]; if (typeof o[n] !== "function") continue; const msg = what + "." + n + " is not available in SFI mode (it reaches prototypes or installs accessors)"; __sfi_defProp(o, n, { value: function () { __sfi_trap(msg, -1); }, writable: false, configurable: false }); } };
  tame(Object, "Object"); tame(Reflect, "Reflect");
  // The prelude froze every other member of both and left these configurable for the taming.
  __sfi_freeze(Object); __sfi_freeze(Reflect);
}
// A class field as the transpiler defines it (`Object.defineProperty(this, "f", { ..., value })`,
// extensions/sfi/rewrite.ts classFields): a data property of the instance or the class, with
// the field's value, defined by the runtime's own defineProperty.
function __sfi_field(o, k, d) { return __sfi_defProp(o, k, { value: d.value, writable: true, enumerable: true, configurable: true }); }
//#endif
