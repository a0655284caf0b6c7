/**
 * SFI mode and the load-time checks, rule by rule. SFI mode does not trust the type checker:
 * TypeScript errors are reported as warnings. Each verifier rule is either
 *  - `runtime`: enforced by a rewriter pass instead, so its diagnostics become warnings;
 *  - `type-trust`: only there to keep the type system sound (so that opaque capability types
 *    cannot be forged); SFI mode checks capabilities at run time instead (capability pass), so
 *    its diagnostics become warnings;
 *  - `kept`: still refuses the extension at load time, because the rewriter does not enforce it
 *    (it is syntactic and cheap to keep, or it is what lets the rewriter find the handlers).
 * A rule not listed here (added later) is kept: unknown means refuse, and a test fails until the rule is
 * classified here and in docs/SFI.md's table.
 */
export type RuleTreatment = { readonly kind: "runtime" | "type-trust" | "kept"; readonly why: string };

export const SFI_RULES: Readonly<Record<string, RuleTreatment>> = {
  "no-computed-member": {
    kind: "runtime",
    why: "control pass: every computed key goes through __sfi_key, which traps on dangerous names at run time",
  },
  "no-explicit-any": { kind: "type-trust", why: "capability pass checks results at the point of use" },
  "no-unsafe-any": { kind: "type-trust", why: "capability pass checks results at the point of use" },
  "no-type-assertion": {
    kind: "type-trust",
    why: "a forged Frame/Thread is refused by the capability pass at the return",
  },
  "no-non-null-assertion": {
    kind: "type-trust",
    why: "a wrong assertion is an ordinary guest exception; capabilities are checked at run time",
  },
  "no-ts-directive": { kind: "type-trust", why: "type errors are warnings in SFI mode anyway" },
  "no-type-predicate": {
    kind: "type-trust",
    why: "a lying predicate only misleads the type checker, which SFI mode does not trust",
  },
  "no-declare": {
    kind: "type-trust",
    why: "ambient declarations only fool the type checker; at run time an undeclared name is a ReferenceError",
  },
  "no-arguments": {
    kind: "kept",
    why: "an arguments object's Symbol.iterator is QuickJS's own Array.prototype.values (kept in the context), not the prelude's charged one: an array given it spreads in C uncharged (red team 18)",
  },
  "no-eval": { kind: "kept", why: "syntactic; the prelude also deletes globalThis.eval" },
  "no-function-constructor": {
    kind: "kept",
    why: "syntactic (names Function, .constructor, .caller); the control pass covers the computed forms",
  },
  "no-proto": { kind: "kept", why: "syntactic for .__proto__; computed forms are trapped by the control pass" },
  "no-prototype": { kind: "kept", why: "syntactic for .prototype; computed forms are trapped by the control pass" },
  "no-global-object": {
    kind: "kept",
    why: "globalThis would let the extension reach and replace the SFI runtime's globals",
  },
  "no-reflect": {
    kind: "kept",
    why: "Reflect.get/construct reach constructors without a computed member the rewriter sees",
  },
  "no-reflective-object-api": {
    kind: "kept",
    why: "getOwnPropertyDescriptor/getPrototypeOf reach constructors without a computed member",
  },
  "no-proxy": { kind: "kept", why: "a Proxy runs code on every property read, including the capability check's" },
  "no-builtin-mutation": { kind: "kept", why: "replacing builtins would change what the runtime's checks call" },
  "no-with": { kind: "kept", why: "the rewriter resolves names lexically (heap, kernel, own functions)" },
  "no-dynamic-import": { kind: "kept", why: "loads code the rewriter never saw" },
  "no-foreign-import": {
    kind: "kept",
    why: "the API and spin-kernel/sfi are the only modules; the latter is allowed in SFI mode",
  },
  "no-require": { kind: "kept", why: "host module loading" },
  "no-symbol-registry": { kind: "kept", why: "syntactic and cheap" },
  "no-debugger": { kind: "kept", why: "syntactic and cheap" },
  "no-unicode-escape": { kind: "kept", why: "the rewriter resolves names by their text" },
  "no-nonlinear-regexp": {
    kind: "kept",
    why: "syntactic; one extension loads alike in every placement (QuickJS polls the budget while it backtracks)",
  },
  "no-bigint": {
    kind: "kept",
    why: "a BigInt literal parses whatever the globals are, and its operators compute unmetered in C; the prelude removes every other way to make a BigInt",
  },
  "no-capability-widening": {
    kind: "kept",
    why: "it finds capability slots by type, which SFI mode does not trust, so it refuses more than it must; kept because refusing costs nothing, and the capability pass would catch the forged handle at the return anyway",
  },
  "no-overload": {
    kind: "kept",
    why: "syntactic (a signature without a body) and free; an overload only misleads the type checker, and the capability pass checks what the body really returns",
  },
  "no-undeclared-write": {
    kind: "kept",
    why: "besides capabilities, Object.assign into an existing value can replace a builtin's member, which no-builtin-mutation keeps out in SFI mode too",
  },
  "no-top-level-side-effects": {
    kind: "kept",
    why: "the rewriter finds the handlers in 'export default defineExtension({...})'",
  },
};

export function ruleTreatment(code: string): RuleTreatment {
  return SFI_RULES[code] ?? { kind: "kept", why: "not classified for SFI mode: refused as in typed mode" };
}
