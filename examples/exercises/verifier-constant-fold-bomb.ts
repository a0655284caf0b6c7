/**
 * EXERCISE: verifier-constant-fold-bomb
 * Class: checker denial of service
 * Tries: hold the verifier with constants it folds. 41 lines, `const k0 = 1; const k1 = k0 + k0;
 *   ... const k40 = k39 + k39;`, and a top-level object with the computed key `[k40]`:
 *   no-top-level-side-effects folds a computed key to a constant (to tell a string or number
 *   from a symbol such as Symbol.toPrimitive) by following each `const` to its initializer, and
 *   with no memo `k{i} + k{i}` visited k{i-1} twice: 2^40 visits. Then the string variant, 41
 *   lines of `const s{i} = s{i-1} + s{i-1};` from "ab" and the key `[s40]`: even folded once
 *   per const, the key is a string of 2^41 characters, past V8's string limit. (The same chain
 *   written with template literals, `${s0}${s0}`, is slow in TypeScript itself, which folds
 *   templates over constants: plain tsc takes 5 s at 18 lines, 21 s at 22; the type check's time
 *   limit stops it, as it stops type-bomb.)
 * Defence: the verifier. no-top-level-side-effects folds each `const` once (a memo per
 *   declaration: the number chain folds in 41 steps, to 2^40, a constant key) and folds strings
 *   only up to 1,000 characters: `[s40]` is refused at the key, "the verifier folds constant keys
 *   of at most 1000 characters; this one is longer". `spin check` of this file takes 1.7 s wall
 *   (`time node bin/spin.js check`), most of it start-up and the type check; the finding's file
 *   (the number chain alone) is accepted in 2.5 s.
 * Expected: rejected: verifier (no-top-level-side-effects)
 *
 * Found by red team 13 (findings/verifier-constant-fold-bomb.ts): the number chain alone ended
 * as "typecheck-timeout: type check exceeded 10000 ms: ... a type-level bomb ...; simplify the
 * types" at 1:1 (the verifier runs in the check process, under the type check's time limit),
 * naming neither the rule nor the line, after 16 s wall (`time node bin/spin.js check`); with
 * 18 doublings it was accepted after 6.6 s of CPU on every load. The string variant (1,200
 * substitutions of a 1,000-character string) ended as "typecheck-engine-limit: ...
 * (RangeError: Invalid string length)" at 1:1. Fixed (helper verif13): the memo and the bound.
 */
import { defineExtension } from "spin-kernel/extension";

const k0 = 1;
const k1 = k0 + k0;
const k2 = k1 + k1;
const k3 = k2 + k2;
const k4 = k3 + k3;
const k5 = k4 + k4;
const k6 = k5 + k5;
const k7 = k6 + k6;
const k8 = k7 + k7;
const k9 = k8 + k8;
const k10 = k9 + k9;
const k11 = k10 + k10;
const k12 = k11 + k11;
const k13 = k12 + k12;
const k14 = k13 + k13;
const k15 = k14 + k14;
const k16 = k15 + k15;
const k17 = k16 + k16;
const k18 = k17 + k17;
const k19 = k18 + k18;
const k20 = k19 + k19;
const k21 = k20 + k20;
const k22 = k21 + k21;
const k23 = k22 + k22;
const k24 = k23 + k23;
const k25 = k24 + k24;
const k26 = k25 + k25;
const k27 = k26 + k26;
const k28 = k27 + k27;
const k29 = k28 + k28;
const k30 = k29 + k29;
const k31 = k30 + k30;
const k32 = k31 + k31;
const k33 = k32 + k32;
const k34 = k33 + k33;
const k35 = k34 + k34;
const k36 = k35 + k35;
const k37 = k36 + k36;
const k38 = k37 + k37;
const k39 = k38 + k38;
const k40 = k39 + k39;
const s0 = "ab";
const s1 = s0 + s0;
const s2 = s1 + s1;
const s3 = s2 + s2;
const s4 = s3 + s3;
const s5 = s4 + s4;
const s6 = s5 + s5;
const s7 = s6 + s6;
const s8 = s7 + s7;
const s9 = s8 + s8;
const s10 = s9 + s9;
const s11 = s10 + s10;
const s12 = s11 + s11;
const s13 = s12 + s12;
const s14 = s13 + s13;
const s15 = s14 + s14;
const s16 = s15 + s15;
const s17 = s16 + s16;
const s18 = s17 + s17;
const s19 = s18 + s18;
const s20 = s19 + s19;
const s21 = s20 + s20;
const s22 = s21 + s21;
const s23 = s22 + s22;
const s24 = s23 + s23;
const s25 = s24 + s24;
const s26 = s25 + s25;
const s27 = s26 + s26;
const s28 = s27 + s27;
const s29 = s28 + s28;
const s30 = s29 + s29;
const s31 = s30 + s30;
const s32 = s31 + s31;
const s33 = s32 + s32;
const s34 = s33 + s33;
const s35 = s34 + s34;
const s36 = s35 + s35;
const s37 = s36 + s36;
const s38 = s37 + s37;
const s39 = s38 + s38;
const s40 = s39 + s39;
const table = { [k40]: 1, [s40]: 2 };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[table[1] === undefined ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
