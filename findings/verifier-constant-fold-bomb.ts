/**
 * EXERCISE: verifier-constant-fold-bomb
 * Class: load-time toolchain
 * Tries: 43 lines of constants, `const k1 = k0 + k0; ... const k40 = k39 + k39;`, and one
 *   top-level object with the computed key `[k40]`. no-top-level-side-effects folds a computed
 *   key to a constant (LoadTimeCheck.constantKey) by following each `const` to its initializer
 *   with no memo, so `k{i} + k{i}` visits k{i-1} twice: 2^40 visits, each asking the checker for
 *   a symbol. Measured with the verifier alone (checkExtension): n = 18 takes 6.6 s, 20 takes
 *   15.6 s, 22 takes 32 s, 24 takes 93 s.
 * Defence: the type check's time limit (the verifier runs in the check process): refused as
 *   "typecheck-timeout: type check exceeded 10000 ms: ... a type-level bomb ...; simplify the
 *   types" at 1:1, which names neither the rule nor the line and asks to simplify types the file
 *   does not have; a smaller n (18) is accepted after seconds of CPU on every load.
 * Expected: rejected: type-check time limit
 *
 * Variant: strings instead of numbers, `const k1 = `${k0}${k0}...`` (1,200 substitutions of a
 *   1,000-character k0, and k2 likewise of k1) makes constantKey build a string past V8's
 *   limit: "typecheck-engine-limit: ... (RangeError: Invalid string length); its types build values
 *   too large for the compiler: simplify them" at 1:1, in 7 s.
 * NOW (red team 13, 2026-12-02): `spin check` exit 3 after 15.7 s wall, the message above, in
 * every placement. In findings/ because each cell costs the full 10 s limit. Fix: memoise
 * constantKey per declaration (or bound its visits, refusing with the rule's own message at the
 * key's position).
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
const table = { [k40]: 1 };

export default defineExtension({
  handlers: {
    "PhysAddr.Reclaim": (args) => {
      const first = args.resident[table[1] === undefined ? 0 : 1];
      if (first === undefined) throw new Error("no resident page");
      return { victim: first.frame };
    },
  },
});
