/**
 * The SFI runtime: JavaScript prepended to the rewritten extension module (so it runs first, in
 * the extension's own QuickJS realm, before any extension code). Every name it declares starts
 * with `__sfi`, a prefix the rewriter refuses in extension source, so the extension cannot
 * reach, shadow or replace it. It captures the primordials it uses before the extension runs.
 *
 * What the inserted checks call:
 *   __sfi_heap                         the extension's data segment (Int32Array, pass heap)
 *   __sfi_hoob(i, site, store)         trap: heap index out of bounds ("check" variant)
 *   __sfi_define(def)                  wraps every handler (fuel reset, snapshot, result check)
 *   __sfi_ret(v, site)                 capability check of a handler's result (pass capability)
 *   __sfi_kernel                       kernel calls with checked arguments (pass capability)
 *   __sfi_key(k, site)                 guarded computed key (pass control)
 *   __sfi_ic(f, site)                  checked indirect call through the function table
 *   __sfi_fn(f)                        enters an extension function into the table
 *   __sfi_nofuel(site)                 trap: fuel exhausted (pass fuel; `__sfi_fuel` is the counter)
 *   __sfi_rt()                         at the start of every catch: re-raise a pending trap
 *
 * A trap throws an Error named `SfiFault` (the sandbox classifies it as an `sfi` fault) whose
 * stack is one synthetic frame `<file>.js:<SITE_LINE_BASE + site>:1`; the mode's position
 * mapper turns that line back into the site's TypeScript position. Traps are sticky: a pending
 * trap is re-raised by every catch clause and by the handler wrapper, so `try/catch/finally`
 * in the extension cannot swallow one.
 */
import type { SfiOptions } from "./options.js";

/** Synthetic stack lines at or above this denote SFI check sites, not lines of the JS. */
export const SITE_LINE_BASE = 10_000_000;

export interface RuntimeConfig {
  readonly options: SfiOptions;
  /** `pager.ts:12:7` for each check site, by site number. */
  readonly sites: readonly string[];
  /** File name of the module in guest stacks (`pager.js`). */
  readonly jsFile: string;
}

/** The runtime source; it never contains a newline inside a statement the mapper cares about. */
export function runtimeSource(cfg: RuntimeConfig): string {
  const o = cfg.options;
  const p = o.passes;
  const lines = [
    `import * as __sfi_api from "spin-kernel/extension";`,
    `const __sfi_E = Error, __sfi_str = String, __sfi_isArray = Array.isArray, __sfi_isInt = Number.isInteger, __sfi_freeze = Object.freeze;`,
    `const __sfi_getProto = Object.getPrototypeOf, __sfi_names = Object.getOwnPropertyNames, __sfi_desc = Object.getOwnPropertyDescriptor, __sfi_defProp = Object.defineProperty, __sfi_keys = Object.keys;`,
    `const __sfi_sites = ${JSON.stringify(cfg.sites)};`,
    `const __sfi_FUEL = ${o.fuel}, __sfi_HEAP = ${o.heapSize};`,
    `let __sfi_fuel = __sfi_FUEL, __sfi_trapped = null, __sfi_k, __sfi_i, __sfi_cur = null, __sfi_checked = null;`,
    `function __sfi_trap(msg, site) {`,
    `  const at = site >= 0 && site < __sfi_sites.length ? " at " + __sfi_sites[site] : "";`,
    `  const e = new __sfi_E("sfi: " + msg + at);`,
    `  __sfi_defProp(e, "name", { value: "SfiFault", configurable: true });`,
    `  __sfi_defProp(e, "stack", { value: "    at sfi (" + ${JSON.stringify(cfg.jsFile)} + ":" + (${SITE_LINE_BASE} + (site >= 0 ? site : 0)) + ":1)\\n", configurable: true });`,
    `  __sfi_trapped = e;`,
    `  throw e;`,
    `}`,
    `function __sfi_rt() { if (__sfi_trapped !== null) throw __sfi_trapped; }`,
    // ---- pass heap
    `const __sfi_heap = new Int32Array(__sfi_HEAP);`,
    `function __sfi_hoob(i, site, store) { __sfi_trap("heap " + (store ? "store" : "load") + " out of bounds (index " + __sfi_str(i) + ", heap " + __sfi_HEAP + ")", site); }`,
    // ---- pass fuel
    `function __sfi_nofuel(site) { __sfi_fuel = -1; __sfi_trap("fuel exhausted (" + __sfi_FUEL + " units of loop back-edges and function entries)", site); }`,
    `const __sfi_fuelReport = typeof __sfi_api.kernel.sfiFuel === "function" ? __sfi_api.kernel.sfiFuel : null;`,
    // ---- pass control
    `const __sfi_bad = { __proto__: null, constructor: 1, prototype: 1, caller: 1, callee: 1, arguments: 1, __defineGetter__: 1, __defineSetter__: 1, __lookupGetter__: 1, __lookupSetter__: 1, eval: 1 };`,
    `__sfi_defProp(__sfi_bad, "__proto__", { value: 1, enumerable: true });`,
    `function __sfi_key(k, site) {`,
    `  const t = typeof k;`,
    `  if (t === "number" || t === "symbol") return k;`,
    `  const s = t === "string" ? k : __sfi_str(k);`,
    `  if (__sfi_bad[s] === 1) __sfi_trap("computed access to dangerous property " + JSON.stringify(s), site);`,
    `  return s;`,
    `}`,
    `const __sfi_own = new WeakSet(), __sfi_natives = new WeakSet();`,
    `__sfi_own.has = __sfi_own.has; __sfi_own.add = __sfi_own.add; __sfi_natives.has = __sfi_natives.has; __sfi_natives.add = __sfi_natives.add;`,
    `function __sfi_fn(f, n) { __sfi_own.add(f); if (n !== undefined) __sfi_defProp(f, "name", { value: n, configurable: true }); return f; }`,
    `function __sfi_ic(f, site, optional) {`,
    `  if (typeof f === "function" && (__sfi_own.has(f) || __sfi_natives.has(f))) return f;`,
    `  if (optional === 1 && (f === undefined || f === null)) return f;`,
    `  __sfi_trap("indirect call to " + (typeof f === "function" ? "a function outside the extension's function table" : "a " + typeof f + ", not a function"), site);`,
    `}`,
    // ---- pass capability
    `const __sfi_frames = [], __sfi_threads = [];`,
    `let __sfi_nframes = 0, __sfi_nthreads = 0;`,
    `function __sfi_isFrame(f) { if (!__sfi_isInt(f)) return false; for (let i = 0; i < __sfi_nframes; i++) if (__sfi_frames[i] === f) return true; return false; }`,
    `function __sfi_vpns(v, site, what) {`,
    `  if (v === undefined) return undefined;`,
    `  if (!__sfi_isArray(v)) __sfi_trap(what + " is not an array", site);`,
    `  const n = v.length; if (n > 64) __sfi_trap(what + " has " + n + " pages (at most 64)", site);`,
    `  const out = [];`,
    `  for (let i = 0; i < n; i++) { const x = v[i]; if (!__sfi_isInt(x) || x < 0) __sfi_trap(what + "[" + i + "] = " + __sfi_str(x) + " is not a virtual page number", site); out[i] = x; }`,
    `  return out;`,
    `}`,
    `function __sfi_check(ev, v, site) {`,
    `  if (ev === "Strand.Block" || ev === "Strand.Unblock" || ev === "Strand.Checkpoint") return v;`,
    `  if (v === null || typeof v !== "object") __sfi_trap(ev + " result is " + (v === null ? "null" : typeof v) + ", not an object", site);`,
    `  if (ev === "PhysAddr.Reclaim") {`,
    `    const victim = v.victim;`,
    `    if (!__sfi_isFrame(victim)) __sfi_trap("capability check failed: victim " + __sfi_str(victim) + " is not a frame of this event's resident set", site);`,
    `    const cr = v.clearReferenced;`,
    `    if (cr === undefined) return { victim: victim };`,
    `    if (!__sfi_isArray(cr)) __sfi_trap("capability check failed: clearReferenced is not an array", site);`,
    `    const out = [];`,
    `    for (let i = 0; i < cr.length; i++) { const f = cr[i]; if (!__sfi_isFrame(f)) __sfi_trap("capability check failed: clearReferenced[" + i + "] = " + __sfi_str(f) + " is not a frame of this event's resident set", site); out[i] = f; }`,
    `    return { victim: victim, clearReferenced: out };`,
    `  }`,
    `  if (ev === "Strand.Resume") {`,
    `    const t = v.thread;`,
    `    let ok = false;`,
    `    if (__sfi_isInt(t)) for (let i = 0; i < __sfi_nthreads; i++) if (__sfi_threads[i] === t) { ok = true; break; }`,
    `    if (!ok) __sfi_trap("capability check failed: thread " + __sfi_str(t) + " is not one of this event's ready threads", site);`,
    `    return { thread: t };`,
    `  }`,
    `  if (ev === "Translation.PageNotPresent" || ev === "Disk.IOComplete") {`,
    `    const pf = __sfi_vpns(v.prefetch, site, "prefetch");`,
    `    return pf === undefined ? {} : { prefetch: pf };`,
    `  }`,
    `  if (ev === "Translation.BadAddress" || ev === "Translation.ProtectionFault") {`,
    `    const a = v.action;`,
    `    if (a !== "terminate" && a !== "skip") __sfi_trap("action " + __sfi_str(a) + " is neither \\"terminate\\" nor \\"skip\\"", site);`,
    `    return { action: a };`,
    `  }`,
    `  return v;`,
    `}`,
    `function __sfi_ret(v, site) {`,
    `  if (__sfi_cur === null) return v;`,
    `  if (v !== null && typeof v === "object" && typeof v.then === "function") return v;`,
    `  const c = __sfi_check(__sfi_cur, v, site);`,
    `  __sfi_checked = c;`,
    `  return c;`,
    `}`,
    `const __sfi_log = __sfi_api.kernel.log;`,
    `const __sfi_kernel = __sfi_freeze({ __proto__: null, log: function log(message) {`,
    `  if (typeof message !== "string") __sfi_trap("kernel.log: argument 0 is " + typeof message + ", not a string", -1);`,
    `  return __sfi_log(message);`,
    `} });`,
    // ---- handler wrapper (always)
    `function __sfi_wrap(ev, fn, site) {`,
    `  if (typeof fn !== "function") return fn;`,
    `  const w = function (args) {`,
    `    __sfi_fuel = __sfi_FUEL; __sfi_trapped = null; __sfi_checked = null;`,
    p.capability
      ? `    __sfi_cur = ev; __sfi_nframes = 0; __sfi_nthreads = 0;
    if (ev === "PhysAddr.Reclaim" && args !== null && typeof args === "object" && __sfi_isArray(args.resident)) { const r = args.resident; for (let i = 0; i < r.length; i++) __sfi_frames[i] = r[i].frame; __sfi_nframes = r.length; }
    else if (ev === "Strand.Resume" && args !== null && typeof args === "object" && __sfi_isArray(args.ready)) { const r = args.ready; for (let i = 0; i < r.length; i++) __sfi_threads[i] = r[i].thread; __sfi_nthreads = r.length; }`
      : ``,
    `    let r;`,
    `    try { r = fn(args, ${p.capability ? "__sfi_kernel" : "__sfi_api.kernel"}); }`,
    `    finally { if (__sfi_fuelReport !== null) __sfi_fuelReport(__sfi_fuel < 0 ? __sfi_FUEL : __sfi_FUEL - __sfi_fuel); }`,
    `    if (__sfi_trapped !== null) throw __sfi_trapped;`,
    p.capability ? `    if (r !== __sfi_checked || r === null) r = __sfi_ret(r, site);` : ``,
    p.capability ? `    __sfi_cur = null;` : ``,
    `    return r;`,
    `  };`,
    `  __sfi_defProp(w, "name", { value: fn.name });`,
    `  return w;`,
    `}`,
    `function __sfi_spec(ev, s, site) {`,
    `  if (typeof s === "function") return __sfi_wrap(ev, s, site);`,
    `  if (__sfi_isArray(s)) { const out = []; for (let i = 0; i < s.length; i++) out[i] = __sfi_spec(ev, s[i], site); return out; }`,
    `  if (s !== null && typeof s === "object" && typeof s.handler === "function") {`,
    `    const out = { handler: __sfi_wrap(ev, s.handler, site), name: typeof s.name === "string" ? s.name : s.handler.name };`,
    `    if (s.options !== undefined) out.options = s.options;`,
    `    if (s.guard !== undefined) out.guard = s.guard;`,
    `    return out;`,
    `  }`,
    `  return s;`,
    `}`,
    `function __sfi_define(def, site) {`,
    `  if (def === null || typeof def !== "object" || def.handlers === null || typeof def.handlers !== "object") return __sfi_api.defineExtension(def);`,
    `  const hs = {};`,
    `  const ks = __sfi_keys(def.handlers);`,
    `  for (let i = 0; i < ks.length; i++) hs[ks[i]] = __sfi_spec(ks[i], def.handlers[ks[i]], site);`,
    `  const out = { handlers: hs };`,
    `  if (def.name !== undefined) out.name = def.name;`,
    `  return __sfi_api.defineExtension(out);`,
    `}`,
  ];
  if (p.control) {
    // The table of host functions an indirect call may reach: every builtin reachable from the
    // global object in two steps (and prototypes), except the code-generating constructors, which
    // are then made unreachable through `.constructor` (SES-style taming).
    lines.push(
      `{`,
      `  const bad = [Function, __sfi_getProto(async function () {}).constructor, __sfi_getProto(function* () {}).constructor, __sfi_getProto(async function* () {}).constructor];`,
      `  const isBad = (f) => { for (let i = 0; i < bad.length; i++) if (bad[i] === f) return true; return false; };`,
      `  const seen = new Set();`,
      `  const visit = (o, depth) => {`,
      `    if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) return;`,
      `    seen.add(o);`,
      `    if (typeof o === "function" && !isBad(o)) __sfi_natives.add(o);`,
      `    if (depth === 0) return;`,
      `    const ns = __sfi_names(o);`,
      `    for (let i = 0; i < ns.length; i++) {`,
      `      const d = __sfi_desc(o, ns[i]);`,
      `      if (d === undefined) continue;`,
      `      if ("value" in d) visit(d.value, ns[i] === "prototype" ? depth : depth - 1);`,
      `      else { if (typeof d.get === "function") __sfi_natives.add(d.get); if (typeof d.set === "function") __sfi_natives.add(d.set); }`,
      `    }`,
      `  };`,
      `  visit(globalThis, 3);`,
      `  for (let i = 0; i < bad.length; i++) { __sfi_defProp(bad[i].prototype, "constructor", { value: undefined, writable: false, configurable: false }); }`,
      `}`,
    );
  }
  return lines.filter((l) => l !== "").join("\n") + "\n";
}
